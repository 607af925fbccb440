"""The widget loads framed by a site the petition lists, is refused by any other, and takes a
signature inside the frame without a single cookie."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from awaz.petitions.demo_loader import load_demo_petitions
from awaz.petitions.models import Petition
from awaz.signatures.models import Signature

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class _Host:
    """Another website, on its own origin, whose page frames the widget."""

    def __init__(self, frame_url: str, frame_size: str = 'width="600" height="900"'):
        body = (f'<!doctype html><meta name="viewport" content="width=device-width, initial-scale=1">'
                f'<title>Campaign site</title><h1>Our campaign</h1><iframe src="{frame_url}" {frame_size}></iframe>').encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hosts(live_server):
    load_demo_petitions()
    embed_url = f"{live_server.url}/en/petitions/stop-dna-collection/embed/"
    allowed, other = _Host(embed_url), _Host(embed_url)
    Petition.objects.filter(slug="stop-dna-collection").update(embed_origins=f"{allowed.origin}\nhttps://campaign.example")
    yield allowed, other
    allowed.close()
    other.close()


def _widget(page):
    frames = [f for f in page.frames if "/embed/" in f.url or "/thanks/" in f.url or "/sign/" in f.url]
    return frames[0] if frames else None


def test_the_widget_loads_framed_by_an_allowed_site_and_signs_without_cookies(hosts, browser, artifacts):
    allowed, _other = hosts
    context = browser.new_context()
    page = context.new_page()
    page.goto(allowed.origin + "/")
    frame = page.frame_locator("iframe")
    frame.locator("h1").wait_for()
    assert "DNA" in frame.locator("h1").inner_text()
    frame.locator("#id_name").fill("Embedded Signer")
    frame.locator("#id_email").fill("embedded.signer@example.org")
    frame.locator("#id_country").select_option("DE")
    frame.locator("form.sign-form button[type=submit]").click()
    frame.locator("h1:has-text('Check your email')").wait_for()
    page.screenshot(path=str(artifacts / "embed-signed.png"))
    assert Signature.objects.filter(petition__slug="stop-dna-collection").count() == 1
    assert context.cookies() == []  # nothing first- or third-party was needed
    context.close()


def test_the_widget_is_refused_by_a_site_the_petition_does_not_list(hosts, browser):
    _allowed, other = hosts
    context = browser.new_context()
    page = context.new_page()
    responses = []
    page.on("response", lambda r: responses.append(r) if "/embed/" in r.url else None)
    page.goto(other.origin + "/")
    page.wait_for_timeout(1000)
    assert responses and "frame-ancestors" in responses[0].headers["content-security-policy"]
    assert other.origin not in responses[0].headers["content-security-policy"]
    frame = _widget(page)
    assert frame is None or frame.locator("h1").count() == 0
    context.close()


def test_a_petition_that_lists_no_site_cannot_be_framed(live_server, client):
    load_demo_petitions()
    response = client.get("/en/petitions/end-forced-labour-transfers/embed/")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    page = client.get("/en/petitions/stop-dna-collection/")
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_a_rate_limited_signature_is_explained_inside_the_frame_in_arabic(hosts, live_server, browser, artifacts,
                                                                       settings):
    """Before, the 429 page forbade framing and the browser showed its own error in the frame."""
    settings.RATE_NETWORK_PER_MINUTE = 1
    # Framed as the studio's snippet frames it (awaz.petitions.embed.snippet): the page's width.
    arabic = _Host(f"{live_server.url}/ar/petitions/stop-dna-collection/embed/",
                   'width="100%" height="700" style="border:0"')
    Petition.objects.filter(slug="stop-dna-collection").update(embed_origins=arabic.origin)
    try:
        context = browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        for email in ("first.signer@example.org", "second.signer@example.org"):
            page.goto(arabic.origin + "/")
            frame = page.frame_locator("iframe")
            frame.locator("#id_name").fill("Dilnur")
            frame.locator("#id_email").fill(email)
            frame.locator("#id_country").select_option("DE")
            frame.locator("form.sign-form button[type=submit]").click()
            frame.locator("main h1").last.wait_for()
        frame.locator(".panel[role=alert] h1").wait_for()
        assert frame.locator("html").get_attribute("dir") == "rtl"
        back = frame.locator(".panel a")
        assert back.get_attribute("href").endswith("/ar/petitions/stop-dna-collection/embed/")
        page.screenshot(path=str(artifacts / "embed-rate-limited-ar-360.png"))
        back.click()  # back to the form, still inside the frame
        frame.locator("form.sign-form").wait_for()
        assert Signature.objects.filter(petition__slug="stop-dna-collection").count() == 1
        context.close()
    finally:
        arabic.close()
