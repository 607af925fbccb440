"""OSDI representations (petitions, signatures) with HAL `_links` and `_embedded`."""

from django.urls import reverse
from django.utils import translation

from awaz.api.org.signers import comment_of, person_of
from awaz.core.links import absolute_url
from awaz.petitions.models import Petition
from awaz.signatures.counts import petition_numbers
from awaz.signatures.models import Signature

ORIGIN = "Awaz"


def _when(value) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def api_url(name: str, **kwargs) -> str:
    return absolute_url(reverse(name, kwargs=kwargs))


def _browser_url(petition: Petition) -> str:
    with translation.override(petition.original_language):
        return absolute_url(petition.get_absolute_url())


def petition_resource(petition: Petition) -> dict:
    original = petition.original()
    addressees = original.addressee_list() if original else []
    return {
        "identifiers": [f"awaz:{petition.slug}"],
        "origin_system": ORIGIN,
        "created_date": _when(petition.created_at),
        "modified_date": _when(petition.closed_at or petition.published_at or petition.created_at),
        "title": original.title if original else petition.slug,
        "summary": original.summary if original else "",
        "petition_text": original.body if original else "",
        "browser_url": _browser_url(petition),
        "total_signatures": petition_numbers(petition.pk).total,
        "target": [{"name": name} for name in addressees],
        "awaz:status": petition.status,
        "awaz:privacy_mode": petition.privacy_mode,
        "awaz:original_language": petition.original_language,
        "awaz:closes_at": _when(petition.closes_at),
        "_links": {
            "self": {"href": api_url("api_org:petition", slug=petition.slug)},
            "osdi:signatures": {"href": api_url("api_org:signatures", slug=petition.slug)},
            "osdi:record_signature_helper": {"href": api_url("api_org:signatures", slug=petition.slug)},
        },
    }


def signature_resource(signature: Signature) -> dict:
    slug = signature.petition.slug
    resource = {
        "identifiers": [f"awaz:{signature.pk}"],
        "origin_system": ORIGIN,
        "created_date": _when(signature.created_at),
        "modified_date": _when(signature.confirmed_at),
        "action_date": _when(signature.confirmed_at),
        "_links": {
            "self": {"href": api_url("api_org:signature", slug=slug, signature_id=signature.pk)},
            "osdi:petition": {"href": api_url("api_org:petition", slug=slug)},
        },
        "_embedded": {"osdi:person": person_of(signature)},
    }
    comment = comment_of(signature)
    if comment:
        resource["comments"] = comment
    return resource


def collection(*, name: str, items: list[dict], page: int, per_page: int, total: int, url: str) -> dict:
    pages = max(1, -(-total // per_page))
    links = {"self": {"href": f"{url}?page={page}&per_page={per_page}"}}
    if page < pages:
        links["next"] = {"href": f"{url}?page={page + 1}&per_page={per_page}"}
    if page > 1:
        links["prev"] = {"href": f"{url}?page={page - 1}&per_page={per_page}"}
    links[name] = [item["_links"]["self"] for item in items]
    return {"total_pages": pages, "per_page": per_page, "page": page, "total_records": total,
            "_links": links, "_embedded": {name: items}}
