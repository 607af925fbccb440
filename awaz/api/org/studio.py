"""The studio's pages for the API: tokens and webhooks (owners), CRM exports (export right)."""

from datetime import timedelta

from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from awaz.api.org import crm, tokens, webhooks
from awaz.api.org.forms import CrmExportForm, EndpointForm, TokenForm
from awaz.api.org.models import ApiToken
from awaz.petitions.models import Petition
from awaz.studio.access import EXPORT, MANAGE, studio_view
from awaz.studio.models import AuditEntry
from awaz.studio.services import audit
from awaz.webhooks.models import Delivery, Endpoint

LOG_ROWS = 50


@never_cache
@studio_view(MANAGE)
def api_tokens(request, access):
    """GET: the tokens and the form; POST: a new token, whose secret this one answer shows."""
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        days = int(form.cleaned_data["lifetime"])
        token, text = tokens.token_create(organization=access.organization, actor=request.user,
                                          name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"],
                                          expires_at=timezone.now() + timedelta(days=days))
        created = {"token": token, "text": text}
        form = TokenForm()
    rows = ApiToken.objects.filter(organization=access.organization).select_related("created_by")
    context = {"access": access, "nav": "api", "form": form, "tokens": rows, "created": created, "now": timezone.now()}
    return render(request, "api_org/tokens.html", context, status=201 if created else 200)


@studio_view(MANAGE)
def api_token_revoke(request, access, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, organization=access.organization)
    if request.method == "POST" and tokens.token_revoke(token=token, actor=request.user):
        messages.success(request, _("The token %(name)s no longer works.") % {"name": token.name})
    return redirect("studio_api:tokens", org=access.organization.slug)


@never_cache
@studio_view(MANAGE)
def webhook_endpoints(request, access):
    form = EndpointForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        endpoint, secret = webhooks.endpoint_add(organization=access.organization, actor=request.user,
                                                 url=form.cleaned_data["url"], events=form.cleaned_data["events"])
        created = {"endpoint": endpoint, "secret": secret}
        form = EndpointForm()
    endpoints = Endpoint.objects.filter(organization=access.organization, removed_at__isnull=True)
    log = (Delivery.objects.filter(endpoint__organization=access.organization).select_related("endpoint", "event")
           .order_by("-created_at", "-pk")[:LOG_ROWS])
    context = {"access": access, "nav": "api", "form": form, "endpoints": endpoints, "created": created, "log": log}
    return render(request, "api_org/webhooks.html", context, status=201 if created else 200)


def _endpoint(access, endpoint_id: int) -> Endpoint:
    return get_object_or_404(Endpoint, pk=endpoint_id, organization=access.organization, removed_at__isnull=True)


@studio_view(MANAGE)
def webhook_remove(request, access, endpoint_id: int):
    endpoint = _endpoint(access, endpoint_id)
    if request.method == "POST" and webhooks.endpoint_remove(endpoint=endpoint, actor=request.user):
        messages.success(request, _("The endpoint %(url)s receives nothing more.") % {"url": endpoint.url})
    return redirect("studio_api:webhooks", org=access.organization.slug)


@studio_view(MANAGE)
def webhook_test(request, access, endpoint_id: int):
    endpoint = _endpoint(access, endpoint_id)
    if request.method == "POST":
        delivery = webhooks.endpoint_send_test(endpoint=endpoint)
        if delivery.status == Delivery.Status.DELIVERED:
            messages.success(request, _("The test was delivered (answer %(status)s).") % {"status": delivery.last_status})
        else:
            messages.error(request, _("The test was not delivered: %(error)s.") % {"error": delivery.last_error})
    return redirect("studio_api:webhooks", org=access.organization.slug)


@studio_view(EXPORT)
def crm_export(request, access, petition_id: int):
    """GET: the choice of CRM; POST: the streamed file, audited (who, when, how many rows)."""
    petition = access.petition(petition_id)
    form = CrmExportForm(request.POST or None)
    readable = petition.privacy_mode == Petition.PrivacyMode.STANDARD
    if request.method == "POST" and readable and form.is_valid():
        fmt = form.cleaned_data["format"]
        rows = crm.crm_export_count(petition)
        audit(organization=access.organization, actor=request.user, action=AuditEntry.Action.EXPORTED,
              petition=petition, rows=rows, detail=f"CRM export: {fmt}")
        response = StreamingHttpResponse(crm.crm_export_lines(petition, fmt), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{petition.slug}-{fmt}.csv"'
        response["Cache-Control"] = "no-store"
        return response
    context = {"access": access, "petition": petition, "form": form, "readable": readable,
               "count": crm.crm_export_count(petition) if readable else 0}
    return render(request, "api_org/crm_export.html", context)
