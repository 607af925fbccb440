"""CSV exports for CiviCRM and Action Network: their columns, consenting signers only, audited,
formula cells neutralised."""

import csv
import io

import pytest

from awaz.studio.models import AuditEntry
from tests.api.org_helpers import signer
from tests.factories import make_member, make_organization, make_petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition():
    return make_petition(organization=make_organization(slug="uyghur-voices"), slug="free-them")


def export(client, petition, fmt, role="editor"):
    client.force_login(make_member(petition.organization, role=role).user)
    return client.post(f"/studio/uyghur-voices/api/petitions/{petition.pk}/crm-export/", {"format": fmt})


def rows_of(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert not text.startswith("\ufeff")  # a byte order mark would stick to the first column's name
    return list(csv.reader(io.StringIO(text)))


def test_civicrm_gets_its_field_titles_and_only_consenting_signers(client, petition):
    signer(petition, "agreed@example.org", name="Amina Tursun")
    signer(petition, "silent@example.org", contact=False)
    signer(petition, "pending@example.org", confirmed=False)
    rows = rows_of(export(client, petition, "civicrm"))
    assert rows == [["First Name", "Last Name", "Email", "Country", "Preferred Language", "Source"],
                    ["Amina Tursun", "", "agreed@example.org", "DE", "fr", "Awaz: free-them"]]


def test_action_network_gets_its_field_names(client, petition):
    signer(petition, "agreed@example.org", name="Amina Tursun")
    rows = rows_of(export(client, petition, "actionnetwork"))
    assert rows[0] == ["email", "first_name", "last_name", "country", "language", "source"]
    assert rows[1][:2] == ["agreed@example.org", "Amina Tursun"]


def test_formula_cells_are_neutralised(client, petition):
    signer(petition, "agreed@example.org", name="=HYPERLINK(\"http://x\")")
    rows = rows_of(export(client, petition, "actionnetwork"))
    assert rows[1][1] == "'=HYPERLINK(\"http://x\")"


def test_the_export_is_audited(client, petition):
    signer(petition, "agreed@example.org")
    rows_of(export(client, petition, "civicrm"))
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORTED)
    assert (entry.rows, entry.petition, entry.detail) == (1, petition, "CRM export: civicrm")


def test_a_moderator_may_not_export(client, petition):
    assert export(client, petition, "civicrm", role="moderator").status_code == 403


def test_a_sealed_petition_has_nothing_readable_to_export(client, sealed_petition):
    from awaz.petitions.models import Organization

    Organization.objects.filter(pk=sealed_petition.organization_id).update(slug="uyghur-voices")
    signer(sealed_petition, "sealed@example.org")
    response = export(client, sealed_petition, "civicrm")
    assert response.status_code == 200 and b"sealed@example.org" not in response.content
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORTED).exists()
