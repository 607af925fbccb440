"""A page of another site reads the public API with fetch() in a real Chromium: the preflight
that If-None-Match needs, the exposed headers, and never with the visitor's cookies."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.factories import make_petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class _CampaignSite(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        body = b"<!doctype html><title>A campaign's own site</title>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def campaign_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CampaignSite)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    # "localhost" and the live server's 127.0.0.1 are different origins.
    yield f"http://localhost:{server.server_address[1]}/"
    server.shutdown()


def test_another_site_reads_a_petition_and_revalidates_it(page, live_server, campaign_site):
    petition = make_petition()
    page.goto(campaign_site)
    result = page.evaluate(
        """async (url) => {
            const first = await fetch(url);
            const etag = first.headers.get("ETag");
            const body = await first.json();
            const again = await fetch(url, {headers: {"If-None-Match": etag}, cache: "no-store"});
            // With credentials, a browser refuses any answer that allows every origin: the API
            // can never be read with a visitor's cookies.
            const withCookies = await fetch(url, {credentials: "include"}).then(() => "read", () => "refused");
            return {status: first.status, slug: body.slug, etag, againStatus: again.status, withCookies};
        }""",
        f"{live_server.url}/api/v1/petitions/{petition.slug}",
    )
    assert result["status"] == 200 and result["slug"] == petition.slug
    assert result["etag"], "the ETag is exposed to the script"
    assert result["againStatus"] == 304  # through a preflight: If-None-Match is not a simple header
    assert result["withCookies"] == "refused"


def test_another_site_reads_the_problem_of_an_error(page, live_server, campaign_site):
    page.goto(campaign_site)
    result = page.evaluate(
        """async (url) => { const r = await fetch(url); return {status: r.status, body: await r.json()}; }""",
        f"{live_server.url}/api/v1/petitions?status=nope",
    )
    assert result["status"] == 400
    assert result["body"]["invalid-params"][0]["name"] == "status"
