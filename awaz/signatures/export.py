"""Streamed CSV of a petition's confirmed signatures, for delivering it to its addressees.

Rows are read in chunks and written as they are read, so memory stays flat at a million rows.
Email addresses are included only for signers who asked to receive updates.
"""

import csv

from django.contrib.auth.decorators import permission_required
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404

from awaz.petitions.models import Petition
from awaz.signatures.models import Signature

CHUNK = 2000
HEADER = ["confirmed_at", "name", "country", "comment", "language", "wants_updates", "email"]


class _Echo:
    def write(self, value):
        return value


def _safe_cell(value: str) -> str:
    # Spreadsheets run cells that start with these as formulas (CSV injection).
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def export_rows(petition: Petition):
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADER)  # the BOM makes spreadsheets read UTF-8 correctly
    rows = (
        Signature.objects.confirmed()
        .filter(petition=petition)
        .order_by("confirmed_at", "pk")
        .only("confirmed_at", "name", "country", "comment", "language", "wants_updates", "email")
    )
    for signature in rows.iterator(chunk_size=CHUNK):
        yield writer.writerow(
            [
                signature.confirmed_at.isoformat(timespec="seconds"),
                _safe_cell(signature.name or ""),
                signature.country,
                _safe_cell(signature.comment or ""),
                signature.language,
                "yes" if signature.wants_updates else "no",
                signature.email if signature.wants_updates else "",
            ]
        )


@permission_required("signatures.view_signature", raise_exception=True)
def export_view(request, petition_id: int):
    petition = get_object_or_404(Petition, pk=petition_id)
    response = StreamingHttpResponse(export_rows(petition), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{petition.slug}-signatures.csv"'
    response["Cache-Control"] = "no-store"
    return response
