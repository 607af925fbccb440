"""A one-second cache of whole pages for anonymous visitors.

When a petition goes viral, thousands of people load the same page each second. Rendering it
once a second per language, and serving the stored bytes otherwise, keeps page views off the
database and the template engine. One second keeps the count on the page as fresh as the count
itself (see signatures/counts.py). The query string is not part of the key, so it cannot be
used to bust the cache; pages cached this way must not depend on it.
"""

from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from awaz.core.onion import came_through_onion

PAGE_SECONDS = 1


def anonymous_page(request: HttpRequest, render: Callable[[], HttpResponse]) -> HttpResponse:
    if request.method != "GET" or request.user.is_authenticated:
        return render()
    key = f"awaz:page:{'onion' if came_through_onion() else 'web'}:{request.path}"
    stored = cache.get(key)
    if stored is not None:
        content, content_type, cache_control = stored
        response = HttpResponse(content, content_type=content_type)
        response["Cache-Control"] = cache_control
        return response
    response = render()
    if response.status_code == 200 and not response.cookies:
        cache.set(key, (response.content, response["Content-Type"], response.get("Cache-Control", "")), PAGE_SECONDS)
    return response
