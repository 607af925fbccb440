"""As a new signer: sign, confirm, copy the receipt, open the verify page, paste it, and see the
browser compute "included at position N of the log of size M" (Chromium, real pages)."""

import re

import pytest
from django.core import mail

from awaz.transparency.models import LogEntry
from awaz.transparency.tiles import logs_append
from tests.factories import link_from_email, make_petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_signer_checks_their_receipt_in_the_browser(live_server, page, artifacts):
    petition = make_petition(goal=None)
    # 300 earlier entries, so the proof crosses a full tile and a partial one.
    LogEntry.objects.bulk_create([
        LogEntry(petition=petition, kind="add", receipt=f"{i:032x}", hour="2026-12-01T13:00Z") for i in range(300)
    ])
    logs_append()
    page.goto(f"{live_server.url}/en/petitions/{petition.slug}/")
    page.get_by_label("Your name").fill("Amina Tursun")
    page.get_by_label("Your email address").fill("amina@example.org")
    page.get_by_label("Country", exact=True).select_option("DE")
    page.get_by_role("button", name="Sign the petition").click()
    page.goto(live_server.url + link_from_email(mail.outbox[0], "confirm"))
    page.get_by_role("button", name="Confirm my signature").click()
    receipt = page.locator(".receipt-code").inner_text()
    assert re.fullmatch(r"([0-9a-f]{4}-){7}[0-9a-f]{4}", receipt)
    assert receipt.replace("-", "") not in page.url
    page.screenshot(path=str(artifacts / "transparency-receipt-en.png"), full_page=True)

    logs_append()  # what the worker does within the minute
    page.get_by_role("link", name="Check your receipt").click()
    page.get_by_label("Your receipt").fill(receipt)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.get_by_role("button", name="Check my receipt").click()
    result = page.locator("[data-result]")
    result.filter(has_text="Included").wait_for(timeout=20000)
    assert result.inner_text().startswith("Included at position 301 of the log of size 301.")
    assert requests and all(receipt.replace("-", "") not in url and receipt not in url for url in requests)
    assert any("/tile/entries/001.p/45" in url for url in requests)
    page.screenshot(path=str(artifacts / "transparency-verify-en.png"), full_page=True)

    page.get_by_label("Your receipt").fill("f" * 32)  # in no entry
    page.get_by_role("button", name="Check my receipt").click()
    result.filter(has_text="not in the log").wait_for(timeout=20000)


def test_the_verify_page_shows_a_tampered_log(live_server, page, db):
    from awaz.transparency.models import LogTile

    petition = make_petition()
    LogEntry.objects.bulk_create([
        LogEntry(petition=petition, kind="add", receipt=f"{i:032x}", hour="2026-12-01T13:00Z") for i in range(5)
    ])
    logs_append()
    tile = LogTile.objects.get(petition=petition, level=0, number=0)
    data = bytearray(tile.data)
    data[40] ^= 1  # the hash next to entry 0's, used in its proof
    tile.data = bytes(data)
    tile.save()
    page.goto(f"{live_server.url}/en/petitions/{petition.slug}/verify/")
    page.get_by_label("Your receipt").fill("0" * 32)
    page.get_by_role("button", name="Check my receipt").click()
    page.locator("[data-result]").filter(has_text="The check failed").wait_for(timeout=20000)


def test_without_javascript_the_page_explains_the_offline_verifier(live_server, browser):
    petition = make_petition()
    logs_append()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/petitions/{petition.slug}/verify/")
    assert not page.get_by_label("Your receipt").is_visible()
    assert page.get_by_role("heading", name="Check it yourself, offline").is_visible()
    assert "awaz-verify-log.py" in page.locator("pre").inner_text()
    assert page.get_by_role("link", name="Download the verifier").get_attribute("href") == "/log/verifier.py"
    context.close()


@pytest.mark.parametrize("language", ["en", "ar", "ug-latn"])
def test_the_verify_page_and_the_receipt_meet_wcag_aa(live_server, page, language):
    from tests.browser.test_accessibility import _violations
    from tests.factories import make_pending_signature

    petition = make_petition()
    _signature, token = make_pending_signature(petition, email="amina@example.org")
    logs_append()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/{language}/petitions/{petition.slug}/verify/")
    page.locator("#receipt").fill("f" * 32)
    page.locator("form.verify-form button").click()
    page.locator("[data-result]:not(:empty)").wait_for(timeout=20000)
    found = {"verify": _violations(page)}
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling on a phone
    page.goto(f"{live_server.url}/{language}/confirm/{token}/")
    page.locator(".panel form button.button-primary").click()
    page.locator(".receipt-code").wait_for()
    found["receipt"] = _violations(page)
    assert found == {"verify": [], "receipt": []}


def test_the_verify_page_says_when_a_receipt_was_removed_and_why(live_server, page):
    petition = make_petition()
    entries = LogEntry.objects.bulk_create([
        LogEntry(petition=petition, kind="add", receipt=f"{i:032x}", hour="2026-12-01T13:00Z") for i in range(4)
    ])
    logs_append()
    LogEntry.objects.create(petition=petition, kind="remove", removes=entries[2], reason="fraud-flood")
    logs_append()
    page.goto(f"{live_server.url}/fr/petitions/{petition.slug}/verify/")
    page.locator("#receipt").fill(f"{2:032x}")
    page.locator("form.verify-form button").click()
    result = page.locator("[data-result]").filter(has_text="position 3")
    result.wait_for(timeout=20000)
    assert "supprimée pour fraude (envoi massif automatisé)" in result.inner_text()
