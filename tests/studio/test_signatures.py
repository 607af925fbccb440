"""Exports, the look-up by exact email and the fraud desk, in the studio."""

import csv
import io

import pytest
from django.urls import reverse

from awaz.studio.models import AuditEntry
from tests.factories import make_member, make_petition, make_signature

pytestmark = pytest.mark.django_db


def test_the_export_streams_a_csv_with_country_names_in_the_chosen_language(studio_client, organization, owner):
    petition = make_petition(organization=organization)
    make_signature(petition, email="a@example.org", name="Signer", wants_updates=True, country="DE")
    make_signature(petition, email="b@example.org", name="Signer", country="JP", wants_updates=False)
    response = studio_client.post(reverse("studio:export", args=[organization.slug, petition.pk]), {"language": "fr"})
    assert response.status_code == 200 and response.streaming
    assert response["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][2] == "country"
    assert sorted(r[2] for r in rows[1:]) == ["Allemagne", "Japon"]
    entry = AuditEntry.objects.get(action="exported")
    assert (entry.actor, entry.petition, entry.rows, entry.detail) == (owner.user, petition, 2, "fr")


def test_the_export_page_itself_exports_nothing(studio_client, organization):
    petition = make_petition(organization=organization)
    page = studio_client.get(reverse("studio:export", args=[organization.slug, petition.pk]))
    assert page.status_code == 200
    assert not AuditEntry.objects.filter(action="exported").exists()


def test_a_moderator_finds_a_signature_by_its_exact_address_and_the_search_is_audited(client, organization):
    moderator = make_member(organization, role="moderator")
    petition = make_petition(organization=organization)
    other_org_petition = make_petition()
    make_signature(petition, email="Amina.Tursun@example.org", name="Signer", wants_updates=True)
    make_signature(other_org_petition, email="amina.tursun@example.org", name="Signer", wants_updates=True)
    client.force_login(moderator.user)
    url = reverse("studio:lookup", args=[organization.slug])

    response = client.post(url, {"email": "amina.tursun@example.org"})
    assert response.status_code == 200
    assert [row["petition"] for row in response.context["rows"]] == [petition]
    assert "1 signature matches." in response.content.decode()
    entry = AuditEntry.objects.get(action="looked_up")
    assert entry.rows == 1 and "amina" not in entry.detail.lower()

    assert client.post(url, {"email": "amina@example.org"}).context["rows"] == []
    assert "0 signatures match." in client.post(url, {"email": "nobody@example.org"}).content.decode()


def test_an_editor_cannot_look_up_signers(client, organization):
    editor = make_member(organization, role="editor")
    client.force_login(editor.user)
    assert client.post(reverse("studio:lookup", args=[organization.slug]), {"email": "a@example.org"}).status_code == 403


def test_the_fraud_desk_hides_empty_rows_uses_local_time_and_plurals(client, organization):
    organization.time_zone = "Europe/Istanbul"
    organization.save()
    moderator = make_member(organization, role="moderator")
    petition = make_petition(organization=organization)
    make_signature(petition, email="one@example.org", name="Signer", wants_updates=True)
    client.force_login(moderator.user)

    page = client.get(reverse("studio:fraud", args=[organization.slug, petition.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "1 new signature: 1 confirmed, 0 unconfirmed." in text
    assert "signatures: 1 confirmed" not in text
    assert len(page.context["buckets"]) == 1
    assert "Europe/Istanbul" in text
    assert page.context["buckets"][0]["start"].utcoffset().total_seconds() == 3 * 3600
