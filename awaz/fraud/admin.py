"""The fraud desk (per petition), bulk invalidation, and the read-only audit logs.

Looking is allowed to staff with "view invalidation"; removing signatures needs "add
invalidation". Audit entries are written by the services only, and nobody edits or deletes
them here.
"""

from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from awaz.core.read_only_admin import ReadOnlyAdmin
from awaz.fraud import desk
from awaz.fraud.forms import EXACT_FORMAT, CriteriaForm, InvalidationForm
from awaz.fraud.models import DataRequest, Invalidation
from awaz.fraud.exports import export_view
from awaz.fraud.people import people_view
from awaz.fraud.services import UndoRefused, invalidation_undo, signatures_invalidate
from awaz.petitions.models import Petition


def _review_url(petition_id: int, **criteria) -> str:
    query = {}
    for name, value in criteria.items():
        if value:
            query[name] = value.strftime(EXACT_FORMAT) if hasattr(value, "strftime") else value
    return reverse("admin:fraud_invalidate", args=[petition_id]) + "?" + urlencode(query)


@admin.register(Invalidation)
class InvalidationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "petition", "reason", "confirmed_removed", "unconfirmed_removed", "operator_name",
                    "undone_at", "purge_after"]
    list_filter = ["reason", "petition"]
    list_select_related = ["petition"]
    fields = ["petition", "created_at", "operator_name", "reason", "note", "signed_from", "signed_to", "email_domain",
              "network_hash", "confirmed_removed", "unconfirmed_removed", "purge_after", "purged_at", "undone_at",
              "undone_by_name", "confirmed_restored"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("petition__translations")

    def get_urls(self):
        extra = [
            path("desk/<int:petition_id>/", self.admin_site.admin_view(self.desk_view), name="fraud_desk"),
            path("desk/<int:petition_id>/invalidate/", self.admin_site.admin_view(self.invalidate_view),
                 name="fraud_invalidate"),
            path("undo/<int:invalidation_id>/", self.admin_site.admin_view(self.undo_view), name="fraud_undo"),
        ]
        return extra + super().get_urls()

    def _context(self, request, petition, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "subtitle": str(petition),
            "petition": petition,
            "desk_url": reverse("admin:fraud_desk", args=[petition.pk]),
            **extra,
        }

    def _petition(self, petition_id: int) -> Petition:
        return get_object_or_404(Petition.objects.prefetch_related("translations"), pk=petition_id)

    def desk_view(self, request, petition_id: int):
        if not request.user.has_perm("fraud.view_invalidation"):
            raise PermissionDenied
        petition = self._petition(petition_id)
        now = timezone.now()
        hour_ago, day_ago = now - timedelta(hours=1), now - timedelta(days=1)
        periods = []
        for label, since in ((_("Last hour"), hour_ago), (_("Last 24 hours"), day_ago)):
            networks = desk.top_sources(petition, "network_hash", since=since)
            domains = desk.top_sources(petition, "email_domain", since=since)
            periods.append(
                {
                    "label": label,
                    "since": since,
                    "totals": desk.totals(petition, since=since),
                    "networks": [(row, _review_url(petition.pk, signed_from=since, network_hash=row.key)) for row in networks if row.key],
                    "domains": [(row, _review_url(petition.pk, signed_from=since, email_domain=row.key)) for row in domains if row.key],
                }
            )
        buckets = [
            (bucket, _review_url(petition.pk, signed_from=bucket.start, signed_to=bucket.end))
            for bucket in reversed(desk.volumes(petition, now=now))
        ]
        context = self._context(
            request,
            petition,
            _("Fraud desk"),
            now=now,
            tag_hours=settings.SOURCE_TAG_HOURS,
            periods=periods,
            buckets=buckets,
            bucket_minutes=desk.BUCKET_MINUTES,
            volume_hours=desk.VOLUME_HOURS,
            form=CriteriaForm(),
            invalidate_url=reverse("admin:fraud_invalidate", args=[petition.pk]),
            invalidations=petition.invalidations.all()[:20],
            can_invalidate=request.user.has_perm("fraud.add_invalidation"),
        )
        return TemplateResponse(request, "admin/fraud/desk.html", context)

    def invalidate_view(self, request, petition_id: int):
        """GET: what would be removed (changes nothing). POST: remove it, with a reason.

        (admin_view() already makes these pages uncacheable and CSRF-protected.)"""
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        if not request.user.has_perm("fraud.add_invalidation"):
            raise PermissionDenied
        petition = self._petition(petition_id)
        if request.method == "POST":
            form = InvalidationForm(request.POST)
            if form.is_valid():
                entry = signatures_invalidate(
                    petition=petition,
                    criteria=form.criteria(),
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                    operator=request.user,
                )
                messages.success(request, _removed_message(entry))
                return redirect("admin:fraud_desk", petition_id=petition.pk)
            criteria_form = CriteriaForm(request.POST)
        else:
            criteria_form = CriteriaForm(request.GET)
            form = None
        if not criteria_form.is_valid():
            context = self._context(request, petition, _("Review signatures to remove"), criteria_form=criteria_form,
                                    invalidate_url=request.path)
            return TemplateResponse(request, "admin/fraud/criteria.html", context, status=400)
        criteria = criteria_form.criteria()
        if form is None:
            # Fix the end of the window now, so that signatures arriving after this preview are
            # not removed by a confirmation that the operator made on the numbers shown here.
            end = min(criteria.signed_to or timezone.now(), timezone.now())
            form = InvalidationForm(
                initial={
                    "signed_from": criteria.signed_from,
                    "signed_to": end,
                    "email_domain": criteria.email_domain,
                    "network_hash": criteria.network_hash,
                }
            )
            criteria = replace(criteria, signed_to=end)
        context = self._context(
            request,
            petition,
            _("Review signatures to remove"),
            criteria=criteria,
            match=desk.matching(petition, criteria),
            domains=desk.matching_domains(petition, criteria),
            form=form,
        )
        return TemplateResponse(request, "admin/fraud/preview.html", context)


    def undo_view(self, request, invalidation_id: int):
        """GET: what undoing would do (changes nothing). POST: undo it, once."""
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        if not request.user.has_perm("fraud.add_invalidation"):
            raise PermissionDenied
        entry = get_object_or_404(Invalidation, pk=invalidation_id)
        petition = self._petition(entry.petition_id)
        if request.method == "POST":
            try:
                entry = invalidation_undo(invalidation=entry, operator=request.user)
            except UndoRefused:
                messages.error(request, _("This removal was undone already, or its signatures are deleted for good."))
            else:
                messages.success(request, _undone_message(entry))
            return redirect("admin:fraud_desk", petition_id=petition.pk)
        context = self._context(request, petition, _("Undo a removal"), entry=entry)
        return TemplateResponse(request, "admin/fraud/undo.html", context)


def _undone_message(entry: Invalidation) -> str:
    return ngettext(
        "Undone: %(count)s confirmed signature counts again.",
        "Undone: %(count)s confirmed signatures count again.",
        entry.confirmed_restored,
    ) % {"count": entry.confirmed_restored}


def _removed_message(entry: Invalidation) -> str:
    return ngettext(
        "Removed %(total)s signature (%(confirmed)s confirmed, %(unconfirmed)s unconfirmed); the public count is corrected.",
        "Removed %(total)s signatures (%(confirmed)s confirmed, %(unconfirmed)s unconfirmed); the public count is corrected.",
        entry.total_removed,
    ) % {"total": entry.total_removed, "confirmed": entry.confirmed_removed, "unconfirmed": entry.unconfirmed_removed}


@admin.register(DataRequest)
class DataRequestAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "signatures", "petition", "operator_name"]
    list_filter = ["action"]
    fields = ["created_at", "action", "signatures", "petition", "operator_name"]
    readonly_fields = fields
    # Adds "Find a person's data" (access and erasure requests, see fraud/people.py).
    change_list_template = "admin/fraud/datarequest_change_list.html"

    def get_urls(self):
        extra = [
            path("people/", self.admin_site.admin_view(people_view), name="fraud_people"),
            # A petition's export, audited here (linked from the petition list).
            path("petition/<int:petition_id>/export/", self.admin_site.admin_view(export_view), name="petitions_petition_export"),
        ]
        return extra + super().get_urls()
