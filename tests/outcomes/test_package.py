"""The delivery package: the PDF in every language (checked with pdftotext), the CSV, the
signed manifest, and who may be named in it."""

import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from awaz.outcomes import services
from awaz.outcomes.models import AuditEntry, Campaign, SignerNames
from awaz.outcomes.package import package_build, package_verify
from tests.factories import make_petition, make_target
from tests.factories import make_signature, staff_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (make test installs it)"),
]

ARABIC = "أوقفوا المراقبة الجماعية"
UYGHUR = "ئۇيغۇرلارنى قوغداڭلار"
CHINESE = "保护一个民族的数据"
JAPANESE = "ウイグルの人々を守ろう"


@pytest.fixture
def petition(db):
    petition = make_petition(translations={
        "en": {"title": "Stop the mass surveillance", "body": "Read **this**.", "addressees": "The Council"},
        "ar": {"title": ARABIC, "body": "اقرأ **هذا**."},
        "ug": {"title": UYGHUR, "body": "بۇنى **ئوقۇڭ**."},
        "zh-hans": {"title": CHINESE, "body": "请阅读。"},
        "ja": {"title": JAPANESE, "body": "読んでください。"},
    })
    make_target(petition, translations={"en": {"name": "Jane Minister", "role": "Foreign Minister"}})
    for i in range(6):
        make_signature(petition, email=f"de{i}@example.org", country="DE", name=f"Visible Person {i}")
    make_signature(petition, email="tr@example.org", country="TR", name="Hidden Person")
    from awaz.signatures.models import Signature

    Signature.objects.filter(petition=petition, country="DE").update(show_publicly=True)
    return petition


def _pdf_text(directory) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(directory / "petition.pdf"), "-"],
                          capture_output=True, check=True, text=True).stdout


def test_the_pdf_has_every_language_in_logical_order(petition, tmp_path):
    package = package_build(petition=petition, out_dir=tmp_path)
    text = _pdf_text(package.directory)
    assert "Stop the mass surveillance" in text
    assert ARABIC in text and UYGHUR in text and CHINESE in text and JAPANESE in text
    fonts = subprocess.run(["pdffonts", str(package.directory / "petition.pdf")], capture_output=True, check=True,
                           text=True).stdout
    assert "Arabic" in fonts and "WenQuanYi" in fonts  # shaped with real fonts, not boxes
    assert "Jane Minister" in text
    assert "Germany" in text and "Other countries" in text  # TR has 1 signature: grouped
    assert "Visible Person" not in text  # counts only, by default
    assert "Petition opened" in text  # the timeline


def test_the_pdf_says_how_many_were_removed_as_fraudulent_and_why(petition, tmp_path):
    from awaz.fraud.criteria import Criteria
    from awaz.fraud.services import signatures_invalidate

    make_signature(petition, email="bot1@flood.example", country="FR", network="3fff")
    make_signature(petition, email="bot2@flood.example", country="FR", network="3fff")
    signatures_invalidate(petition=petition, criteria=Criteria(network_hash="3fff"), reason="flood",
                          operator=staff_user())
    text = _pdf_text(package_build(petition=petition, out_dir=tmp_path).directory)
    assert "2 signatures were removed as fraudulent" in text and "automated flood: 2" in text


def test_the_manifest_verifies_and_fails_after_one_byte_changes(petition, tmp_path):
    package = package_build(petition=petition, out_dir=tmp_path)
    assert package_verify(package.directory) == []
    call_command("delivery-verify", str(package.directory))
    csv = package.directory / "signatures.csv"
    data = bytearray(csv.read_bytes())
    data[-2] ^= 0x01
    csv.write_bytes(bytes(data))
    assert package_verify(package.directory) == ["signatures.csv: SHA-256 differs from the manifest"]
    with pytest.raises(CommandError):
        call_command("delivery-verify", str(package.directory))


def test_a_forged_manifest_fails_and_a_foreign_key_is_refused(petition, tmp_path):
    package = package_build(petition=petition, out_dir=tmp_path)
    manifest = package.directory / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"signature_count": 7', '"signature_count": 70000'))
    assert "the manifest's signature does not verify" in package_verify(package.directory)
    other = package_build(petition=make_petition(), out_dir=tmp_path)
    assert package_verify(other.directory, public_key="A" * 43 + "=")


def test_names_only_of_signers_who_chose_to_be_shown(petition, tmp_path):
    Campaign.objects.update_or_create(petition=petition, defaults={"signer_names": SignerNames.PUBLIC})
    package = package_build(petition=petition, out_dir=tmp_path)
    csv = (package.directory / "signatures.csv").read_text(encoding="utf-8-sig")
    assert csv.splitlines()[0] == "name,country,confirmed_on"
    assert csv.count("Visible Person") == 6 and "Hidden Person" not in csv
    text = _pdf_text(package.directory)
    assert "Visible Person 0" in text and "Hidden Person" not in text
    assert package.signers_listed == 6


def test_an_owner_may_list_every_signer_with_a_reason(petition, tmp_path):
    campaigner = staff_user()
    with pytest.raises(services.OutcomeError):
        services.package_names_override(petition=petition, operator=campaigner, reason="The court asked")
    owner = staff_user(username="owner")
    owner.is_superuser = True
    owner.save()
    with pytest.raises(services.OutcomeError):
        services.package_names_override(petition=petition, operator=owner, reason=" ")
    services.package_names_override(petition=petition, operator=owner, reason="The parliament requires every name")
    package = package_build(petition=petition, out_dir=tmp_path)
    csv = (package.directory / "signatures.csv").read_text(encoding="utf-8-sig")
    assert "Hidden Person" in csv and package.signers_listed == 7
    entry = AuditEntry.objects.get(petition=petition, action="all_signers")
    assert entry.detail == "The parliament requires every name" and entry.operator_name == "owner"
    assert AuditEntry.objects.filter(petition=petition, action="package").count() == 1


def test_the_command_writes_a_package(petition, tmp_path, capsys):
    call_command("delivery", petition.slug, "--out", str(tmp_path))
    directory = capsys.readouterr().out.strip()
    assert package_verify(directory) == []
    with pytest.raises(CommandError):
        call_command("delivery", "no-such-petition", "--out", str(tmp_path))


def test_the_admin_action_downloads_the_package_and_the_override_needs_an_owner(petition, client, settings, tmp_path):
    import io
    import zipfile

    from django.contrib.auth import get_user_model

    settings.DATA_DIR = tmp_path
    campaign = services.campaign_for(petition.pk)
    owner = get_user_model().objects.create_superuser("owner", "owner@org.example", "a long password 123")
    client.force_login(owner)
    url = "/admin/outcomes/campaign/"
    response = client.post(url, {"action": "delivery_package", "_selected_action": [campaign.pk]})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(name.split("/")[1] for name in archive.namelist()) == [
        "manifest.json", "manifest.sig", "petition.pdf", "signatures.csv"]

    page = client.post(url, {"action": "include_all_signers", "_selected_action": [campaign.pk]})
    assert "Reason" in page.content.decode()
    client.post(url, {"action": "include_all_signers", "_selected_action": [campaign.pk], "confirmed": "yes",
                      "reason": "Required by the parliament's rules"})
    campaign.refresh_from_db()
    assert campaign.includes_all_signers and campaign.all_signers_by == "owner"


def test_an_organizations_owner_may_list_every_signer_but_not_an_editor(petition):
    from awaz.studio.models import Membership

    editor, owner = staff_user(username="editor"), staff_user(username="org-owner")
    Membership.objects.create(organization=petition.organization, user=editor, role="editor")
    Membership.objects.create(organization=petition.organization, user=owner, role="owner")
    with pytest.raises(services.OutcomeError):
        services.package_names_override(petition=petition, operator=editor, reason="Because")
    services.package_names_override(petition=petition, operator=owner, reason="The committee requires names")
    assert Campaign.objects.get(petition=petition).all_signers_by == "org-owner"


def test_the_pdf_shows_delivery_photos_and_local_images_and_fetches_nothing_else(petition, tmp_path, settings,
                                                                                 monkeypatch):
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image

    from awaz.outcomes.models import Delivery, DeliveryTranslation
    from awaz.petitions.models import PetitionTranslation

    settings.MEDIA_ROOT = tmp_path / "media"
    out = BytesIO()
    Image.new("RGB", (400, 300), (200, 10, 10)).save(out, format="JPEG")
    delivery = Delivery(petition=petition, delivered_on=petition.created_at.date())
    delivery.photo.save("photo.jpg", ContentFile(out.getvalue()), save=True)
    DeliveryTranslation.objects.create(delivery=delivery, language="en", place="Geneva", recipients="the Council")
    services.delivery_recorded(delivery=delivery)
    PetitionTranslation.objects.filter(petition=petition, language="en").update(
        body=f"![local]({delivery.photo.url}) ![pixel](https://tracker.example/p.gif)")
    fetched = []
    import urllib.request

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", lambda *a, **k: fetched.append(a) or 1 / 0)
    package = package_build(petition=petition, out_dir=tmp_path / "out")
    images = subprocess.run(["pdfimages", "-list", str(package.directory / "petition.pdf")], capture_output=True,
                            check=True, text=True).stdout.splitlines()[2:]
    assert len(images) == 2  # the photo in the text and in the timeline; no tracking pixel
    assert fetched == []
