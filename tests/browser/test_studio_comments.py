"""The studio's comment queue in Chromium at 360 px, without JavaScript, in English, Arabic and
Uyghur: axe-core's WCAG 2.1 AA rules, no sideways scrolling, and approving a comment puts it on
the petition's page."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

from django.utils import timezone

from tests.conftest import studio_cookies
from tests.factories import make_member, make_organization, make_pending_signature, make_petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}
COMMENTS = {"en": "My grandmother was taken for a blood sample", "ar": "أُخذت جدتي لأخذ عينة دم",
            "ug": "مومام قان ئەۋرىشكىسى ئېلىش ئۈچۈن ئېلىپ كېتىلدى"}


@pytest.mark.parametrize("language", ["en", "ar", "ug"])
def test_a_moderator_approves_a_comment_on_a_phone_without_javascript(live_server, browser, artifacts, language):
    organization = make_organization(name="Uyghur Voices", slug="uyghur-voices")
    petition = make_petition(organization=organization)
    make_pending_signature(petition, email="a@example.org", name="Amina", comment=COMMENTS[language],
                           confirmed_at=timezone.now(), show_publicly=True, comment_shown=True)
    make_pending_signature(petition, email="b@example.org", name="Nur", comment="Second comment",
                           confirmed_at=timezone.now(), show_publicly=True, comment_shown=True)
    moderator = make_member(organization, role="moderator")
    cookies = studio_cookies(moderator.user, live_server.url, language)  # password + code passed
    queue = f"{live_server.url}/{settings.STUDIO_URL}/uyghur-voices/comments/"

    # axe-core needs JavaScript to look at the page; the moderator below does without.
    checked = browser.new_context(viewport={"width": 360, "height": 740})
    checked.add_cookies(cookies)
    page = checked.new_page()
    page.goto(queue)
    assert page.url == queue, "the moderator's session was not accepted"
    assert page.locator("html").get_attribute("dir") == ("rtl" if language in ("ar", "ug") else "ltr")
    results = Axe().run(page, options=WCAG_AA)
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts / f"studio-comments-{language}.png"), full_page=True)
    checked.close()

    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    context.add_cookies(cookies)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(queue)
    assert page.locator(".comment-item").count() == 2

    with page.expect_navigation():
        page.locator(".comment-item", has_text=COMMENTS[language]).locator("button[value=approve]").click()
    assert page.locator("[aria-labelledby=waiting-heading] .comment-item").count() == 1  # the other one still waits
    assert page.locator(".messages").is_visible()

    public = browser.new_context(viewport={"width": 360, "height": 740})
    reader = public.new_page()
    reader.goto(f"{live_server.url}/{language}/petitions/{petition.slug}/")
    assert COMMENTS[language] in reader.content()
    assert "Second comment" not in reader.content()
    public.close()
    context.close()
