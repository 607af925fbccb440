"""The operators' email about tally repairs. It names petitions, countries and numbers, never a signer."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from awaz.core.languages import country_name
from awaz.core.mail import EmailNotSent, build_email, send_now
from awaz.defences.models import AlertLanguage
from awaz.operations.services import repairs_claim_unalerted, repairs_unclaim


def operator_addresses() -> list[str]:
    """The site's staff (the people who can open the admin), active and with an address."""
    return sorted(set(_operators().exclude(email="").values_list("email", flat=True)))


def _operators():
    return get_user_model().objects.filter(is_active=True, is_staff=True)


def operator_recipients() -> list[tuple[str, str]]:
    """(address, language) of the site's staff: each in the language they chose for alerts
    (the studio's Defences page), else the site's."""
    return AlertLanguage.objects.recipients(operator_addresses(), _operators())


def _context(repairs, language: str) -> dict:
    return {
        "repairs": [
            {"petition": str(r.petition), "slug": r.petition.slug, "country": country_name(r.country, language),
             "code": r.country, "stored": r.stored, "counted": r.counted, "delta": r.delta}
            for r in repairs
        ],
        "count": len(repairs),
        "admin_url": settings.BASE_URL + reverse("admin:operations_tallyrepair_changelist"),
    }


def repairs_alert() -> int:
    """Email every repair nobody was told about, once. Returns how many repairs were reported."""
    recipients = operator_recipients()
    if not recipients:
        return 0
    repairs = repairs_claim_unalerted()
    if not repairs:
        return 0
    try:
        for address, language in recipients:
            send_now(build_email("tally_repaired", address, _context(repairs, language), language),
                     "Reconciliation alert")
    except EmailNotSent:
        repairs_unclaim(repairs)
        raise
    return len(repairs)
