"""Signatures in the studio: the CSV export, the look-up by exact email, the fraud desk."""

from datetime import timedelta

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from awaz.core import languages
from awaz.fraud import desk
from awaz.signatures.export import petition_export
from awaz.signatures.models import Signature
from awaz.studio import services, stats
from awaz.studio.access import EXPORT, MODERATE, studio_view
from awaz.studio.forms import ExportForm, LookupForm


@studio_view(EXPORT)
def export(request, access, petition_id: int):
    """GET: the choice of language; POST: the streamed file, audited (who, when, rows)."""
    petition = access.petition(petition_id)
    form = ExportForm(request.POST or None, initial={"language": languages.current()})
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        lines, extension, content_type = petition_export(petition, country_language=language)
        rows = Signature.objects.confirmed().filter(petition=petition).count()
        services.export_started(petition=petition, actor=request.user, rows=rows, language=language)
        response = StreamingHttpResponse(lines, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{petition.slug}-{extension}"'
        response["Cache-Control"] = "no-store"
        return response
    count = Signature.objects.confirmed().filter(petition=petition).count()
    return render(request, "studio/export.html", {"access": access, "petition": petition, "form": form, "count": count})


@sensitive_post_parameters("email")
@never_cache
@studio_view(MODERATE)
def lookup(request, access):
    """Did this person sign? Only an exact address finds anything; it travels in the POST body
    alone and is kept nowhere."""
    form = LookupForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        found = services.signature_lookup(organization=access.organization, actor=request.user, email=form.cleaned_data["email"])
    zone = stats.organization_zone(access.organization)
    rows = [
        {"signature": s, "petition": s.petition, "signed": timezone.localtime(s.created_at, zone),
         "confirmed": timezone.localtime(s.confirmed_at, zone) if s.confirmed_at else None,
         "country": languages.country_name(s.country)}
        for s in (found or [])
    ]
    message = None
    if found is not None:
        message = ngettext("%(count)s signature matches.", "%(count)s signatures match.", len(found)) % {"count": len(found)}
    context = {"access": access, "nav": "lookup", "form": form, "rows": rows, "message": message, "zone": zone.key}
    return render(request, "studio/lookup.html", context)


@studio_view(MODERATE)
def fraud(request, access, petition_id: int):
    """The fraud desk, readable: rows with nothing in them are left out, times are local."""
    petition = access.petition(petition_id)
    zone = stats.organization_zone(access.organization)
    now = timezone.now()
    periods = []
    for label, since in ((_("Last hour"), now - timedelta(hours=1)), (_("Last 24 hours"), now - timedelta(days=1))):
        totals = desk.totals(petition, since=since)
        periods.append({
            "label": label,
            "summary": ngettext(
                "%(total)s new signature: %(confirmed)s confirmed, %(unconfirmed)s unconfirmed.",
                "%(total)s new signatures: %(confirmed)s confirmed, %(unconfirmed)s unconfirmed.", totals.total,
            ) % {"total": languages.format_number(totals.total), "confirmed": languages.format_number(totals.confirmed),
                 "unconfirmed": languages.format_number(totals.unconfirmed)},
            "totals": totals,
            "networks": [row for row in desk.top_sources(petition, "network_hash", since=since) if row.key and row.total],
            "domains": [row for row in desk.top_sources(petition, "email_domain", since=since) if row.key and row.total],
        })
    buckets = [
        {"start": timezone.localtime(b.start, zone), "end": timezone.localtime(b.end, zone), "bucket": b}
        for b in reversed(desk.volumes(petition, now=now)) if b.total
    ]
    context = {"access": access, "petition": petition, "periods": periods, "buckets": buckets, "zone": zone.key,
               "bucket_minutes": desk.BUCKET_MINUTES, "volume_hours": desk.VOLUME_HOURS,
               "invalidations": petition.invalidations.all()[:20]}
    return render(request, "studio/fraud.html", context)


@studio_view(MODERATE)
def fraud_undo(request, access, petition_id: int, invalidation_id: int):
    """GET: what undoing a removal would do (changes nothing). POST: undo it, once."""
    from django.shortcuts import get_object_or_404, redirect
    from django.contrib import messages

    from awaz.fraud.models import Invalidation
    from awaz.fraud.services import UndoRefused, invalidation_undo

    petition = access.petition(petition_id)
    entry = get_object_or_404(Invalidation, pk=invalidation_id, petition=petition)
    if request.method == "POST":
        try:
            entry = invalidation_undo(invalidation=entry, operator=request.user)
        except UndoRefused:
            messages.error(request, _("This removal was undone already, or its signatures are deleted for good."))
        else:
            messages.success(request, ngettext(
                "Undone: %(count)s confirmed signature counts again.",
                "Undone: %(count)s confirmed signatures count again.", entry.confirmed_restored,
            ) % {"count": entry.confirmed_restored})
        return redirect("studio:fraud", org=access.organization.slug, petition_id=petition.pk)
    return render(request, "studio/fraud_undo.html", {"access": access, "petition": petition, "entry": entry})
