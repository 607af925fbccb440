"""Background work for news: the publisher of scheduled posts and the update emails."""

import logging

from django.urls import reverse
from django.utils import translation
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from awaz.core.mail import send_now
from awaz.core.onion import base_url
from awaz.news.models import PostDelivery
from awaz.news.services import post_publish_due
from awaz.news.update_emails import subscribers, update_email
from awaz.signatures.models import Signature
from awaz.signatures.sealing import update_address
from awaz.signatures.services import subscriber_link

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
def publish_due_posts() -> int:
    return post_publish_due()


BATCH = 500


@db_task()
def deliver_post(delivery_id: int) -> None:
    """Fan out one email task per subscriber, reading ids in batches (memory stays flat)."""
    delivery = PostDelivery.objects.filter(pk=delivery_id).first()
    if delivery is None:
        return
    last_id = 0
    while True:
        ids = list(subscribers(delivery.petition_id).filter(pk__gt=last_id).order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not ids:
            return
        for signature_id in ids:
            send_post_update(delivery_id, signature_id)
        last_id = ids[-1]


@db_task(retries=8, retry_delay=60)
def send_post_update(delivery_id: int, signature_id: int) -> None:
    delivery = PostDelivery.objects.select_related("post", "petition__organization").filter(pk=delivery_id).first()
    signature = Signature.objects.filter(pk=signature_id, wants_updates=True, confirmed_at__isnull=False).first()
    if delivery is None or signature is None:
        return  # withdrawn, erased or unsubscribed since the update was queued
    language = signature.language
    token = subscriber_link(signature)
    with translation.override(language):
        base = base_url(signature.via_onion)
        unsubscribe_url = base + reverse("signatures:unsubscribe", args=[token])
    address = update_address(signature)  # a sealed signer's separate update record
    if address is None:
        return
    try:
        message = update_email(
            post=delivery.post, petition=delivery.petition, to=address, name=signature.name,
            language=language, unsubscribe_url=unsubscribe_url, base=base,
        )
    except ValueError:
        logger.warning("Update email for signature %s not built: its address cannot be a header", signature_id)
        return
    send_now(message, f"Update email for signature {signature_id}")
