from django.conf import settings
from django.urls import translate_url

from awaz.core import languages


def bcp47(code: str) -> str:
    """Django's language codes as HTML and hreflang want them (zh-hans -> zh-Hans)."""
    base, _, script = code.partition("-")
    return f"{base}-{script.title()}" if len(script) == 4 else code


def site(request):
    code = languages.current()
    path = request.path if request is not None else "/"
    alternates = [
        {"code": c, "bcp47": bcp47(c), "name": name, "url": settings.BASE_URL + translate_url(path, c)}
        for c, name in settings.LANGUAGES
    ]
    return {
        "lang": bcp47(code),
        "dir": languages.direction(code),
        "site_languages": alternates,
        "current_language": code,
        "BASE_URL": settings.BASE_URL,
        "ADMIN_URL": settings.ADMIN_URL,
    }
