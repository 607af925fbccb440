"""The organizations' OSDI-shaped endpoints (docs/api-organizations.md).

Read: the organization's petitions, and the signatures of its signers who agreed to be
contacted. Write: the record-signature helper, which hands the signature to the one signing
pipeline (awaz.signatures.signing) exactly as the sign form does: the same validation, the
same deduplication, the same rate limits, and double opt-in (the signer gets the confirmation
email; nothing counts until they confirm).
"""

import json

from django.conf import settings
from django.http import JsonResponse, QueryDict
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from awaz.api.org import resources, signers
from awaz.api.org.auth import token_view
from awaz.api.org.models import Scope
from awaz.api.problems import bad_request, method_not_allowed, not_found, problem, too_many_requests
from awaz.core.public_forms import issue_form_token
from awaz.petitions.models import Petition
from awaz.signatures.forms import sign_form_scope
from awaz.signatures.signing import CLOSED, PAUSED, RATE_LIMITED, NeedsExplaining, Refused, signature_sign
from awaz.studio.models import AuditEntry
from awaz.studio.services import audit

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 25


def _json(data, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    response["Content-Type"] = "application/hal+json"
    return response


def _paging(request) -> tuple[int, int] | None:
    try:
        page = int(request.GET.get("page", "1"))
        per_page = int(request.GET.get("per_page", str(DEFAULT_PER_PAGE)))
    except ValueError:
        return None
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        return None
    return page, per_page


def _page_of(rows, page: int, per_page: int, total: int):
    """The rows of one page; past the last page, none (and no query with an enormous offset)."""
    start = (page - 1) * per_page
    return rows[start:start + per_page] if start < total else []


def _bad_paging():
    return bad_request(f"page is 1 or more, per_page from 1 to {MAX_PER_PAGE}.")


def _petition(request, slug: str) -> Petition | None:
    """The token's organization's petition; another organization's is not found."""
    return (Petition.objects.filter(organization=request.api_token.organization, slug=slug)
            .prefetch_related("translations").first())


@csrf_exempt  # no cookies and nothing to change: any other method is a 405, not a CSRF 403
def entry_point(request):
    """The OSDI API entry point: where the collections are."""
    if request.method not in ("GET", "HEAD"):
        return method_not_allowed(["GET", "HEAD"])
    return _json({
        "motd": "Awaz organizations' API (OSDI)",
        "vendor_name": "Awaz",
        "product_name": "Awaz",
        "osdi_version": "1.1",
        "_links": {
            "self": {"href": resources.api_url("api_org:entry_point")},
            "osdi:petitions": {"href": resources.api_url("api_org:petitions")},
        },
    })


@token_view(Scope.READ_PETITIONS)
def petitions(request):
    if request.method != "GET":
        return method_not_allowed(["GET"])
    paging = _paging(request)
    if paging is None:
        return _bad_paging()
    page, per_page = paging
    rows = Petition.objects.filter(organization=request.api_token.organization).order_by("pk")
    total = rows.count()
    items = [resources.petition_resource(p) for p in _page_of(rows.prefetch_related("translations"), page, per_page, total)]
    return _json(resources.collection(name="osdi:petitions", items=items, page=page, per_page=per_page, total=total,
                                      url=resources.api_url("api_org:petitions")))


@token_view(Scope.READ_PETITIONS)
def petition(request, slug: str):
    if request.method != "GET":
        return method_not_allowed(["GET"])
    found = _petition(request, slug)
    return _json(resources.petition_resource(found)) if found else not_found()


@csrf_exempt  # the token decides, and the POST's token_view runs inside
def signatures(request, slug: str):
    """GET lists (read-signatures); POST is the record-signature helper (write-signatures)."""
    if request.method == "GET":
        return _signatures_list(request, slug)
    if request.method == "POST":
        return _record_signature(request, slug)
    return method_not_allowed(["GET", "POST"])


def _audit_read(request, petition: Petition, rows: int) -> None:
    token = request.api_token
    audit(organization=token.organization, actor=None, action=AuditEntry.Action.EXPORTED, petition=petition,
          rows=rows, detail=f"API token {token.name} ({token.prefix})")


@token_view(Scope.READ_SIGNATURES)
def _signatures_list(request, slug: str):
    found = _petition(request, slug)
    if found is None:
        return not_found()
    paging = _paging(request)
    if paging is None:
        return _bad_paging()
    page, per_page = paging
    rows = signers.contactable(found)
    total = rows.count()
    items = [resources.signature_resource(s) for s in _page_of(rows, page, per_page, total)]
    if items:
        _audit_read(request, found, len(items))
    return _json(resources.collection(name="osdi:signatures", items=items, page=page, per_page=per_page, total=total,
                                      url=resources.api_url("api_org:signatures", slug=slug)))


@token_view(Scope.READ_SIGNATURES)
def signature(request, slug: str, signature_id: str):
    if request.method != "GET":
        return method_not_allowed(["GET"])
    found = _petition(request, slug)
    known = found is not None and signature_id.isascii() and signature_id.isdigit() and len(signature_id) < 19
    row = signers.contactable(found).filter(pk=int(signature_id)).first() if known else None
    if row is None:
        return not_found()
    _audit_read(request, found, 1)
    return _json(resources.signature_resource(row))


# --- The record-signature helper ------------------------------------------------------------

# The pipeline's field names, as the API's callers name them (for explaining a refusal).
API_FIELDS = {"name": "person.given_name", "email": "person.email_addresses", "country": "person.postal_addresses",
              "comment": "comments"}


def _form_data(body: dict, petition: Petition) -> QueryDict:
    """The OSDI body as the sign form would have posted it, with a form token of the petition
    (the token proves that a page was fetched; here the API token proves more)."""
    person = body.get("person") if isinstance(body.get("person"), dict) else {}
    name = " ".join(str(person.get(part) or "").strip() for part in ("given_name", "family_name")).strip()
    emails = person.get("email_addresses") if isinstance(person.get("email_addresses"), list) else []
    addresses = person.get("postal_addresses") if isinstance(person.get("postal_addresses"), list) else []
    email = next((str(e.get("address") or "") for e in emails if isinstance(e, dict)), "")
    country = next((str(a.get("country") or "").upper() for a in addresses if isinstance(a, dict)), "")
    data = QueryDict(mutable=True)
    data.update({"name": name, "email": email, "country": country, "comment": str(body.get("comments") or ""),
                 "form_token": issue_form_token(sign_form_scope(petition.pk))})
    for flag, key in (("organization_contact", "awaz:organization_contact"), ("show_publicly", "awaz:show_publicly"),
                      ("wants_updates", "awaz:wants_updates")):
        if body.get(key) is True:
            data[flag] = "on"
    return data


def _language(body: dict, petition: Petition) -> str:
    person = body.get("person") if isinstance(body.get("person"), dict) else {}
    spoken = person.get("languages_spoken") if isinstance(person.get("languages_spoken"), list) else []
    codes = {code for code, _name in settings.LANGUAGES}
    return next((str(code) for code in spoken if str(code) in codes), petition.original_language)


@token_view(Scope.WRITE_SIGNATURES)
def _record_signature(request, slug: str):
    found = _petition(request, slug)
    if found is None:
        return not_found()
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return bad_request("The body is not JSON.")
    if not isinstance(body, dict):
        return bad_request("The body is a JSON object.")
    language = _language(body, found)
    request.POST = _form_data(body, found)
    with translation.override(language):
        result = signature_sign(request=request, petition=found, language=language)
    if isinstance(result, Refused):
        if result.reason == CLOSED:
            return problem(409, "petition-closed", "Petition not open", "This petition takes no signatures.")
        if result.reason == RATE_LIMITED:
            return too_many_requests(result.limit.retry_after,
                                     "The signing limits refused this signature, as they would refuse the form.")
        if result.reason == PAUSED:
            response = problem(503, "signing-paused", "Signing paused",
                               "An operator has paused signing for now; try again later.")
            response["Retry-After"] = str(result.pause.retry_after())
            return response
        return problem(403, "cross-site", "Cross-site request", "Send this request from a server, not a web page.")
    if isinstance(result, NeedsExplaining):
        with translation.override("en"):
            errors = {API_FIELDS.get(field, field): [str(message) for message in messages]
                      for field, messages in result.form.errors.items()}
        return problem(422, "invalid-signature", "Invalid signature", "Some fields do not pass the form's rules.",
                       errors=errors)
    # Stored, or signed before: the same answer (nobody learns whether an address had signed).
    return _json({
        "awaz:status": "confirmation-sent",
        "awaz:detail": "The signer has been emailed a link; the signature counts once they confirm it.",
        "_links": {"osdi:petition": {"href": resources.api_url("api_org:petition", slug=found.slug)}},
    }, status=202)
