"""Errors as RFC 9457 problem details (`application/problem+json`).

`type` is a stable URI naming the kind of problem (documented in docs/api.md), `title` a short
English summary that never changes for a type, `detail` what happened this time (never personal data).
"""

import json

from django.http import HttpResponse

PROBLEM_BASE = "https://awaz.invalid/problems/"  # not resolvable on purpose: a name, not a page
CONTENT_TYPE = "application/problem+json"


def problem(status: int, kind: str, title: str, detail: str = "", **extensions) -> HttpResponse:
    body = {"type": PROBLEM_BASE + kind, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extensions)
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE)
    response["Cache-Control"] = "no-store"
    return response


def not_found(detail: str = "") -> HttpResponse:
    return problem(404, "not-found", "Not found", detail)


def method_not_allowed(allowed: list[str]) -> HttpResponse:
    response = problem(405, "method-not-allowed", "Method not allowed")
    response["Allow"] = ", ".join(allowed)
    return response


def bad_request(detail: str, **extensions) -> HttpResponse:
    return problem(400, "bad-request", "Bad request", detail, **extensions)
