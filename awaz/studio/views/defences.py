"""Defences in the studio: the rules of an organization (moderators) or of the whole site
(staff), the alerts they raised, and each petition's review queue of held signatures."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from awaz.core import languages
from awaz.defences import rules as defence_rules
from awaz.defences.models import Alert, AlertLanguage, Decision, Rule
from awaz.defences.services import RuleRefused, rule_add, rule_switch_off
from awaz.fraud import quarantine
from awaz.studio import stats
from awaz.studio.access import MODERATE, studio_view
from awaz.studio.defence_forms import AlertLanguageForm, HeldDecisionForm, RuleForm

QUEUE_PAGE = 100
# How long a saved rule may take to apply on every app server (shown to moderators).
APPLIES_WITHIN = int(defence_rules.POLL_SECONDS) + 1


def _rule_rows(rules, petitions: dict):
    return [{"rule": rule, "petition": petitions.get(rule.petition_id)} for rule in rules]


def _add_rule(request, form, *, organization):
    data = form.cleaned_data
    petition = None
    if organization is not None and data.get("petition"):
        petition = get_object_or_404(organization.petitions.all(), pk=data["petition"])
    try:
        rule_add(actor=request.user, kind=data["kind"], effect=data["effect"], organization=organization,
                 petition=petition, value=data.get("value", ""), address=data.get("address", ""),
                 limit=data.get("limit"), window_seconds=data.get("window"), note=data.get("note", ""))
    except RuleRefused as error:
        form.add_error(None, str(error))
        return False
    messages.success(request, _("Rule saved. Every server applies it within %(seconds)s seconds.")
                     % {"seconds": APPLIES_WITHIN})
    return True


def _page(request, *, access, organization, rules_qs, petitions, site_rules, back):
    initial = {key: request.GET[key] for key in ("kind", "value", "petition") if request.GET.get(key)}
    form = RuleForm(request.POST if request.POST.get("form") == "rule" else None, initial=initial,
                    petitions=petitions)
    if request.method == "POST":
        if request.POST.get("form") == "rule" and form.is_valid() and _add_rule(request, form, organization=organization):
            return redirect(back)
        if request.POST.get("form") == "off":
            rule = get_object_or_404(rules_qs, pk=request.POST.get("rule") or 0)
            if rule_switch_off(rule=rule, actor=request.user):
                messages.success(request, _("Rule switched off. Every server stops applying it within %(seconds)s seconds.")
                                 % {"seconds": APPLIES_WITHIN})
            return redirect(back)
        if request.POST.get("form") == "language":
            language_form = AlertLanguageForm(request.POST)
            if language_form.is_valid():
                AlertLanguage.objects.update_or_create(user=request.user,
                                                       defaults={"language": language_form.cleaned_data["language"]})
                messages.success(request, _("Alert language saved."))
            return redirect(back)
    by_id = {p.pk: p for p in petitions or ()}
    chosen = AlertLanguage.objects.filter(user=request.user).values_list("language", flat=True).first()
    context = {
        "access": access, "nav": "defences", "form": form, "organization": organization,
        "rules": _rule_rows(rules_qs.filter(active=True).order_by("-created_at"), by_id),
        "site_rules": site_rules, "applies_within": APPLIES_WITHIN,
        "language_form": AlertLanguageForm(initial={"language": chosen or languages.current()}),
        "alerts": Alert.objects.filter(petition__in=petitions).select_related("petition")[:20] if petitions is not None
        else Alert.objects.select_related("petition")[:20],
        "decisions": Decision.objects.filter(organization=organization).select_related("petition")[:30],
        "held": [(p, quarantine.held_count(p)) for p in petitions or ()],
    }
    return render(request, "studio/defences.html", context)


@never_cache
@studio_view(MODERATE)
def defences(request, access):
    """The organization's rules; site-wide rules are listed read-only."""
    organization = access.organization
    petitions = list(organization.petitions.prefetch_related("translations").order_by("-created_at"))
    return _page(request, access=access, organization=organization,
                 rules_qs=Rule.objects.filter(organization=organization), petitions=petitions,
                 site_rules=Rule.objects.filter(organization__isnull=True, active=True),
                 back=reverse("studio:defences", args=[organization.slug]))


@never_cache
def site_defences(request):
    """Site-wide rules, for staff: they apply to every organization's petitions."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("studio_login:login"))
    if not request.user.is_staff:
        return HttpResponseForbidden()
    return _page(request, access=None, organization=None, rules_qs=Rule.objects.filter(organization__isnull=True),
                 petitions=None, site_rules=None, back=reverse("studio:site_defences"))


def _filters(request) -> dict:
    confirmed = {"yes": True, "no": False}.get(request.GET.get("confirmed", request.POST.get("confirmed", "")))
    return {
        "network": (request.GET.get("network") or request.POST.get("network") or "").strip()[:32],
        "domain": (request.GET.get("domain") or request.POST.get("domain") or "").strip()[:255],
        "confirmed": confirmed,
    }


@never_cache
@studio_view(MODERATE)
def held(request, access, petition_id: int):
    """The review queue: held signatures, oldest first, to release or remove."""
    petition = access.petition(petition_id)
    filters = _filters(request)
    queue = quarantine.held_queue(petition, **filters)
    back = request.get_full_path()
    if request.method == "POST":
        form = HeldDecisionForm(request.POST)
        if form.is_valid():
            if form.cleaned_data["everything"]:
                ids = list(queue.values_list("pk", flat=True)[:10000])
            else:
                ids = [int(v) for v in request.POST.getlist("signatures") if v.isdigit()][:10000]
            if not ids:
                messages.error(request, _("Tick at least one signature."))
            elif form.cleaned_data["decision"] == "release":
                n = quarantine.held_signatures_release(petition=petition, signature_ids=ids, actor=request.user)
                messages.success(request, ngettext("%(count)s signature released.", "%(count)s signatures released.", n)
                                 % {"count": languages.format_number(n)})
            else:
                n = quarantine.held_signatures_remove(petition=petition, signature_ids=ids, actor=request.user,
                                                      reason=form.cleaned_data["reason"], note=form.cleaned_data["note"])
                messages.success(request, ngettext("%(count)s signature removed.", "%(count)s signatures removed.", n)
                                 % {"count": languages.format_number(n)})
            return redirect(back)
    else:
        form = HeldDecisionForm(initial={"reason": Decision.Reason.FLOOD})
    zone = stats.organization_zone(access.organization)
    page = Paginator(queue, QUEUE_PAGE).get_page(request.GET.get("page"))
    rows = [{"signature": s, "held": timezone.localtime(s.held_at, zone), "country": languages.country_name(s.country)}
            for s in page.object_list]
    total = page.paginator.count
    context = {
        "access": access, "petition": petition, "form": form, "rows": rows, "page": page, "zone": zone.key,
        "filters": filters, "confirmed_param": {True: "yes", False: "no"}.get(filters["confirmed"], ""),
        "summary": ngettext("%(count)s signature held for review.", "%(count)s signatures held for review.", total)
        % {"count": languages.format_number(total)},
    }
    return render(request, "studio/held.html", context)
