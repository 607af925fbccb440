"""The admin's export button gives what the petition's privacy mode allows."""

from django.urls import reverse

from awaz.core.sealed_export import unseal_csv, verify
from tests.signatures.helpers import sign_and_confirm


def test_a_sealed_petition_downloads_its_sealed_file(admin_client, client, sealed_petition, org_key,
                                                    django_capture_on_commit_callbacks):
    sign_and_confirm(client, sealed_petition, django_capture_on_commit_callbacks, name="Nur Signer",
                     email="nur@example.org")
    response = admin_client.get(reverse("admin:petitions_petition_export", args=[sealed_petition.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-sealed.jsonl"')
    lines = b"".join(response.streaming_content).splitlines(keepends=True)
    assert b"Nur Signer" not in b"".join(lines) and b"nur@example.org" not in b"".join(lines)
    assert verify(lines) == 1
    assert "Nur Signer,nur@example.org" in "".join(unseal_csv(lines, org_key))


def test_a_count_only_petition_downloads_its_counts(admin_client, client, count_only_petition,
                                                     django_capture_on_commit_callbacks):
    sign_and_confirm(client, count_only_petition, django_capture_on_commit_callbacks, email="n@example.org", country="FR")
    response = admin_client.get(reverse("admin:petitions_petition_export", args=[count_only_petition.pk]))
    assert b"".join(response.streaming_content).decode("utf-8-sig").splitlines() == ["country,signatures", "FR,1"]
