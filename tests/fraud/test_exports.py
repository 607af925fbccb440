"""A petition's whole export is audited like one person's export: who, when, which petition,
how many signatures (the personal data log)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from awaz.fraud.models import DataRequest
from tests.factories import make_signature

pytestmark = pytest.mark.django_db


def test_the_admins_download_leaves_an_entry(admin_client, admin_user, petition):
    make_signature(petition)
    make_signature(petition)
    make_signature(petition, confirmed=False)

    response = admin_client.get(reverse("admin:petitions_petition_export", args=[petition.pk]))
    b"".join(response.streaming_content)

    entry = DataRequest.objects.get()
    assert (entry.action, entry.petition, entry.signatures) == (DataRequest.Action.PETITION_EXPORT, petition, 2)
    assert (entry.operator, entry.operator_name) == (admin_user, admin_user.get_username())


def test_the_command_leaves_an_entry(petition, tmp_path):
    make_signature(petition)

    call_command("export", petition.slug, str(tmp_path / "out.csv"), stdout=io.StringIO())

    entry = DataRequest.objects.get()
    assert (entry.action, entry.petition, entry.signatures, entry.operator) == ("bulk", petition, 1, None)
    assert entry.operator_name.startswith("awaz export (")


def test_a_refused_download_leaves_none(client, petition):
    make_signature(petition)

    assert client.get(reverse("admin:petitions_petition_export", args=[petition.pk])).status_code in (302, 403)
    assert not DataRequest.objects.exists()


def test_the_log_lists_it_read_only(admin_client, petition):
    make_signature(petition)
    admin_client.get(reverse("admin:petitions_petition_export", args=[petition.pk]))

    page = admin_client.get(reverse("admin:fraud_datarequest_changelist")).content.decode()

    assert "exported a petition" in page and str(petition) in page
