"""The campaigner's journey through the studio, in Chromium, at 1280 and 360 px, in English and
Arabic: invited by email, password and authenticator app, a petition from its title, a phone
photo, French and Arabic translations, publish, the first signatures on the dashboard chart, a
test update to oneself and then to the signers, close. axe-core's WCAG 2.1 AA rules on every
studio page on the way; screenshots in test-artifacts/."""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.core.management import call_command
from PIL import ExifTags, Image

from awaz.core import totp
from awaz.news.models import PostDelivery
from awaz.petitions.models import Petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}
PASSWORD = "a long and memorable passphrase"


def _photo() -> bytes:
    image = Image.new("RGB", (1600, 1200), (180, 40, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "Field Camera 3"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef], gps[ExifTags.GPS.GPSLatitude] = "N", (43.0, 49.0, 30.5)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


class Journey:
    def __init__(self, page, base, artifacts, name):
        self.page, self.base, self.artifacts, self.name = page, base, artifacts, name
        self.violations, self.screens, self.step = {}, [], 0

    def check(self, label):
        """One screen of the journey: no horizontal scrolling, axe's AA rules, a screenshot."""
        self.step += 1
        path = self.page.url.replace(self.base, "")
        self.screens.append(path)
        results = Axe().run(self.page, options=WCAG_AA)
        found = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]]
        if found:
            self.violations[f"{label} {path}"] = found
        overflow = self.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 1:
            self.violations[f"{label} {path} (layout)"] = [f"the page scrolls sideways by {overflow}px"]
        self.page.screenshot(path=str(self.artifacts / f"studio-{self.name}-{self.step:02d}-{label}.png"), full_page=True)

    def submit(self, selector="form button.button-primary"):
        with self.page.expect_navigation():
            self.page.locator(selector).first.click()


@pytest.mark.parametrize("language, width", [("en", 1280), ("en", 360), ("ar", 1280), ("ar", 360)])
def test_the_campaigners_journey(live_server, browser, artifacts, settings, language, width):
    settings.MEDIA_ROOT = artifacts / "media"
    call_command("invite", "campaigner@example.org", "--org", "uyghur-voices", "--role", "owner",
                 "--name", "Uyghur Voices", "--language", language)
    link = re.search(r"https?://[^/\s]+(/studio/invitation/[A-Za-z0-9_-]+/)", mail.outbox[-1].body).group(1)

    context = browser.new_context(viewport={"width": width, "height": 900}, locale=language)
    context.add_cookies([{"name": "awaz_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    journey = Journey(page, live_server.url, artifacts, f"{language}-{width}")

    # 1. The invitation: a page with a button; a new password.
    page.goto(live_server.url + link)
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    journey.check("invitation")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    journey.submit()

    # 2. Log in, 3. set up the authenticator app.
    journey.check("login")
    page.fill("#id_username", "campaigner@example.org")
    page.fill("#id_password", PASSWORD)
    journey.submit()
    journey.check("enroll")
    secret = page.locator("#totp-key").inner_text().replace(" ", "")
    page.fill("#id_code", totp.code_at(secret))
    journey.submit()

    # 4. The dashboard, where a petition starts from its title.
    assert "/studio/uyghur-voices/" in page.url
    journey.check("dashboard-empty")
    page.fill("#id_title", "Free Ilham Tohti")
    page.select_option("#id_language", "en")
    journey.submit(".new-petition button")

    # 5. The editor: text with a preview, then the photo, then translations.
    petition = Petition.objects.get()
    assert petition.slug == "free-ilham-tohti"
    page.fill("#id_summary", "An economist jailed for life for speaking up.")
    page.fill("#id_body", "Ilham Tohti is a **Uyghur economist**.")
    page.fill("#id_addressees", "The United Nations")
    journey.submit("button[name=preview]")
    assert page.locator(".markdown-preview strong").inner_text() == "Uyghur economist"
    journey.check("editor-preview")
    journey.submit("form.editor .actions button.button-primary")
    page.set_input_files("#id_image", files=[{"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": _photo()}])
    page.fill("#id_description", "Ilham Tohti in front of a blackboard")
    journey.submit("#image button")
    petition.refresh_from_db()
    assert petition.image
    served = page.request.get(live_server.url + petition.image_url("1200x630")).body()
    assert b"Exif" not in served and b"Field Camera" not in served
    journey.check("editor-image")

    for code, title, body in (("fr", "Libérez Ilham Tohti", "Ilham Tohti est un **économiste ouïghour**."),
                              ("ar", "أطلقوا سراح إلهام توختي", "إلهام توختي **اقتصادي أويغوري**.")):
        with page.expect_navigation():
            page.locator(f"#translations a[href$='/translations/{code}/']").click()
        journey.check(f"translate-{code}")
        page.fill("#id_title", title)
        page.fill("#id_body", body)
        journey.submit("form.stack button.button-primary")
    statuses = {row.get_attribute("lang"): row for row in page.locator("#translations tbody th").all()}
    assert {"fr", "ar", "en"} <= set(statuses)

    # Publish: one button, then its confirmation.
    page.locator("summary[data-testid=publish]").click()
    journey.submit("button[data-testid=publish-confirm]")
    petition.refresh_from_db()
    assert petition.status == "open"

    # The first signatures, seen on the dashboard's chart.
    from tests.factories import make_signature

    make_signature(petition, email="amina@example.org", name="Signer", wants_updates=True, language="fr")
    make_signature(petition, email="nur@example.org", name="Signer", wants_updates=True, language="ar")
    page.goto(f"{live_server.url}/studio/uyghur-voices/")
    assert page.locator(".chart rect").count() >= 1
    assert page.locator(".big-number").first.inner_text().strip() in {"2", "٢"}
    journey.check("dashboard-chart")

    # An update: composed, previewed, a test to oneself, then sent to the signers.
    page.goto(f"{live_server.url}/studio/uyghur-voices/petitions/{petition.pk}/updates/")
    journey.check("updates")
    page.fill("#id_title", "We delivered the petition")
    page.fill("#id_summary", "Thank you all.")
    page.fill("#id_body", "We handed it to the UN.")
    journey.submit("form[action$='/updates/new/'] button")
    journey.check("update-preview")
    mail.outbox.clear()
    journey.submit("form[action$='/test/'] button")
    assert [m.to for m in mail.outbox] == [["campaigner@example.org"]]
    page.check("#confirmed")
    journey.submit("form[action$='/send/'] button")
    assert PostDelivery.objects.get(petition=petition).recipients == 2
    assert len(mail.outbox) == 3

    # Close the petition, from the same screen (every petition screen has the button).
    page.locator("summary[data-testid=close]").click()
    journey.submit("button[data-testid=close-confirm]")
    petition.refresh_from_db()
    assert petition.status == "closed"
    journey.check("closed")

    # The other studio pages an owner uses.
    # Eight screens, half of the admin's sixteen (docs/studio.md); both translations use one.
    screens = {re.sub(r"/translations/[^/]+/", "/translations/<language>/", re.sub(r"[?#].*", "", p)) for p in journey.screens}
    assert len(screens) <= 8, sorted(screens)
    for label, path in (("overview", f"petitions/{petition.pk}/"), ("team", "team/"), ("settings", "settings/"), ("audit", "audit/"), ("lookup", "signatures/lookup/"),
                        ("export", f"petitions/{petition.pk}/export/"), ("fraud", f"petitions/{petition.pk}/fraud/"),
                        ("translations", f"petitions/{petition.pk}/translations/")):
        page.goto(f"{live_server.url}/studio/uyghur-voices/{path}")
        journey.check(label)
    context.close()
    assert journey.violations == {}
