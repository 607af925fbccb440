"""The streamed CSV of confirmed signatures."""

import csv
import io

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from awaz.signatures.models import Signature
from awaz.signatures.services import email_index_for
from tests.factories import make_pending_signature


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_it_streams_only_confirmed_signatures(admin_client, petition):
    confirmed, _ = make_pending_signature(petition, email="yes@example.org", name="Confirmed Person", wants_updates=True)
    make_pending_signature(petition, email="no@example.org", name="Pending Person")
    Signature.objects.filter(pk=confirmed.pk).update(confirmed_at=timezone.now())
    response = admin_client.get(reverse("admin:petitions_petition_export", args=[petition.pk]))
    assert response.status_code == 200
    assert response.streaming
    rows = _csv(response)
    assert rows[0][:3] == ["confirmed_at", "name", "country"]
    assert [row[1] for row in rows[1:]] == ["Confirmed Person"]
    assert rows[1][-1] == "yes@example.org"  # asked for updates, so the campaigner may write


def test_it_leaves_out_emails_of_signers_who_did_not_ask_for_updates(admin_client, petition):
    signature, _ = make_pending_signature(petition, email="quiet@example.org", wants_updates=False)
    Signature.objects.filter(pk=signature.pk).update(confirmed_at=timezone.now())
    rows = _csv(admin_client.get(reverse("admin:petitions_petition_export", args=[petition.pk])))
    assert "quiet@example.org" not in str(rows)


def test_it_defuses_spreadsheet_formulas(admin_client, petition):
    signature, _ = make_pending_signature(petition, email="f@example.org", name="=HYPERLINK(\"x\")")
    Signature.objects.filter(pk=signature.pk).update(confirmed_at=timezone.now())
    rows = _csv(admin_client.get(reverse("admin:petitions_petition_export", args=[petition.pk])))
    assert rows[1][1].startswith("'=")


def test_it_requires_permission(client, petition):
    User.objects.create_user("staff", password="pw-1234567", is_staff=True)
    client.login(username="staff", password="pw-1234567")
    response = client.get(reverse("admin:petitions_petition_export", args=[petition.pk]))
    assert response.status_code in (302, 403)


def test_it_finds_a_signature_by_exact_email_in_the_admin(admin_client, petition):
    make_pending_signature(petition, email="Find.Me@example.org", name="Findable")
    make_pending_signature(petition, email="other@example.org", name="Other")
    response = admin_client.get("/admin/signatures/signature/", {"q": "find.me@EXAMPLE.org"})
    page = response.content.decode()
    assert "Findable" in page and "Other" not in page
    assert Signature.objects.filter(email_index=email_index_for("find.me@example.org")).count() == 1
