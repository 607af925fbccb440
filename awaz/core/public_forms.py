"""Protection for the anonymous public forms (sign, confirm, withdraw, change language).

Django's CSRF protection ties a form to a cookie, which would make every petition page unique
to its visitor and so impossible to cache when a petition goes viral; and under the
`Referrer-Policy: no-referrer` that protects signers, browsers send `Origin: null` on same-origin
posts, which Django's check refuses. These forms carry no session or authority, so they are
protected instead by the browser's own statement of where a request comes from
(`Sec-Fetch-Site`, `Origin`), plus a signed, time-limited form token on the signing form that
a bot must fetch the page to obtain.
"""

from functools import wraps

from django.core import signing
from django.http import HttpRequest
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

FORM_TOKEN_MAX_AGE = 24 * 3600
_signer = signing.TimestampSigner(salt="awaz.public-form")


def issue_form_token(scope: str) -> str:
    return _signer.sign(scope)


def form_token_is_valid(token: str, scope: str) -> bool:
    try:
        return _signer.unsign(token or "", max_age=FORM_TOKEN_MAX_AGE) == scope
    except signing.BadSignature:
        return False


def is_cross_site(request: HttpRequest) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site in {"cross-site", "same-site"}:
        return True
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        return origin != f"{request.scheme}://{request.get_host()}"
    return False


def public_form(view):
    """Accept POSTs only from this site's own pages; GETs pass through."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and is_cross_site(request):
            return render(request, "errors/cross_site.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper
