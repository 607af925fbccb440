"""The full-screen live counter for events and deliveries, and the numbers it reloads.

The page works without JavaScript (a meta refresh inside <noscript> reloads it); with it, a
small script reloads only the numbers. Both are cached for a second like the petition page, so
a projector in a room and a thousand phones cost the same.
"""

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from awaz.core import languages
from awaz.core.links import absolute_url
from awaz.core.page_cache import anonymous_page
from awaz.signatures.presenters import count_sentence, recent_public_signers, summarize
from awaz.petitions.access import get_public_petition

LIVE_NAMES = 6
REFRESH_SECONDS = 15  # without JavaScript
POLL_SECONDS = 3  # with it


def _names(petition, language):
    return [{"name": s["name"], "country": s["country_name"]} for s in recent_public_signers(petition.pk, language)[:LIVE_NAMES]]


@require_safe
def live_counter(request, slug):
    def render_page():
        petition = get_public_petition(slug)
        language = languages.current()
        context = {
            "summary": summarize(petition, language), "names": _names(petition, language),
            "refresh_seconds": REFRESH_SECONDS, "poll_seconds": POLL_SECONDS,
            "share_url": absolute_url(petition.get_absolute_url()),
        }
        response = render(request, "outcomes/live.html", context)
        patch_cache_control(response, public=True, max_age=1)
        return response

    return anonymous_page(request, render_page)


@require_safe
def live_numbers(request, slug):
    def render_numbers():
        try:
            petition = get_public_petition(slug)
        except Http404:
            raise
        language = languages.current()
        summary = summarize(petition, language)
        response = JsonResponse({
            "count": summary.count, "count_text": languages.format_number(summary.count), "goal": summary.goal,
            "percent": summary.percent, "text": count_sentence(summary.count, summary.goal),
            "names": _names(petition, language),
        }, json_dumps_params={"ensure_ascii": False})
        patch_cache_control(response, public=True, max_age=1)
        return response

    return anonymous_page(request, render_numbers)
