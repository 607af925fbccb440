"""Background work for signatures. Tasks receive ids only: no personal data ever sits in the
queue, whose storage is a file or a Redis instance that is not encrypted."""

import logging

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from awaz.core.mail import build_email
from awaz.core.onion import base_url
from awaz.signatures.sealing import signatures_seal_after_email

logger = logging.getLogger(__name__)

EMAIL_RETRIES = 8
EMAIL_RETRY_DELAY = 60


def _links(signature, *, with_confirm: bool, also: dict | None = None) -> dict:
    """Fresh links for one email, saved in one UPDATE together with `also`."""
    from awaz.signatures.models import Signature
    from awaz.signatures.tokens import new_token

    confirm_token, confirm_hash = new_token()
    withdraw_token, withdraw_hash = new_token()
    fields = {"withdraw_token_hash": withdraw_hash, **(also or {})}
    if with_confirm:
        fields.update(confirm_token_hash=confirm_hash, token_sent_at=timezone.now())
    # A new email makes new links; the previous links stop working.
    Signature.objects.filter(pk=signature.pk).update(**fields)
    base = base_url(signature.via_onion)
    with translation.override(signature.language):
        links = {"withdraw_url": base + reverse("signatures:withdraw", args=[withdraw_token])}
        if with_confirm:
            links["confirm_url"] = base + reverse("signatures:confirm", args=[confirm_token])
        links["petition_url"] = base + signature.petition.get_absolute_url()
        links["BASE_URL"] = base
    return links


def email_signer(signature, email_name: str, *, with_confirm: bool, connection=None, also: dict | None = None,
                 titles: dict | None = None) -> None:
    """Render and send one email to a loaded signature (petition loaded with it). `titles` caches
    petition titles by (petition, language) across a batch."""
    key = (signature.petition_id, signature.language)
    if titles is None or key not in titles:
        translation_row, _ = signature.petition.translated(signature.language)
        title = translation_row.title if translation_row else signature.petition.slug
        if titles is not None:
            titles[key] = title
    else:
        title = titles[key]
    context = {
        "name": signature.name,
        "petition_title": title,
        "days": settings.CONFIRMATION_DAYS,
        **_links(signature, with_confirm=with_confirm, also=also),
    }
    message = build_email(email_name, signature.email, context, signature.language, connection=connection)
    message.send()
    signatures_seal_after_email(signature, message)


def _send(signature_id: int, email_name: str, *, with_confirm: bool) -> None:
    from awaz.signatures.models import Signature

    signature = Signature.objects.select_related("petition").filter(pk=signature_id).first()
    if signature is None:
        return  # withdrawn or erased before the email went out
    email_signer(signature, email_name, with_confirm=with_confirm)


@db_task(retries=EMAIL_RETRIES, retry_delay=EMAIL_RETRY_DELAY)
def send_confirmation(signature_id: int) -> None:
    _send(signature_id, "confirm_signature", with_confirm=True)


@db_task(retries=EMAIL_RETRIES, retry_delay=EMAIL_RETRY_DELAY)
def send_already_signed(signature_id: int) -> None:
    _send(signature_id, "already_signed", with_confirm=False)


@db_task(retries=EMAIL_RETRIES, retry_delay=EMAIL_RETRY_DELAY)
def handle_resend_requests() -> None:
    """Queued after each "send it again"; the requests themselves wait in the database."""
    from awaz.signatures.services import resend_requests_handle

    while resend_requests_handle() > 0:
        pass


@db_periodic_task(crontab(minute="*"))
def handle_resend_requests_left_over() -> None:
    """Requests whose queued task was lost (a queue restarted): looked up within a minute."""
    handle_resend_requests.call_local()


@db_periodic_task(crontab(minute="17"))
def delete_unconfirmed_signatures() -> None:
    from awaz.signatures.services import signatures_delete_unconfirmed

    signatures_delete_unconfirmed()
