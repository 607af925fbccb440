"""The HTTP side of the public API: one decorator gives every read endpoint the same manners.

- GET and HEAD only; OPTIONS answers a CORS preflight; anything else is a 405 problem.
- CORS for reads from any site: `Access-Control-Allow-Origin: *`, never credentials (the
  public API has none to offer), and the headers a script needs exposed.
- A limit per client network and minute (awaz.core.ratelimit, keyed by the day's keyed network
  hash of awaz.core.network, so no address is stored anywhere): over it, a 429 problem.
- A strong ETag from the bytes of the body, a 304 to a matching If-None-Match, and
  Cache-Control so a CDN can carry the response (short for counts).
- Bad query parameters raise `InvalidParams`, answered as a 400 problem that names them.
"""

import hashlib
import json
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified

from awaz.api import problems
from awaz.core import ratelimit
from awaz.core.links import absolute_url
from awaz.core.network import network_rate_key

JSON = "application/json"
METHODS = ("GET", "HEAD", "OPTIONS")
EXPOSED_HEADERS = "ETag, Link, Retry-After"
PREFLIGHT_MAX_AGE = 24 * 3600
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20


class InvalidParams(Exception):
    def __init__(self, params: list[dict]):
        super().__init__(", ".join(p["name"] for p in params))
        self.params = params


def invalid(name: str, reason: str) -> InvalidParams:
    return InvalidParams([{"name": name, "reason": reason}])


def api_rule() -> ratelimit.Rule:
    return ratelimit.Rule("api-minute", settings.RATE_API_PER_MINUTE, 60)


def _limited(request) -> HttpResponse | None:
    rule = api_rule()
    if rule.limit <= 0:  # switched off: not even the network's hash is computed
        return None
    outcome = ratelimit.consume([(rule, network_rate_key(request))])
    return None if outcome.allowed else problems.too_many_requests(outcome.retry_after)


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    return response


def _preflight(request) -> HttpResponse:
    response = HttpResponse(status=204)
    response["Allow"] = response["Access-Control-Allow-Methods"] = ", ".join(METHODS)
    response["Access-Control-Allow-Headers"] = "Accept, If-None-Match"
    response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return _cors(response)


def etag_of(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110 If-None-Match: a weak comparison against each listed tag, or `*`."""
    tags = [tag.strip() for tag in if_none_match.split(",")]
    return "*" in tags or any(tag.removeprefix("W/") == etag for tag in tags)


def json_response(data, *, links: dict | None = None) -> HttpResponse:
    response = HttpResponse(json.dumps(data, ensure_ascii=False, separators=(",", ":")), content_type=JSON)
    if links:
        response["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)
    return response


def public_read(*, max_age: int, shared_max_age: int):
    """Wrap a view that returns a JSON response (json_response) or a problem."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "OPTIONS":
                return _preflight(request)
            if request.method not in METHODS:
                return _cors(problems.method_not_allowed(list(METHODS)))
            refused = _limited(request)
            if refused is not None:
                return _cors(refused)
            try:
                response = view(request, *args, **kwargs)
            except InvalidParams as error:
                return _cors(problems.bad_request("Invalid query parameters.", **{"invalid-params": error.params}))
            if response.status_code != 200:
                return _cors(response)
            etag = etag_of(response.content)
            cache_control = f"public, max-age={max_age}, s-maxage={shared_max_age}, stale-if-error=600"
            if _matches(request.headers.get("If-None-Match", ""), etag):
                response = HttpResponseNotModified()
            elif request.method == "HEAD":
                length = len(response.content)
                response.content = b""
                response["Content-Length"] = str(length)
            response["ETag"] = etag
            response["Cache-Control"] = cache_control
            return _cors(response)

        # Nothing here changes state and no cookie is read, so there is nothing for CSRF to
        # protect; without this, a method Django does not know (QUERY) would get CSRF's 403
        # instead of the 405 above.
        wrapped.csrf_exempt = True
        return wrapped

    return decorator


# --- Query parameters -------------------------------------------------------------------------


def choice(request, name: str, allowed) -> str | None:
    value = request.GET.get(name)
    if value is None:
        return None
    if value not in allowed:
        raise invalid(name, f"must be one of: {', '.join(sorted(allowed))}")
    return value


def positive_int(request, name: str, default: int, maximum: int | None = None) -> int:
    value = request.GET.get(name)
    if value is None:
        return default
    if not value.isascii() or not value.isdigit() or int(value) < 1 or (maximum is not None and int(value) > maximum):
        raise invalid(name, f"must be an integer from 1 to {maximum}" if maximum else "must be a positive integer")
    return int(value)


def language(request) -> str | None:
    return choice(request, "language", {code for code, _name in settings.LANGUAGES})


def paginate(request, queryset, path: str) -> tuple[list, dict, dict]:
    """(objects of this page, meta, links) for `?page=N&per_page=M`; other parameters are kept
    in the links. A page past the last one is empty, not an error."""
    per_page = positive_int(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    page = positive_int(request, "page", 1)
    count = queryset.count()
    pages = max(1, -(-count // per_page))
    start = (page - 1) * per_page
    objects = list(queryset[start:start + per_page]) if start < count else []
    kept = {key: value for key, value in request.GET.items() if key not in ("page", "per_page")}

    def link(n: int) -> str:
        return absolute_url(path) + "?" + urlencode({**kept, "page": n, "per_page": per_page})

    links = {
        "self": link(page),
        "first": link(1),
        "last": link(pages),
        "prev": link(min(page - 1, pages)) if page > 1 else None,
        "next": link(page + 1) if page < pages else None,
    }
    return objects, {"page": page, "per_page": per_page, "count": count, "pages": pages}, links
