from django.conf import settings
from django.urls import translate_url

from awaz.core import languages, switches
from awaz.core.onion import base_url


def bcp47(code: str) -> str:
    """Django's language codes as HTML and hreflang want them (zh-hans -> zh-Hans)."""
    base, _, script = code.partition("-")
    return f"{base}-{script.title()}" if len(script) == 4 else code


def site(request):
    code = languages.current()
    path = request.path if request is not None else "/"
    base = base_url()  # the onion address for visitors who came through it
    alternates = [
        {"code": c, "bcp47": bcp47(c), "name": name, "url": base + translate_url(path, c)}
        for c, name in settings.LANGUAGES
    ]
    return {
        "lang": bcp47(code),
        "dir": languages.direction(code),
        "site_languages": alternates,
        "current_language": code,
        "BASE_URL": base,
        "ADMIN_URL": settings.ADMIN_URL,
        # The operators' incident banner, on every page built on base.html (awaz.core.switches).
        "site_banner": site_banner(),
    }


def site_banner():
    """The incident banner's switches if a banner is on, else None (the express lane's confirmed
    page keys its prepared pages on it: awaz.signatures.confirmed_page)."""
    try:
        state = switches.site_switches()
    except Exception:  # noqa: BLE001 - error pages (the database gone, a 404 before it) must render anyway
        return None
    return state if state.banner else None
