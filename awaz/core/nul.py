"""Requests with a NUL character anywhere in the query string or the form fields get a 400.

No visitor types a NUL, and PostgreSQL cannot store or even compare one (it answered every
`?q=%00` search and `username=ad%00min` login with a 500). Refusing it once, here, before any
view, is simpler and surer than remembering it in every form and query. The page explains in
the visitor's language (this runs after LocaleMiddleware) and names nothing that was sent.
"""

from django.http import HttpRequest
from django.shortcuts import render

NUL = "\x00"


def _has_nul(data) -> bool:
    for key, values in data.lists():
        if NUL in key or any(isinstance(value, str) and NUL in value for value in values):
            return True
    return False


def request_has_nul(request: HttpRequest) -> bool:
    if NUL in request.path or _has_nul(request.GET):
        return True
    # Only form bodies are parsed here, as Django would parse them for the view anyway; the
    # contents of uploaded files are not form fields.
    return request.method == "POST" and _has_nul(request.POST)


def refuse_nul(get_response):
    def middleware(request):
        if request_has_nul(request):
            return render(request, "errors/nul.html", status=400)
        return get_response(request)

    return middleware
