"""Test data for the public API: petitions in every state, with signers whose names and
addresses are known, so a test can look for them in every answer."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from awaz.petitions.models import Petition
from awaz.signatures.counts import forget_numbers, tally_add
from awaz.signatures.services import signature_confirm
from tests.factories import (
    make_organization,
    make_outcome,
    make_pending_signature,
    make_petition,
    make_post,
    make_response,
    make_tag,
    make_target,
    make_threshold,
)

# What no public answer may contain.
SECRETS = [
    "Zulpiye Secretname", "zulpiye.secret@example.net", "Ilham Hidden", "ilham.hidden@tiny-domain.example",
    "private-comment-8c1f", "target.private@ministry.example", "replies-private@campaign.example",
    "member.private@campaign.example", "tiny-domain.example",
]


@dataclass
class World:
    open_petition: Petition
    closed_petition: Petition
    sealed_petition: Petition
    draft_petition: Petition
    posts: list = field(default_factory=list)
    tag: object = None


def confirmed(petition, *, name: str, email: str, country: str = "DE", **overrides):
    signature, token = make_pending_signature(petition, name=name, email=email, country=country, **overrides)
    signature_confirm(token=token)
    return signature


def add_signatures(petition, country: str, n: int) -> None:
    tally_add(petition_id=petition.pk, country=country, delta=n)
    forget_numbers(petition.pk)


def seed() -> World:
    from tests.factories import make_member

    org = make_organization(name="Uyghur Voices", slug="uyghur-voices", reply_to="replies-private@campaign.example",
                            description="We speak up.")
    make_member(org, email="member.private@campaign.example")
    # Opened before its threshold fell, whatever the time of day (the timeline is in days: a
    # petition opened today with a threshold reached two hours ago swapped them after midnight).
    open_petition = make_petition(
        organization=org, slug="free-them", goal=1000, published_at=timezone.now() - timedelta(hours=3),
        translations={
            "en": {"title": "Free them", "summary": "Now.", "body": "Read **this**.", "addressees": "The UN\nThe EU"},
            "fr": {"title": "Libérez-les", "summary": "Maintenant.", "body": "Lisez.", "addressees": "L'ONU"},
        },
    )
    confirmed(open_petition, name="Zulpiye Secretname", email="zulpiye.secret@example.net", country="DE",
              show_publicly=True, comment="private-comment-8c1f")
    confirmed(open_petition, name="Ilham Hidden", email="ilham.hidden@tiny-domain.example", country="IS")
    add_signatures(open_petition, "DE", 6)  # DE: 7, shown; IS: 1, grouped with the others
    target = make_target(open_petition, email="target.private@ministry.example", public_contact="press@un.example")
    make_threshold(open_petition, 5, reached_at=timezone.now() - timedelta(hours=2), reached_count=5)
    make_threshold(open_petition, 500)  # not reached: the campaign's own plan, not public
    make_response(open_petition, target=target, published_at=timezone.now())

    closed_petition = make_petition(organization=org, slug="closed-one", status=Petition.Status.CLOSED,
                                    closed_at=timezone.now() - timedelta(days=1))
    make_outcome(closed_petition, kind="won", declared_at=timezone.now())
    add_signatures(closed_petition, "FR", 12)
    expired = make_petition(slug="past-its-date", closes_at=timezone.now() - timedelta(days=1))
    add_signatures(expired, "TR", 3)

    sealed_petition = make_petition(
        slug="sealed-one", translations={"ug": {"title": "مۆھۈرلەنگەن", "body": "تېكىست"}}, original_language="ug",
    )
    Petition.objects.filter(pk=sealed_petition.pk).update(privacy_mode=Petition.PrivacyMode.SEALED)
    sealed_petition.refresh_from_db()
    confirmed(sealed_petition, name="Zulpiye Secretname", email="zulpiye.secret@example.net", country="NL")

    draft_petition = make_petition(organization=org, slug="draft-one", status=Petition.Status.DRAFT)

    tag = make_tag(name="Advocacy", slug="advocacy")
    posts = [
        make_post(organization=org, slug="first-news", featured_petition=open_petition, tags=[tag],
                  translations={"en": {"title": "First", "place": "Geneva", "body": "Body."},
                                "ja": {"title": "最初", "place": "ジュネーブ", "body": "本文。"}}),
        make_post(slug="second-news", featured_petition=draft_petition,
                  publish_at=timezone.now() - timedelta(hours=3)),
        make_post(slug="draft-news", status="draft", publish_at=None),
        make_post(slug="future-news", status="scheduled", publish_at=timezone.now() + timedelta(days=1)),
    ]
    return World(open_petition, closed_petition, sealed_petition, draft_petition, posts, tag)
