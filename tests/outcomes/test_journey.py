"""The campaign's whole road, as a campaigner and two signers would walk it, over real SMTP:
set a threshold in the admin, sign and confirm until it is crossed, find the targets' email,
record the delivery with a photo and a response, see the signers' email and the timeline."""

import re
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from awaz.outcomes.models import CampaignTeam, Delivery, Response, Threshold
from tests.factories import sign_form_data
from tests.signatures.test_smtp import smtp_server  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def _text(message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode()


def _messages_to(smtp, address):
    return [m for m in smtp.messages if m["To"] == address]


def _inline(prefix: str, rows: list[dict]) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "1", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def _photo() -> SimpleUploadedFile:
    out = BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Camera of a named activist"
    Image.new("RGB", (800, 600), (10, 120, 60)).save(out, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile("delivery.jpg", out.getvalue(), content_type="image/jpeg")


def _sign_and_confirm(client, petition, smtp, *, email, name, language):
    data = sign_form_data(petition, email=email, name=name, wants_updates="on")
    assert client.post(f"/{language}/petitions/{petition.slug}/sign/", data).status_code == 302
    body = _text(_messages_to(smtp, email)[-1])
    path = re.search(r"https?://[^/\s]+(/[a-z-]+/confirm/[A-Za-z0-9_-]+/)", body).group(1)
    assert client.post(path).status_code == 200


def test_the_campaign_from_threshold_to_response(client, petition, smtp_server, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    smtp = smtp_server
    admin_user = get_user_model().objects.create_superuser("campaigner", "owner@org.example", "a long password 123")
    CampaignTeam.objects.create(organization=petition.organization, reply_to="replies@org.example",
                                alert_emails="team@org.example")
    staff = client.__class__()
    staff.force_login(admin_user)

    # The campaigner adds the target and a threshold of two signatures.
    response = staff.post("/admin/outcomes/target/add/", {
        "petition": petition.pk, "original_language": "en", "email": "minister@gov.example", "language": "",
        "public_contact": "https://gov.example/contact", "position": "0",
        **_inline("translations", [{"language": "en", "name": "Jane Minister", "role": "Foreign Minister",
                                    "organization": "Government"},
                                   {"language": "fr", "name": "Jane Ministre", "role": "Ministre",
                                    "organization": "Gouvernement"}]),
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    response = staff.post("/admin/outcomes/threshold/add/", {
        "petition": petition.pk, "count": "2", "alert_team": "on", "email_targets": "on", "mark_ready": "on",
    })
    assert response.status_code == 302

    # Two people sign and confirm; the second crosses the threshold.
    visitor = client.__class__()
    _sign_and_confirm(visitor, petition, smtp, email="amina@example.org", name="Amina Tursun", language="fr")
    assert _messages_to(smtp, "minister@gov.example") == []
    _sign_and_confirm(visitor, petition, smtp, email="ilham@example.org", name="Ilham Secret", language="en")
    threshold = Threshold.objects.get(petition=petition)
    assert threshold.reached_count == 2

    [to_target] = _messages_to(smtp, "minister@gov.example")
    assert to_target["Reply-To"] == "replies@org.example"
    target_text = _text(to_target)
    assert "Jane Minister" in target_text and "Protect the data of a whole people" in target_text
    assert "2" in to_target["Subject"]
    raw = to_target.as_string()
    for secret in ("Amina", "Tursun", "Ilham", "amina@example.org", "ilham@example.org"):
        assert secret not in raw
    assert len(_messages_to(smtp, "team@org.example")) == 1

    # The delivery, with a photo whose metadata must not survive.
    response = staff.post("/admin/outcomes/delivery/add/", {
        "petition": petition.pk, "original_language": "en", "delivered_on": timezone.localdate().isoformat(),
        "photo": _photo(),
        **_inline("translations", [{"language": "en", "place": "Geneva", "recipients": "the Minister's office",
                                    "photo_alt": "Boxes of signatures at the door", "note": ""}]),
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    delivery = Delivery.objects.get(petition=petition)
    assert delivery.signature_count == 2
    assert b"Camera of a named activist" not in delivery.photo.read()

    # The minister answers; the campaigner publishes the answer.
    response = staff.post("/admin/outcomes/response/add/", {
        "petition": petition.pk, "original_language": "en", "target": delivery.petition.targets.get().pk,
        "responded_on": timezone.localdate().isoformat(), "source_url": "https://gov.example/answer",
        "publish": "on",
        **_inline("translations", [{"language": "en", "text": "We will raise the matter at the Council."},
                                   {"language": "fr", "text": "Nous soulèverons la question au Conseil."}]),
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Response.objects.get(petition=petition).announced_at is not None

    [to_amina] = [m for m in _messages_to(smtp, "amina@example.org") if "Conseil" in _text(m)]
    assert "Réponse : Jane Ministre" in _text(to_amina) and "/unsubscribe/" in to_amina["List-Unsubscribe"]
    [to_ilham] = [m for m in _messages_to(smtp, "ilham@example.org") if "Council" in _text(m)]
    assert "Response from Jane Minister" in _text(to_ilham)

    # The whole timeline on the public page.
    cache.clear()
    html = visitor.get(f"/en/petitions/{petition.slug}/").content.decode()
    for step in ("Petition opened", "2 signatures reached", "Petition delivered", "Geneva",
                 "Response from Jane Minister, Foreign Minister, Government", "We will raise the matter at the Council."):
        assert step in html, step
    assert delivery.photo.url in html and 'alt="Boxes of signatures at the door"' in html
    assert visitor.get(delivery.photo.url).status_code == 200
