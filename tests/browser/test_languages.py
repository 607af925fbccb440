"""Every language renders in Chromium: right lang and dir, no English interface text left."""

import re

import pytest
from django.conf import settings
from django.core import mail

from awaz.core.catalogs import PACKAGE_DIR, msgids, po_path
from awaz.petitions.demo_loader import load_demo_petitions
from tests.factories import link_from_email

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RTL = {"ar", "ug"}
LOCALE_OF = {"zh-hans": "zh_Hans", "ug-latn": "ug_Latn"}
# Words that are the same in every language on our pages.
UNTRANSLATED_ON_PURPOSE = {"Awaz", "X", "Facebook", "WhatsApp", "Telegram", "English"}


def _english_phrases(language: str) -> set[str]:
    """Interface strings of two words or more, as English readers see them."""
    locale = LOCALE_OF.get(language, language)
    phrases = set()
    for msgid in msgids(po_path(PACKAGE_DIR / "locale", locale), locale):
        text = re.sub(r"<[^>]+>|%\(\w+\)s", " ", msgid)
        text = " ".join(text.split())
        if len(text.split()) >= 2 and len(text) >= 8:
            phrases.add(text)
    return phrases


def _interface_text(page) -> str:
    # The language switcher names every language in its own language, English included.
    return page.evaluate(
        """() => { const clone = document.body.cloneNode(true);
                   clone.querySelectorAll('.language-switcher').forEach(e => e.remove());
                   return clone.innerText; }"""
    )


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
def test_it_renders_the_petition_page_in_every_language(live_server, browser, artifacts, language):
    load_demo_petitions()
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/petitions/stop-dna-collection/")
    html = page.locator("html")
    expected_lang = {"zh-hans": "zh-Hans", "ug-latn": "ug-Latn"}.get(language, language)
    assert html.get_attribute("lang") == expected_lang
    assert html.get_attribute("dir") == ("rtl" if language in RTL else "ltr")
    if language != "en":
        text = _interface_text(page)
        leftovers = sorted(p for p in _english_phrases(language) if p in text)
        assert leftovers == [], f"English interface text on the {language} page: {leftovers}"
    page.screenshot(path=str(artifacts / f"petition-{language}.png"), full_page=True)
    context.close()


def test_an_arabic_speaker_signs_and_confirms_in_arabic(live_server, browser, artifacts):
    load_demo_petitions()
    context = browser.new_context(locale="ar", extra_http_headers={"Accept-Language": "ar"})
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/ar/")
    page.goto(f"{live_server.url}/ar/petitions/stop-dna-collection/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("#id_name").fill("أمينة")
    page.locator("#id_email").fill("amina.ar@example.org")
    page.locator("#id_country").select_option("JO")
    page.locator("form.sign-form button[type=submit]").click()
    page.wait_for_url("**/ar/petitions/stop-dna-collection/thanks/")

    message = mail.outbox[-1]
    html_part = message.alternatives[0][0]
    assert 'lang="ar"' in html_part and 'dir="rtl"' in html_part
    assert not re.search(r"[A-Za-z]{4,} [A-Za-z]{4,} [A-Za-z]{4,}", message.subject), message.subject
    page.goto(live_server.url + link_from_email(message, "confirm"))
    assert page.locator("html").get_attribute("lang") == "ar"
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() != ""
    page.screenshot(path=str(artifacts / "confirmed-ar.png"), full_page=True)
    page.wait_for_timeout(1100)  # pages and counts are cached for one second
    page.goto(f"{live_server.url}/ar/petitions/stop-dna-collection/")
    # One signer: Arabic writes "one person" as words, with no digit before it.
    assert "شخص واحد" in page.locator(".count-sentence").inner_text()
    context.close()


def test_a_uyghur_reader_switches_between_the_two_scripts(live_server, page):
    load_demo_petitions()
    page.goto(f"{live_server.url}/ug/petitions/stop-dna-collection/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    arabic_title = page.locator("h1").inner_text()
    page.locator(".language-chooser summary").click()
    page.locator(".language-switcher button[value=ug-latn]").click()
    page.wait_for_url("**/ug-latn/petitions/stop-dna-collection/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    latin_title = page.locator("h1").inner_text()
    assert re.search(r"[a-zA-Z]", latin_title) and not re.search(r"[\u0600-\u06FF]", latin_title)
    assert latin_title != arabic_title
    page.locator(".language-chooser summary").click()
    page.locator(".language-switcher button[value=ug]").click()
    page.wait_for_url("**/ug/petitions/stop-dna-collection/")
    assert page.locator("h1").inner_text() == arabic_title
