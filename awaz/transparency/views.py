"""The log as C2SP tlog-tiles serves it (checkpoint, tiles, entry bundles) and the verifier
script. (The petition's verify page, which shows the petition too, is awaz.front.petitions.verify.)

The log resources are the same for every visitor and language and carry no cookies; tiles and
bundles never change once served at a width, so proxies may keep them for a year.
"""

import re
from pathlib import Path

from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from awaz.petitions.models import Petition
from awaz.transparency import verifier
from awaz.transparency.models import LogState, LogTile

TILE = re.compile(r"^(0|[1-9][0-9]?|entries)/((?:x[0-9]{3}/)*[0-9]{3})(?:\.p/([1-9][0-9]{0,2}))?$")
IMMUTABLE = 365 * 24 * 3600
CHECKPOINT_MAX_AGE = 2


def _state(slug: str) -> LogState:
    state = LogState.objects.filter(petition__slug=slug).exclude(petition__status=Petition.Status.DRAFT).first()
    if state is None or not state.checkpoint:
        raise Http404
    return state


def _readable_anywhere(response: HttpResponse) -> HttpResponse:
    """Public data without cookies: a monitor or verifier on another site may read it in a browser."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def checkpoint(request, slug):
    response = HttpResponse(_state(slug).checkpoint, content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=CHECKPOINT_MAX_AGE)
    return _readable_anywhere(response)


@require_safe
def tile(request, slug, path):
    match = TILE.match(path)
    if not match:
        raise Http404
    level_text, number_text, width_text = match.groups()
    level = LogTile.ENTRIES if level_text == "entries" else int(level_text)
    number = int("".join(group.lstrip("x") for group in number_text.split("/")))
    width = int(width_text) if width_text else verifier.TILE_WIDTH
    if width > verifier.TILE_WIDTH or path != verifier.tile_path(level_text, number, width)[len("tile/"):]:
        raise Http404  # one path per tile: no leading zero groups, no ".p/256"
    state = _state(slug)
    data = (
        LogTile.objects.filter(petition_id=state.pk, level=level, number=number).values_list("data", flat=True).first()
    )
    if data is None:
        raise Http404
    data = bytes(data)
    if level == LogTile.ENTRIES:
        entries = verifier.bundle_entries(data)
        if len(entries) < width:
            raise Http404
        body = verifier.bundle(entries[:width])
    else:
        if len(data) < width * verifier.HASH_SIZE:
            raise Http404
        body = data[: width * verifier.HASH_SIZE]
    response = HttpResponse(body, content_type="application/octet-stream")
    patch_cache_control(response, public=True, max_age=IMMUTABLE, immutable=True)
    return _readable_anywhere(response)


@require_safe
def verifier_script(request):
    """The single-file verifier, to download and run anywhere (`python3 awaz-verify-log.py URL`)."""
    response = HttpResponse(Path(verifier.__file__).read_bytes(), content_type="text/x-python; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="awaz-verify-log.py"'
    patch_cache_control(response, public=True, max_age=3600)
    return response
