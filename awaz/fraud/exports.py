"""A petition's whole export, audited like one person's export: who, when, which petition and
how many signatures, in the personal data log (DataRequest). The admin's download and
`awaz export` come through here; the studio's export writes the organization's own log."""

from django.contrib.auth.decorators import permission_required
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404

from awaz.fraud.models import DataRequest
from awaz.petitions.models import Petition
from awaz.signatures.export import petition_export
from awaz.signatures.models import Signature


def petition_export_audited(*, petition: Petition, operator=None, operator_name: str = "", country_language=None):
    """(lines, file extension, content type) of the petition's export, once the audit entry
    that names the operator and the number of signatures concerned is written."""
    DataRequest.objects.create(
        operator=operator, operator_name=operator_name or operator.get_username(),
        action=DataRequest.Action.PETITION_EXPORT, petition=petition,
        signatures=Signature.objects.confirmed().filter(petition=petition).count(),
    )
    return petition_export(petition, country_language)


@permission_required("signatures.view_signature", raise_exception=True)
def export_view(request, petition_id: int):
    petition = get_object_or_404(Petition, pk=petition_id)
    lines, extension, content_type = petition_export_audited(petition=petition, operator=request.user)
    response = StreamingHttpResponse(lines, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{petition.slug}-{extension}"'
    response["Cache-Control"] = "no-store"
    return response
