"""The public API behind the nginx configuration of deploy/nginx/: the proxy keeps what the API
allows it to keep, and answers a conditional request itself."""

import json

import pytest

from tests.deploy.test_nginx import proxy  # noqa: F401  (the fixture: nginx in front of a live Awaz)
from tests.factories import make_petition

pytestmark = pytest.mark.django_db(transaction=True)


def test_nginx_caches_the_api_and_answers_its_etag_with_304(proxy):  # noqa: F811
    petition = make_petition()
    path = f"/api/v1/petitions/{petition.slug}"
    status, headers, body = proxy.request(path)
    assert status == 200 and json.loads(body)["slug"] == petition.slug
    assert headers["Access-Control-Allow-Origin"] == "*"
    status, again, _body = proxy.request(path)
    assert again["X-Cache-Status"] == "HIT"
    status, _headers, body = proxy.request(path, headers={"If-None-Match": headers["ETag"]})
    assert status == 304 and body == ""


def test_nginx_does_not_keep_api_errors(proxy):  # noqa: F811
    for _ in range(2):
        status, headers, body = proxy.request("/api/v1/petitions/none")
        assert status == 404 and json.loads(body)["status"] == 404
        assert headers["X-Cache-Status"] != "HIT"
