"""The organization's settings and its audit log (owners)."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from awaz.core import languages
from awaz.core.mail import sender
from awaz.studio import images, services, stats
from awaz.studio.access import MANAGE, studio_view
from awaz.studio.forms import OrganizationForm
from awaz.studio.models import AuditEntry


@studio_view(MANAGE)
def organization_settings(request, access):
    organization = access.organization
    descriptions = {t.language: t.description for t in organization.translations.all()}
    initial = {
        "name": organization.name, "website": organization.website, "reply_to": organization.reply_to,
        "time_zone": organization.time_zone, "brand_colour": organization.brand_colour or "#0b4f8a",
        **{f"description_{code}": descriptions.get(code, "") for code, _name in settings.LANGUAGES},
    }
    form = OrganizationForm(request.POST or None, request.FILES or None, initial=initial, organization=organization)
    if request.method == "POST" and form.is_valid():
        services.organization_update(organization=organization, actor=request.user, data=form.cleaned_data,
                                     logo=form.cleaned_data.get("logo"))
        messages.success(request, _("Settings saved."))
        return redirect("studio:settings", org=organization.slug)
    from_email, reply_to = sender(organization, languages.current())
    context = {"access": access, "nav": "settings", "form": form, "from_email": from_email, "reply_to": reply_to,
               "logo_url": images.url(organization.logo, "160", logo=True)}
    return render(request, "studio/settings.html", context)


@studio_view(MANAGE)
def audit_log(request, access):
    entries = AuditEntry.objects.filter(organization=access.organization).select_related("petition")
    action = request.GET.get("action", "")
    if action in AuditEntry.Action.values:
        entries = entries.filter(action=action)
    petition_id = request.GET.get("petition", "")
    if petition_id.isdigit():
        entries = entries.filter(petition_id=int(petition_id))
    who = request.GET.get("who", "").strip()
    if who:
        entries = entries.filter(actor_name__iexact=who)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    zone = stats.organization_zone(access.organization)
    rows = [(entry, timezone.localtime(entry.created_at, zone)) for entry in page.object_list]
    context = {
        "access": access, "nav": "audit", "page": page, "rows": rows, "zone": zone.key,
        "actions": AuditEntry.Action.choices, "action": action, "petition_id": petition_id, "who": who,
        "petitions": access.organization.petitions.prefetch_related("translations").order_by("-created_at"),
        "members": sorted(set(AuditEntry.objects.filter(organization=access.organization).values_list("actor_name", flat=True))),
    }
    return render(request, "studio/audit.html", context)
