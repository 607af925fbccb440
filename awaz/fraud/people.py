"""One person's data across all petitions: find it, hand it over, erase it.

This answers access and erasure requests. The person is found by email through the blind index
(addresses are encrypted, so only an exact address finds anything; "+tags", case and Gmail dots
do not matter, see core.email_address.normalize_email). The address typed by the operator
travels only in POST bodies, never in a URL, and is not kept: the audit log records who did
what and how many signatures it concerned, not whose.
"""

import json
from datetime import datetime

from django.contrib import admin, messages
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from awaz.core.crypto import blind_indexes
from awaz.core.email_address import normalize_email
from awaz.fraud.forms import PersonForm
from awaz.fraud.models import DataRequest
from awaz.signatures.models import Signature
from awaz.signatures.services import signature_erase


def _person(email: str):
    # Under every configured blind index key: while `awaz rotate_keys --blind-index` runs, some
    # rows still carry the old key's index (the first of these equals email_index_for(email)).
    return Signature.objects.filter(email_index__in=blind_indexes(normalize_email(email)))


def person_signatures(*, email: str):
    return (
        _person(email)
        .select_related("petition")
        .prefetch_related("petition__translations")
        .order_by("created_at", "pk")
    )


def _when(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def person_export(*, email: str) -> dict:
    """Everything Awaz stores about the person, decrypted. Left out: the blind index and the
    hashes of the single-use link tokens, which are derived values that identify nothing."""
    signatures = []
    for s in person_signatures(email=email):
        signatures.append(
            {
                "petition": s.petition.slug,
                "petition_title": str(s.petition),
                "petition_url": s.petition.get_absolute_url(),
                # sealed: name, email and comment are readable only with the organization's key;
                # count-only: they were deleted once the confirmation email had gone.
                "privacy_mode": s.petition.privacy_mode,
                "name": s.name,
                "email": s.email,
                "comment": s.comment or "",
                "country": s.country,
                "language": s.language,
                "name_shown_publicly": s.show_publicly,
                "wants_updates": s.wants_updates,
                "signed_at": _when(s.created_at),
                "confirmed_at": _when(s.confirmed_at),
                "email_domain": s.email_domain,
                "network_hash": s.network_hash,
                "emails_sent": s.emails_sent,
                "last_email_at": _when(s.last_email_at),
                "confirmation_link_sent_at": _when(s.token_sent_at),
                "demo_data": s.is_demo,
            }
        )
    return {"exported_at": _when(timezone.now()), "signatures": signatures}


def person_erase(*, email: str, operator: AbstractBaseUser) -> int:
    """Erase every signature made with this address; each confirmed one leaves its count."""
    erased = 0
    for signature in _person(email).only("pk", "petition_id"):
        signature_erase(signature=signature)
        erased += 1
    _record(operator, DataRequest.Action.ERASE, erased)
    return erased


def _record(operator: AbstractBaseUser, action: str, count: int) -> None:
    DataRequest.objects.create(operator=operator, operator_name=operator.get_username(), action=action, signatures=count)


def people_view(request):
    """Admin page. POST actions: find (list), export (JSON download), confirm (ask), erase."""
    if not request.user.has_perm("signatures.view_signature"):
        raise PermissionDenied
    context = {**admin.site.each_context(request), "title": _("Find a person's data"), "opts": Signature._meta}
    if request.method != "POST":
        return TemplateResponse(request, "admin/fraud/people.html", {**context, "form": PersonForm()})
    form = PersonForm(request.POST)
    action = request.POST.get("action", "find")
    if not form.is_valid():
        return TemplateResponse(request, "admin/fraud/people.html", {**context, "form": form}, status=400)
    email = form.cleaned_data["email"]
    can_erase = request.user.has_perm("signatures.delete_signature")
    if action in ("confirm", "erase") and not can_erase:
        raise PermissionDenied
    if action == "export":
        data = person_export(email=email)
        _record(request.user, DataRequest.Action.EXPORT, len(data["signatures"]))
        response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="awaz-personal-data-{timezone.now():%Y%m%d-%H%M%S}.json"'
        response["Cache-Control"] = "no-store"
        return response
    if action == "erase":
        erased = person_erase(email=email, operator=request.user)
        messages.success(
            request,
            ngettext("Erased %(count)s signature.", "Erased %(count)s signatures.", erased) % {"count": erased},
        )
        return TemplateResponse(request, "admin/fraud/people.html", {**context, "form": PersonForm()})
    signatures = list(person_signatures(email=email))
    if action != "confirm":
        _record(request.user, DataRequest.Action.FIND, len(signatures))
    template = "admin/fraud/people_erase.html" if action == "confirm" else "admin/fraud/people.html"
    context.update(form=form, email=email, signatures=signatures, searched=True, can_erase=can_erase)
    return TemplateResponse(request, template, context)
