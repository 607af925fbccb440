"""A cheap phone: a way to sign on the first screen and in reach while reading, in every
language, and no public page wider than a 320 px screen."""

import pytest
from django.conf import settings

from awaz.news.demo_loader import load_demo_posts
from awaz.petitions.demo_loader import load_demo_petitions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = [code for code, _ in settings.LANGUAGES]
PHONE = {"width": 360, "height": 740}
PETITION = "/{lang}/petitions/stop-dna-collection/"
PUBLIC_PAGES = [
    "/{lang}/",
    "/{lang}/petitions/",
    PETITION,
    "/{lang}/petitions/stop-dna-collection/thanks/",
    "/{lang}/news/",
    "/{lang}/news/uyghur-workers-and-students-moved-to-distant-provinces/",
    "/{lang}/news/tags/surveillance/",
    "/{lang}/search/?q=DNA",
    "/{lang}/organizations/tengritagh-voices/",
    "/{lang}/petitions/end-forced-labour-transfers/",  # closed, with its result
]
# A comment that is hard to fit: a long name and an unbroken address.
LONG_COMMENT = "My cousin disappeared in 2017. https://example.org/a-very-long-address-without-any-place-to-break-it-apart"


def _with_a_closed_petition_and_a_public_comment():
    from django.utils import timezone

    from awaz.petitions.models import Petition
    from tests.factories import make_pending_signature

    Petition.objects.filter(slug="end-forced-labour-transfers").update(status=Petition.Status.CLOSED, closed_at=timezone.now())
    petition = Petition.objects.get(slug="stop-dna-collection")
    make_pending_signature(petition, email="comment@example.org", name="Abdurehim Abdulla Muhemmet Turdi", comment=LONG_COMMENT,
                           confirmed_at=timezone.now(), show_publicly=True, comment_shown=True,
                           comment_approved_at=timezone.now())


def _box(page, selector: str) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not displayed"
    return box


def _within_first_screen(box: dict) -> bool:
    return box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"] and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_shows_title_count_summary_and_a_way_to_sign_on_the_first_screen(live_server, browser, artifacts, language):
    load_demo_petitions()
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + PETITION.format(lang=language))
    for selector in ("h1", ".petition-header .count-sentence", ".petition-header .lede"):
        assert _box(page, selector)["y"] < PHONE["height"] - 80, f"{selector} is below the first screen"
    sign = _box(page, ".sign-bar a")
    assert _within_first_screen(sign)
    page.screenshot(path=str(artifacts / f"phone-{language}.png"))

    # Half-way through the text the way to sign is still on the screen.
    page.mouse.wheel(0, 1400)
    page.wait_for_timeout(200)
    assert _within_first_screen(_box(page, ".sign-bar a"))
    page.screenshot(path=str(artifacts / f"phone-{language}-reading.png"))
    context.close()


@pytest.mark.parametrize("language", ["en", "ar", "ug"])
def test_the_sign_bar_takes_a_reader_without_javascript_to_the_form(live_server, browser, artifacts, language):
    load_demo_petitions()
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + PETITION.format(lang=language))
    page.locator(".sign-bar a").click()
    page.wait_for_timeout(200)
    assert page.url.endswith("#sign")
    assert _within_first_screen(_box(page, "#id_name"))
    page.screenshot(path=str(artifacts / f"phone-{language}-form.png"))
    context.close()


def test_the_language_chooser_works_without_javascript(live_server, browser, artifacts):
    load_demo_petitions()
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + PETITION.format(lang="en"))
    assert _box(page, ".site-header")["height"] < 100
    assert not page.locator(".language-switcher button[value=fr]").is_visible()
    page.locator(".language-chooser summary").click()
    page.screenshot(path=str(artifacts / "phone-language-chooser.png"))
    page.locator(".language-switcher button[value=ug]").click()
    page.wait_for_url("**/ug/petitions/stop-dna-collection/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_public_page_is_wider_than_a_320_px_screen(live_server, browser, artifacts, language):
    load_demo_petitions()
    load_demo_posts()
    _with_a_closed_petition_and_a_public_comment()
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    too_wide = {}
    for path in PUBLIC_PAGES:
        page.goto(live_server.url + path.format(lang=language))
        if path == PETITION:
            assert page.locator(".comment-list li").count() == 1  # the comments are on the page measured
        if "end-forced" in path:
            assert page.locator("#sign, .sign-bar").count() == 0  # closed: its result, no form
            page.screenshot(path=str(artifacts / f"phone-320-{language}-closed.png"))
        if path == PETITION:
            page.locator(".comment-list").scroll_into_view_if_needed()
            page.screenshot(path=str(artifacts / f"phone-320-{language}-comments.png"))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[path] = width
            page.screenshot(path=str(artifacts / f"overflow-{language}-{len(too_wide)}.png"), full_page=True)
    context.close()
    assert too_wide == {}
