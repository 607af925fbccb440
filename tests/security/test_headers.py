"""Security headers on a public page, the admin and count.json; HTTPS-only settings; no inline code."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import awaz

PUBLIC = ["/en/", "/en/petitions/", "/ar/petitions/{slug}/", "/en/petitions/{slug}/count.json", "/en/no-such-page/"]
ADMIN = ["/admin/login/", "/admin/"]


def _csp(response) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))


@pytest.mark.parametrize("url", PUBLIC)
def test_it_sends_strict_headers_on_public_pages(client, petition, url):
    response = client.get(url.format(slug=petition.slug))
    csp = _csp(response)
    assert csp["default-src"] == "'none'"
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert csp["frame-ancestors"] == "'none'" and csp["form-action"] == "'self'" and csp["base-uri"] == "'none'"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    for feature in ("camera", "microphone", "geolocation", "payment", "browsing-topics"):
        assert f"{feature}=()" in response["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response  # plain HTTP: HSTS would be ignored or harmful


@pytest.mark.parametrize("url", ADMIN)
def test_it_sends_strict_headers_in_the_admin(client, url):
    response = client.get(url)
    csp = _csp(response)
    assert csp["script-src"] == "'self'"  # the admin's styles need 'unsafe-inline', its scripts do not
    assert csp["frame-ancestors"] == "'none'"
    # Django's CSRF check on the admin's forms needs the browser to send Origin/Referer for
    # same-origin posts; nothing leaves the site.
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_it_keeps_admin_login_pages_out_of_caches(client):
    assert "no-store" in client.get("/admin/login/")["Cache-Control"]


@pytest.fixture
def https(settings):
    """The values awaz.settings derives from an https:// AWAZ_BASE_URL (checked below)."""
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = settings.LANGUAGE_COOKIE_SECURE = True


def test_it_sends_hsts_over_https(client, https, petition):
    for url in ("/en/", f"/en/petitions/{petition.slug}/count.json", "/admin/login/"):
        response = client.get(url, secure=True)
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_it_sets_only_secure_cookies_over_https(client, https):
    response = client.get("/admin/login/", secure=True)
    assert response.cookies["csrftoken"]["secure"]
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/fr/"}, secure=True)
    assert response.cookies["awaz_language"]["secure"]


def _settings_for(env: dict) -> dict:
    code = (
        "import json, awaz.settings as s; print(json.dumps({k: getattr(s, k) for k in ["
        "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE',"
        "'LANGUAGE_COOKIE_SECURE', 'SECURE_SSL_REDIRECT']}))"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWAZ_BASE_URL")}
    environment.update(env)
    result = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_it_turns_on_hsts_and_secure_cookies_for_an_https_base_url(tmp_path):
    values = _settings_for({"AWAZ_BASE_URL": "https://petitions.example.org", "AWAZ_DATA_DIR": str(tmp_path)})
    assert values == {
        "SECURE_HSTS_SECONDS": 31536000, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True, "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True, "LANGUAGE_COOKIE_SECURE": True, "SECURE_SSL_REDIRECT": True,
    }


def test_it_leaves_them_off_for_a_local_http_site(tmp_path):
    values = _settings_for({"AWAZ_BASE_URL": "http://127.0.0.1:8000", "AWAZ_DATA_DIR": str(tmp_path)})
    assert values["SECURE_HSTS_SECONDS"] == 0 and not values["SESSION_COOKIE_SECURE"]


def _template_files() -> list[Path]:
    roots = [Path(awaz.__file__).parent / "templates", *Path(awaz.__file__).parent.glob("*/templates")]
    files = [path for root in roots for path in root.rglob("*.html")]
    # Emails are not web pages: mail clients need inline styles and never run scripts.
    return [path for path in files if "emails" not in path.parts]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle\s*=", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def test_it_has_no_inline_script_or_style_in_any_template():
    offenders = []
    for path in _template_files():
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_STYLE, INLINE_HANDLER, JAVASCRIPT_URL):
            offenders += [f"{path}: {match.group(0)}" for match in pattern.finditer(text)]
    assert offenders == []
    assert len(_template_files()) > 10  # the scan did find the templates


def test_it_renders_public_pages_without_inline_code(client, petition):
    for url in ("/en/", "/en/petitions/", f"/en/petitions/{petition.slug}/", f"/en/petitions/{petition.slug}/thanks/"):
        page = client.get(url).content.decode()
        for pattern in (INLINE_SCRIPT, INLINE_STYLE, INLINE_HANDLER, JAVASCRIPT_URL):
            assert not pattern.search(page), (url, pattern.search(page).group(0))
