"""The outbox's emails, rendered once per batch and filled in (awaz.signatures.signer_emails),
are the emails the templates render for each signer, byte for byte."""

import re
from unittest import mock

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from awaz.core.mail import build_email
from awaz.core.onion import base_url
from awaz.signatures import outbox
from awaz.signatures.models import Signature
from awaz.signatures.signer_emails import PreparedEmail
from awaz.signatures.tokens import claimed_token
from tests.factories import make_organization, make_petition

HOSTILE_NAMES = [
    "Amina Tursun",
    "",
    '<script>alert("x")</script> & \'quoted\'',
    "{{ confirm_url }} {% now 'Y' %} %(name)s %s",
    "عائشة <b>",
    "ئابدۇرېھىم & co",
    "Zoë\u00a0O’Brien",
    "\ue000marker-looking\ue001",
]
LANGUAGES = ["en", "ar", "ug", "ug-latn", "zh-hans", "ru"]


def _reference(signature) -> object:
    """The email as the templates render it for this one signer (awaz.core.mail.build_email)."""
    with_confirm = not signature.is_confirmed
    petition = signature.petition
    base = base_url(signature.via_onion)
    translation_row, _ = petition.translated(signature.language)
    with translation.override(signature.language):
        context = {
            "name": signature.name,
            "petition_title": translation_row.title if translation_row else petition.slug,
            "days": settings.CONFIRMATION_DAYS,
            "BASE_URL": base,
            "withdraw_url": base + reverse("signatures:withdraw", args=[claimed_token("withdraw", signature.send_claim)[0]]),
            "petition_url": base + petition.get_absolute_url(),
        }
        if with_confirm:
            context["confirm_url"] = base + reverse("signatures:confirm", args=[claimed_token("confirm", signature.send_claim)[0]])
    name = ("remind_signature" if signature.reminder_due else "confirm_signature") if with_confirm else "already_signed"
    return build_email(name, signature.email, context, signature.language, organization=petition.organization)


def _signatures(petition, **fields) -> list[Signature]:
    rows = []
    for n, (language, name) in enumerate((language, name) for language in LANGUAGES for name in HOSTILE_NAMES):
        rows.append(Signature.objects.create(
            petition=petition, email_index=f"index-{n}-{fields}", name=name, email=f"signer{n}@example.org",
            country="FR", language=language, send_claim=f"{n:032x}", **fields,
        ))
    return list(Signature.objects.with_personal_data().filter(pk__in=[row.pk for row in rows]).select_related("petition__organization"))


BOUNDARY = re.compile(rb"===============\d+==")


def _same(fast, reference) -> None:
    assert fast.subject == reference.subject
    assert fast.body == reference.body
    assert fast.alternatives == reference.alternatives
    assert (fast.from_email, fast.reply_to, fast.to) == (reference.from_email, reference.reply_to, reference.to)
    # The MIME bytes too, as Django generates them (the random part boundary aside).
    reference.extra_headers.update(fast.extra_headers)
    fast_bytes, reference_bytes = fast.message().as_bytes(linesep="\r\n"), reference.message().as_bytes(linesep="\r\n")
    assert BOUNDARY.sub(b"B", fast_bytes) == BOUNDARY.sub(b"B", reference_bytes)


@pytest.mark.django_db
@pytest.mark.parametrize("fields", [{}, {"reminder_due": True}, {"confirmed_at": "2026-01-01T00:00:00Z"}],
                         ids=["confirm", "reminder", "already-signed"])
def test_it_renders_the_templates_bytes_for_every_language_and_hostile_name(fields):
    organization = make_organization(name="Ligue <des> «droits»", brand_colour="#123456", reply_to="team@example.org")
    petition = make_petition(organization=organization, translations={
        "en": {"title": "Protect <the> data & \"people\"", "summary": "s", "body": "b", "addressees": "a"},
        "ar": {"title": "احموا البيانات", "summary": "s", "body": "b", "addressees": "a"},
        "ug": {"title": "سانلىق مەلۇماتنى قوغداڭ", "summary": "s", "body": "b", "addressees": "a"},
    })
    batch = outbox._Batch(smtp=None)
    subjects = {}
    for signature in _signatures(petition, **fields):
        fast = outbox._email_for(signature, batch)
        _same(fast, _reference(signature))
        assert isinstance(fast, PreparedEmail)  # filled in, not generated
        subjects[signature.language] = fast.subject
    assert len(set(subjects.values())) == len(LANGUAGES)  # each in its own language


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["zoë@example.org", "amina@exämple.org", "a" * 60 + "@example.org"])
def test_an_address_that_needs_encoding_gets_its_message_generated_in_full(petition, email):
    signature = Signature.objects.create(petition=petition, email_index="i", name="Amina", email=email,
                                         country="FR", language="ar", send_claim="c" * 32)
    signature = Signature.objects.with_personal_data().select_related("petition__organization").get(pk=signature.pk)
    fast = outbox._email_for(signature, outbox._Batch(smtp=None))
    assert not isinstance(fast, PreparedEmail)
    _same(fast, _reference(signature))


@pytest.mark.django_db
def test_a_quoted_address_is_filled_in_as_django_writes_it(petition):
    signature = Signature.objects.create(petition=petition, email_index="i", name="Amina",
                                         email='"quoted local"@example.org', country="FR", language="en",
                                         send_claim="c" * 32)
    signature = Signature.objects.with_personal_data().select_related("petition__organization").get(pk=signature.pk)
    _same(outbox._email_for(signature, outbox._Batch(smtp=None)), _reference(signature))


@pytest.mark.django_db
def test_it_keeps_onion_links_and_two_petitions_apart(settings):
    settings.ONION_URL = "http://" + "a" * 56 + ".onion"
    first, second = make_petition(), make_petition()
    batch = outbox._Batch(smtp=None)
    rows = [Signature.objects.create(petition=petition, email_index=f"i{n}", name="Ayşe", email=f"s{n}@example.org",
                                     country="TR", language="tr", send_claim=f"{n:032x}", via_onion=onion)
            for n, (petition, onion) in enumerate([(first, False), (second, False), (first, True), (second, True)])]
    for signature in Signature.objects.with_personal_data().filter(pk__in=[r.pk for r in rows]).select_related("petition__organization"):
        fast = outbox._email_for(signature, batch)
        _same(fast, _reference(signature))
        assert (".onion/" in fast.body) is signature.via_onion


@pytest.mark.django_db
def test_it_renders_each_template_once_per_language_and_petition_in_a_batch(petition):
    signatures = _signatures(petition)
    batch = outbox._Batch(smtp=None)
    with mock.patch("awaz.signatures.signer_emails.render_to_string", wraps=render_to_string) as render:
        for signature in signatures:
            outbox._email_for(signature, batch)
    # Three templates for each language, with a name and without one.
    assert render.call_count == 3 * len(LANGUAGES) * 2
