"""What the public API says about petitions, posts and organizations: plain dicts with the
field names the OpenAPI document (spec.py) gives, and nothing about any signer.

Only public objects reach here (the views filter them), and only fields a public page shows:
a petition's texts, numbers (countries grouped below COUNTRY_MIN_GROUP, as on the page), its
reached thresholds and timeline; never a name, an email, a network, a comment, a target's
private address, an organization's reply-to address, nor a threshold not yet reached (the page
does not show those either). Sealed and count-only petitions say the same as their page: the
numbers, and which privacy mode protects their signers.
"""

from datetime import datetime, timezone

from django.conf import settings
from django.urls import reverse
from django.utils.translation import override

from awaz.core.links import absolute_url
from awaz.core.milestones import goal_for
from awaz.core import switches
from awaz.fraud.counts import removed_numbers
from awaz.news.models import Post
from awaz.outcomes.timeline import timeline_data
from awaz.petitions.models import Organization, Petition
from awaz.signatures.counts import PetitionNumbers
from awaz.transparency.services import log_links


def moment(value: datetime | None) -> str | None:
    return value.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z") if value else None


def api_url(name: str, **kwargs) -> str:
    return absolute_url(reverse(name, kwargs=kwargs))


def page_url(obj, language: str) -> str:
    """The object's public page in `language` (the site's address, never the request's Host)."""
    with override(language):
        return absolute_url(obj.get_absolute_url())


def _languages(obj) -> list[str]:
    return sorted(t.language for t in obj.translations.all())


def _text(obj, language: str | None):
    """The translation in `language` when there is one, else the original's."""
    translation, _fallback = obj.translated(language or obj.original_language)
    return translation


def organization_ref(organization: Organization) -> dict:
    return {
        "slug": organization.slug,
        "name": organization.name,
        "url": api_url("api_organization", slug=organization.slug),
    }


def petition_state(petition: Petition) -> str:
    """"open" while it takes signatures, else "closed" (closed by hand or past its date)."""
    return "open" if petition.is_accepting_signatures() else "closed"


def petition_summary(petition: Petition, numbers: PetitionNumbers, language: str | None = None) -> dict:
    text = _text(petition, language)
    text_language = text.language if text else petition.original_language
    return {
        "slug": petition.slug,
        "url": api_url("api_petition", slug=petition.slug),
        "html_url": page_url(petition, text_language),
        "status": petition_state(petition),
        "privacy_mode": petition.privacy_mode,
        "organization": organization_ref(petition.organization),
        "original_language": petition.original_language,
        "languages": _languages(petition),
        "language": text_language,
        "title": text.title if text else petition.slug,
        "summary": text.summary if text else "",
        "signature_count": numbers.total,
        "goal": goal_for(numbers.total, petition.goal),
        "featured": petition.featured,
        "image_url": absolute_url(petition.image_card_url) if petition.image else None,
        "created_at": moment(petition.created_at),
        "published_at": moment(petition.published_at),
        "closes_at": moment(petition.closes_at),
        "closed_at": moment(petition.closed_at),
    }


def _translation(text) -> dict:
    return {
        "language": text.language,
        "title": text.title,
        "summary": text.summary,
        "body": text.body,
        "addressees": text.addressee_list(),
        "image_alt": text.image_alt,
    }


def petition_detail(petition: Petition, numbers: PetitionNumbers, language: str | None = None) -> dict:
    removed = removed_numbers(petition.pk)
    hidden = switches.petition_switches(petition.pk).hide_countries
    story = timeline_data(petition, language or petition.original_language)
    # The day only, as the page's timeline: the exact second would date one signer's confirmation.
    thresholds = [
        {"count": t.count, "reached_on": t.reached_at.astimezone(timezone.utc).date().isoformat()}
        for t in petition.thresholds.filter(reached_at__isnull=False).order_by("count")
    ]
    log = log_links(petition)
    return {
        **petition_summary(petition, numbers, language),
        "translations": [_translation(t) for t in sorted(petition.translations.all(), key=lambda t: t.language)],
        "signatures": {
            "total": numbers.total,
            # An operator may hide the counts by country (awaz.core.switches), as on the page.
            "by_country": [] if hidden else [{"country": code, "count": n} for code, n in numbers.by_country],
            "other_countries": 0 if hidden else numbers.other_countries,
            "countries_hidden": hidden,
            "removed_as_fraudulent": {
                "total": removed.total,
                "by_reason": [{"reason": reason, "count": n} for reason, n in removed.by_reason],
                "reversed": removed.reversed,
            },
        },
        "thresholds": thresholds,
        "targets": story["targets"],
        "timeline": story["timeline"],
        "outcome": story["outcome"],
        "transparency_log": {"url": log["log_url"], "key": log["log_key"]},
    }


def post_summary(post: Post, language: str | None = None) -> dict:
    text = _text(post, language)
    text_language = text.language if text else post.original_language
    petition = post.featured_petition
    return {
        "slug": post.slug,
        "url": api_url("api_post", slug=post.slug),
        "html_url": page_url(post, text_language),
        "organization": organization_ref(post.organization),
        "original_language": post.original_language,
        "languages": _languages(post),
        "language": text_language,
        "title": text.title if text else post.slug,
        "place": text.place if text else "",
        "summary": text.summary if text else "",
        "published_at": moment(post.publish_at),
        "tags": [{"slug": tag.slug, "name": tag.name} for tag in post.tags.all()],
        "featured_petition": (
            api_url("api_petition", slug=petition.slug)
            if petition is not None and petition.status != Petition.Status.DRAFT else None
        ),
        "image_url": absolute_url(post.featured_image.url) if post.featured_image else None,
    }


def post_detail(post: Post, language: str | None = None) -> dict:
    translations = sorted(post.translations.all(), key=lambda t: t.language)
    return {
        **post_summary(post, language),
        "translations": [
            {"language": t.language, "title": t.title, "place": t.place, "summary": t.summary, "body": t.body,
             "image_alt": t.image_alt}
            for t in translations
        ],
    }


def organization(org: Organization) -> dict:
    translations = {t.language: t.description for t in org.translations.all() if t.description}
    with override(settings.LANGUAGE_CODE):
        html_url = absolute_url(reverse("organization", kwargs={"slug": org.slug}))
    return {
        "slug": org.slug,
        "url": api_url("api_organization", slug=org.slug),
        "html_url": html_url,
        "name": org.name,
        "website": org.website,
        "description": org.description,
        "descriptions": [{"language": code, "description": translations[code]} for code in sorted(translations)],
        "logo_url": absolute_url(org.logo_url) if org.logo else None,
        "petitions": api_url("api_petitions") + f"?organization={org.slug}",
        "news": api_url("api_posts") + f"?organization={org.slug}",
    }
