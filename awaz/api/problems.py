"""Errors as RFC 9457 problem details (`application/problem+json`).

`type` is a stable URI naming the kind of problem (documented in docs/api.md), `title` a short
English summary that never changes for a type, `detail` what happened this time (never personal data).

awaz.api.middleware turns every other error response under /api/ into one (`replacing`): the
404 of an unknown path, the 405 of a view's method check, a 400 from the NUL guard, a 500. So
views may raise Http404 or use Django's decorators and still answer in the API's format.
"""

import json

from django.http import HttpResponse

PROBLEM_BASE = "https://awaz.invalid/problems/"  # not resolvable on purpose: a name, not a page
CONTENT_TYPE = "application/problem+json"
API_PREFIX = "/api/"

# The kind and title of each status the API answers with (docs/api.md lists them).
KINDS = {
    400: ("bad-request", "Bad request"),
    401: ("unauthorized", "Unauthorized"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Not acceptable"),
    408: ("request-timeout", "Request timeout"),
    409: ("conflict", "Conflict"),
    413: ("content-too-large", "Content too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
    422: ("unprocessable-content", "Unprocessable content"),
    429: ("too-many-requests", "Too many requests"),
    500: ("server-error", "Internal server error"),
    503: ("unavailable", "Service unavailable"),
}
# Headers of an error response that still mean something once it is a problem.
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Access-Control-Allow-Origin")


def problem(status: int, kind: str, title: str, detail: str = "", **extensions) -> HttpResponse:
    body = {"type": PROBLEM_BASE + kind, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extensions)
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE)
    response["Cache-Control"] = "no-store"
    return response


def for_status(status: int, detail: str = "", **extensions) -> HttpResponse:
    """The problem of a status code, of the kind KINDS gives it."""
    kind, title = KINDS.get(status, ("server-error" if status >= 500 else "bad-request", "Error"))
    return problem(status, kind, title, detail, **extensions)


def not_found(detail: str = "") -> HttpResponse:
    return problem(404, "not-found", "Not found", detail)


def method_not_allowed(allowed: list[str]) -> HttpResponse:
    response = problem(405, "method-not-allowed", "Method not allowed")
    response["Allow"] = ", ".join(allowed)
    return response


def bad_request(detail: str, **extensions) -> HttpResponse:
    return problem(400, "bad-request", "Bad request", detail, **extensions)


def too_many_requests(retry_after: int, detail: str | None = None) -> HttpResponse:
    """One problem type for every 429 under /api/ (a network's, a token's, the signing limits'),
    the wait in `Retry-After` and in the body."""
    detail = detail or f"Too many requests from your network; try again in {retry_after} seconds."
    response = problem(429, "too-many-requests", "Too many requests", detail, retry_after=retry_after)
    response["Retry-After"] = str(retry_after)
    return response


def is_problem(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith(CONTENT_TYPE)


def replacing(response: HttpResponse) -> HttpResponse:
    """The problem that stands for an error response of another format, its meaningful headers kept."""
    replaced = for_status(response.status_code)
    for name in KEPT_HEADERS:
        if name in response:
            replaced[name] = response[name]
    return replaced
