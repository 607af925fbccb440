"""CSV files that CiviCRM's and Action Network's contact imports take as they are.

Column names are the ones each import matches by itself (CiviCRM: its field titles; Action
Network: its field names), so nothing needs mapping by hand. Only confirmed signers who agreed
to be contacted by the organization are in them (awaz.api.org.signers). Every cell is
neutralised against spreadsheet formulas (awaz.core.spreadsheet). No byte order mark: both
imports read UTF-8, and a mark would stick to the first column's name.

Awaz asks for one name (names do not split into given and family names in every culture): the
whole name goes in the first-name column and the last-name column is empty.
"""

import csv

from awaz.api.org.signers import contactable
from awaz.core.spreadsheet import safe_row
from awaz.petitions.models import Petition

CHUNK = 2000
FORMATS = {
    "civicrm": ["First Name", "Last Name", "Email", "Country", "Preferred Language", "Source"],
    "actionnetwork": ["email", "first_name", "last_name", "country", "language", "source"],
}


class _Echo:
    def write(self, value):
        return value


def _row(fmt: str, signature, source: str) -> list:
    if fmt == "civicrm":
        return [signature.name or "", "", signature.email or "", signature.country, signature.language, source]
    return [signature.email or "", signature.name or "", "", signature.country, signature.language, source]


def crm_export_lines(petition: Petition, fmt: str):
    """The file's lines, streamed; only for a standard petition (a sealed one is opened offline)."""
    if fmt not in FORMATS:
        raise ValueError(f"format is one of {sorted(FORMATS)}")
    if petition.privacy_mode != Petition.PrivacyMode.STANDARD:
        raise ValueError("only a standard petition's signers can be exported readable")
    writer = csv.writer(_Echo())
    source = f"Awaz: {petition.slug}"
    yield writer.writerow(safe_row(FORMATS[fmt]))
    for signature in contactable(petition).iterator(chunk_size=CHUNK):
        yield writer.writerow(safe_row(_row(fmt, signature, source)))


def crm_export_count(petition: Petition) -> int:
    return contactable(petition).count()
