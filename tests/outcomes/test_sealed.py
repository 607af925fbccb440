"""Sealed petitions: the server cannot read signers' names, so a package names nobody, and
update emails reach a sealed signer through their separate update record."""

import pytest
from django.core import mail

from awaz.outcomes import services
from awaz.outcomes.models import Campaign, SignerNames
from awaz.outcomes.package import package_build, package_verify
from awaz.signatures.models import Signature
from awaz.signatures.services import SignerDetails, signature_submit
from tests.factories import make_response
from tests.factories import confirm_signature
from tests.sealed.conftest import org_key, sealed_petition  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def _sealed_signer(petition, email):
    signature_submit(petition=petition, language="fr", details=SignerDetails(
        name="Sealed Name", email=email, country="DE", show_publicly=True, wants_updates=True))
    signature = Signature.objects.get(petition=petition, sealed__isnull=False, confirmed_at__isnull=True)
    confirm_signature(signature)
    return signature


def test_a_sealed_signer_gets_the_response_and_no_package_names_them(sealed_petition, tmp_path):  # noqa: F811
    _sealed_signer(sealed_petition, "sealed@example.org")
    assert Signature.objects.get(petition=sealed_petition).name is None  # sealed once the email went
    Campaign.objects.update_or_create(petition=sealed_petition, defaults={"signer_names": SignerNames.PUBLIC})
    mail.outbox.clear()

    services.response_publish(response=make_response(sealed_petition, translations={"en": "We will act."}))
    assert [m.to for m in mail.outbox] == [["sealed@example.org"]]
    assert "We will act." in mail.outbox[0].body

    package = package_build(petition=sealed_petition, out_dir=tmp_path)
    assert package.signers_listed == 0
    csv = (package.directory / "signatures.csv").read_text(encoding="utf-8-sig")
    assert csv.splitlines()[0] == "country,signatures" and "Sealed Name" not in csv
    assert '"signers": "none"' in (package.directory / "manifest.json").read_text()
    assert package_verify(package.directory) == []
