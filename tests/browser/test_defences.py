"""The Defences page and the review queue in Chromium at 360 and 1280 px, in English and Arabic:
axe-core's WCAG 2.1 AA rules, no sideways scrolling, no script at all (so they work without
JavaScript), and a release done with the keyboard alone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from awaz.defences.models import Rule
from awaz.defences.services import rule_add
from awaz.signatures.counts import petition_numbers
from awaz.signatures.models import Signature
from awaz.signatures.services import SignerDetails, signature_submit
from tests.conftest import studio_cookies
from tests.factories import make_member, make_petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}


def _violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]]


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("language, width", [("en", 360), ("en", 1280), ("ar", 360)])
def test_a_moderator_releases_a_held_signature_with_the_keyboard_alone(live_server, browser, artifacts, language, width):
    petition = make_petition()
    organization = petition.organization
    member = make_member(organization, role="moderator")
    rule = rule_add(actor=member.user, kind=Rule.Kind.NETWORK, value="198.51.100.0/24",
                    effect=Rule.Effect.QUARANTINE, organization=organization, note="flood of 1 December")
    for i in range(2):
        signature_submit(petition=petition, details=SignerDetails(name="S", email=f"h{i}@example.org", country="FR"),
                         language="en", network_tag="3fa2", held_rule_id=rule.pk)
    Signature.objects.update(held_confirmed_at=Signature.objects.first().created_at)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale=language)
    context.add_cookies(studio_cookies(member.user, live_server.url, language))
    page = context.new_page()
    found = {}
    for path in (f"/studio/{organization.slug}/defences/", f"/studio/{organization.slug}/petitions/{petition.pk}/held/"):
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        assert page.locator("script").count() == 0
        found.update({path: v for v in [_violations(page)] if v})
        page.screenshot(path=str(artifacts / f"studio-{path.rstrip('/').rsplit('/', 1)[-1]}-{language}-{width}.png"),
                        full_page=True)
        if _overflow(page) > 1:
            found[path + " (layout)"] = [f"scrolls sideways by {_overflow(page)}px"]
    assert found == {}

    first = Signature.objects.order_by("pk").first()
    page.focus(f"#s-{first.pk}")
    page.keyboard.press("Space")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name === 'decision' && document.activeElement.value === 'release'"):
            break
    else:
        pytest.fail("the release button cannot be reached with the Tab key")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("[role=status]").first.is_visible()
    assert petition_numbers(petition.pk).total == 1
    assert Signature.objects.held().count() == 1
    context.close()
