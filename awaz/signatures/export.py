"""Streamed CSV of a petition's confirmed signatures, for delivering it to its addressees.

Rows are read in chunks and written as they are read, so memory stays flat at a million rows.
Email addresses are included only for signers who asked to receive updates.

A sealed petition exports its sealed file instead (awaz.core.sealed_export), which only the
organization's private key opens (`awaz unseal`); a count-only petition has only its count by
country to export.

Every export is audited where it is asked for: the admin's download and `awaz export` in the
personal data log (awaz.fraud.exports), the studio's in the organization's log.
"""


from django.db.models import Sum
from django.utils import timezone

from awaz.core.sealed_export import export_lines
from awaz.core.spreadsheet import csv_lines
from awaz.petitions.models import Petition
from awaz.signatures import personal_data
from awaz.signatures.models import Signature, SignatureTally
from awaz.signatures.personal_data import Purpose
from awaz.signatures.sealing import seal_details

CHUNK = 2000


def _country_namer(language: str | None):
    """ISO code -> the country's name in `language` (one lookup table per export), or the code."""
    if not language:
        return lambda code: code
    from awaz.core.languages import countries

    names = dict(countries(language))
    return lambda code: names.get(code, code)
HEADER = ["confirmed_at", "name", "country", "comment", "language", "wants_updates", "email"]


def export_rows(petition: Petition, country_language: str | None = None):
    """`country_language`: name countries in that language instead of their ISO code."""
    country = _country_namer(country_language)
    rows = (
        Signature.objects.confirmed()
        .filter(petition=petition)
        .order_by("confirmed_at", "pk")
        .only("confirmed_at", "country", "language", "wants_updates")
    )
    rows = personal_data.load(rows, Purpose.EXPORT)
    # Every cell goes through awaz.core.spreadsheet, the email column included.
    return csv_lines(HEADER, (
        [
            signature.confirmed_at.isoformat(timespec="seconds"),
            signature.name or "",
            country(signature.country),
            signature.comment or "",
            signature.language,
            "yes" if signature.wants_updates else "no",
            signature.email if signature.wants_updates else "",
        ]
        for signature in rows.iterator(chunk_size=CHUNK)
    ))


def sealed_export_lines(petition: Petition):
    """The sealed export's lines. A confirmed row not sealed yet (its email still on the way) is
    sealed here, so the file never holds a readable name."""
    rows = (
        Signature.objects.confirmed().filter(petition=petition).order_by("confirmed_at", "pk")
        .only("confirmed_at", "country", "show_publicly", "wants_updates", "sealed", "language", "created_at",
              "petition__organization_id")
        .select_related("petition")
    )
    rows = personal_data.load(rows, Purpose.EXPORT)  # to seal a row whose email is still on its way
    header = {"petition": petition.slug, "exported_at": timezone.now().isoformat(timespec="seconds")}
    return export_lines(header, (
        {
            "confirmed_at": signature.confirmed_at.isoformat(timespec="seconds"),
            "country": signature.country,
            "show_publicly": signature.show_publicly,
            "wants_updates": signature.wants_updates,
            "sealed": signature.sealed if signature.sealed is not None else seal_details(signature),
        }
        for signature in rows.iterator(chunk_size=CHUNK)
    ))


def count_export_lines(petition: Petition, country_language: str | None = None):
    """A count-only petition's export: confirmed signatures per country, nothing else."""
    country = _country_namer(country_language)
    rows = (
        SignatureTally.objects.filter(petition=petition).values("country").annotate(n=Sum("count"))
        .order_by("country")
    )
    return csv_lines(["country", "signatures"], ([country(row["country"]), row["n"]] for row in rows if row["n"] > 0))


def petition_export(petition: Petition, country_language: str | None = None):
    """(lines, file extension, content type) of the export the petition's privacy mode allows."""
    if petition.privacy_mode == Petition.PrivacyMode.SEALED:
        return sealed_export_lines(petition), "sealed.jsonl", "application/jsonl"
    if petition.privacy_mode == Petition.PrivacyMode.COUNT_ONLY:
        return count_export_lines(petition, country_language), "counts.csv", "text/csv; charset=utf-8"
    return export_rows(petition, country_language), "signatures.csv", "text/csv; charset=utf-8"
