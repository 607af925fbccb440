"""The comment moderation queue: what signers want shown under "Why people sign", on this
organization's petitions, to approve or hide. Plain forms, one per comment: no JavaScript."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from awaz.core import languages
from awaz.signatures.comments import awaiting_moderation, visible_comments
from awaz.studio import services, stats
from awaz.studio.access import MODERATE, studio_view

SHOWN = 50


def _rows(queryset, zone, order=("confirmed_at", "pk")):
    signatures = queryset.select_related("petition").prefetch_related("petition__translations").only(
        "name", "country", "comment", "confirmed_at", "petition"
    ).order_by(*order)[:SHOWN]
    return [
        {"id": s.pk, "petition": s.petition, "name": s.name, "comment": s.comment,
         "country": languages.country_name(s.country), "confirmed": timezone.localtime(s.confirmed_at, zone)}
        for s in signatures
    ]


@never_cache
@studio_view(MODERATE)
def comments(request, access):
    """GET: the waiting comments, oldest first, and the latest shown ones; POST: one decision."""
    organization = access.organization
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision in ("approve", "hide"):
            changed = services.comments_moderate(organization=organization, actor=request.user,
                                                 signature_ids=request.POST.getlist("signature"),
                                                 approve=decision == "approve")
            if decision == "approve":
                text = ngettext("%(count)s comment approved: it is on the petition's page.",
                                "%(count)s comments approved: they are on the petition's page.", changed)
            else:
                text = ngettext("%(count)s comment hidden.", "%(count)s comments hidden.", changed)
            messages.success(request, text % {"count": languages.format_number(changed)})
        return redirect("studio:comments", org=organization.slug)
    zone = stats.organization_zone(organization)
    waiting = awaiting_moderation().filter(petition__organization=organization)
    shown = visible_comments().filter(petition__organization=organization)
    context = {
        "access": access, "nav": "comments", "zone": zone.key,
        "waiting": _rows(waiting, zone), "waiting_count": waiting.count(),
        "shown": _rows(shown, zone, order=("-confirmed_at", "-pk")),
    }
    return render(request, "studio/comments.html", context)
