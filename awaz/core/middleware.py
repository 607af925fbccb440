"""Response headers that keep every page free of third parties and out of frames."""

from django.conf import settings

PUBLIC_CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "manifest-src 'self'",
    ]
)
# Django's admin sets a few style attributes of its own.
ADMIN_CSP = PUBLIC_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone",
        "payment", "usb", "interest-cohort", "browsing-topics",
    )
)


def public_response_headers() -> list[tuple[str, str]]:
    """The headers every public response carries, for the one answer made outside Django's
    middleware (the signing express lane). tests/signatures/test_express.py compares them
    with what the middleware stack sends."""
    headers = [
        ("Content-Security-Policy", PUBLIC_CSP),
        ("Referrer-Policy", "no-referrer"),
        ("Permissions-Policy", PERMISSIONS_POLICY),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", settings.X_FRAME_OPTIONS),
    ]
    if settings.SECURE_HSTS_SECONDS:
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        hsts += "; includeSubDomains" if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS else ""
        hsts += "; preload" if settings.SECURE_HSTS_PRELOAD else ""
        headers.append(("Strict-Transport-Security", hsts))
    return headers


def security_headers(get_response):
    admin_prefix = f"/{settings.ADMIN_URL}/"
    studio_prefix = f"/{settings.STUDIO_URL}/"

    def middleware(request):
        response = get_response(request)
        in_admin = request.path.startswith(admin_prefix)
        response.headers.setdefault("Content-Security-Policy", ADMIN_CSP if in_admin else PUBLIC_CSP)
        # The admin and the studio are used by logged-in staff and rely on Django's CSRF check,
        # which needs a same-origin Referer/Origin; no referrer ever leaves the site either way.
        logged_in_area = in_admin or request.path.startswith(studio_prefix)
        response.headers["Referrer-Policy"] = "same-origin" if logged_in_area else "no-referrer"
        response.headers["Permissions-Policy"] = PERMISSIONS_POLICY
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        return response

    return middleware
