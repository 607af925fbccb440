"""The dashboard (every petition with its numbers) and one petition's overview with its charts."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awaz.core import languages
from awaz.studio import charts, stats
from awaz.studio.access import VIEW, studio_view


def _countries(numbers, language: str) -> list[tuple[str, int]]:
    """Top countries with the public page's grouping of small countries."""
    rows = [(languages.country_name(code, language), n) for code, n in numbers.by_country[:10]]
    if numbers.other_countries:
        rows.append((_("Other countries"), numbers.other_countries))
    return rows


def _day_chart(days, language):
    points = [charts.Point(languages.format_short_date(day, language), n) for day, n in days]
    total = sum(n for _, n in days)
    return {
        "svg": charts.bar_chart(
            points,
            title=_("Signatures per day, last %(days)s days") % {"days": stats.DAYS},
            description=ngettext("%(count)s signature in this period.", "%(count)s signatures in this period.", total)
            % {"count": languages.format_number(total, language)},
            label_every=7, format_number=lambda n: languages.format_number(n, language),
        ),
        "rows": [(p.label, p.value) for p in points],
    }


def _hour_chart(hours, language):
    points = [charts.Point(hour.strftime("%H:00"), n) for hour, n in hours]
    total = sum(n for _, n in hours)
    return {
        "svg": charts.bar_chart(
            points,
            title=_("Signatures per hour, last %(hours)s hours") % {"hours": stats.HOURS},
            description=ngettext("%(count)s signature in this period.", "%(count)s signatures in this period.", total)
            % {"count": languages.format_number(total, language)},
            label_every=12, format_number=lambda n: languages.format_number(n, language),
        ),
        "rows": [(f"{languages.format_short_date(hour, language)} {hour:%H:00}", n) for hour, n in hours],
    }


@studio_view(VIEW)
def dashboard(request, access):
    language = languages.current()
    zone = stats.organization_zone(access.organization)
    petitions = list(access.organization.petitions.prefetch_related("translations").order_by("-created_at"))
    cards = []
    for petition in petitions:
        numbers = stats.petition_stats(petition, zone)
        cards.append({
            "petition": petition,
            "stats": numbers,
            "days": _day_chart(stats.per_day(petition, zone), language),
            "hours": _hour_chart(stats.per_hour(petition, zone), language),
            "countries": _countries(numbers.numbers, language)[:5],
        })
    from awaz.studio.forms import NewPetitionForm

    context = {"access": access, "nav": "dashboard", "cards": cards, "zone": zone.key,
               "new_form": NewPetitionForm(initial={"language": language})}
    return render(request, "studio/dashboard.html", context)


@studio_view(VIEW)
def petition_overview(request, access, petition_id: int):
    language = languages.current()
    petition = access.petition(petition_id)
    zone = stats.organization_zone(access.organization)
    numbers = stats.petition_stats(petition, zone)
    context = {
        "access": access,
        "petition": petition,
        "stats": numbers,
        "days": _day_chart(stats.per_day(petition, zone), language),
        "hours": _hour_chart(stats.per_hour(petition, zone), language),
        "countries": _countries(numbers.numbers, language),
        "min_group": settings.COUNTRY_MIN_GROUP,
        "zone": zone.key,
    }
    return render(request, "studio/petition_overview.html", context)
