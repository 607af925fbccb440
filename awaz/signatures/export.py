"""Streamed CSV of a petition's confirmed signatures, for delivering it to its addressees.

Rows are read in chunks and written as they are read, so memory stays flat at a million rows.
Email addresses are included only for signers who asked to receive updates.
"""

from django.contrib.auth.decorators import permission_required
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404

from awaz.core.spreadsheet import csv_lines
from awaz.petitions.models import Petition
from awaz.signatures.models import Signature

CHUNK = 2000
HEADER = ["confirmed_at", "name", "country", "comment", "language", "wants_updates", "email"]


def export_rows(petition: Petition):
    rows = (
        Signature.objects.confirmed()
        .filter(petition=petition)
        .order_by("confirmed_at", "pk")
        .only("confirmed_at", "name", "country", "comment", "language", "wants_updates", "email")
    )
    # Every cell goes through awaz.core.spreadsheet, the email column included.
    return csv_lines(HEADER, (
        [
            signature.confirmed_at.isoformat(timespec="seconds"),
            signature.name or "",
            signature.country,
            signature.comment or "",
            signature.language,
            "yes" if signature.wants_updates else "no",
            signature.email if signature.wants_updates else "",
        ]
        for signature in rows.iterator(chunk_size=CHUNK)
    ))


@permission_required("signatures.view_signature", raise_exception=True)
def export_view(request, petition_id: int):
    petition = get_object_or_404(Petition, pk=petition_id)
    response = StreamingHttpResponse(export_rows(petition), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{petition.slug}-signatures.csv"'
    response["Cache-Control"] = "no-store"
    return response
