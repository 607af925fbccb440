"""What a sealed or count-only petition keeps of a signer once the confirmation email is out.

Until its confirmation email has gone, a signature holds the name, email and comment under the
server's own keys (awaz.core.crypto), because the email needs them. Right after it has gone,
`signatures_seal_after_email` (called by awaz.signatures.services.signer_emails_accepted,
where the outbox records that the mail server took a signer's email) rewrites the row:

- *sealed*: name, email and comment are sealed to the organization's public key
  (awaz.core.sealing) into `Signature.sealed`, and the server's ciphertexts of them are set to
  NULL, along with the email domain and the network hash. What stays readable: the blind index
  (duplicates, look-ups, withdrawal), the country, the times, the opt-in flags. A signer who
  asked for updates also gets an `UpdateRecipient` row: their address alone, under the server's
  key, erased on unsubscribe, withdrawal, erasure and retention;
- *count-only*: the same fields are set to NULL and nothing is sealed; the opt-in flags are
  cleared (no name can be shown, no update sent). The blind index and the country (for the
  tally, and for withdrawing exactly) remain.

The local outbox's .eml copy of the email (no SMTP server configured) is deleted too.

Such a row has no readable address, so "send it again" and signing again use the address the
visitor types: `address_for_email` stores it under the server's key for the one email about
to go, and the hook removes it again once that email is sent.
"""

import logging
from functools import lru_cache
from pathlib import Path

from django.db import DatabaseError, connection, transaction

from awaz.core.sealing import PublicKey, parse_public_key, seal_json
from awaz.petitions.models import Organization, Petition
from awaz.signatures import personal_data
from awaz.signatures.models import Signature, UpdateRecipient
from awaz.signatures.personal_data import Purpose

logger = logging.getLogger(__name__)

PRIVATE_MODES = (Petition.PrivacyMode.SEALED, Petition.PrivacyMode.COUNT_ONLY)
# Cleared in both private modes once the email is out: the details, and what would narrow a
# signer down (their mail domain; their network, whose hash key lives in the cache for days).
FORGOTTEN = {"name": None, "email": None, "comment": None, "email_domain": "", "network_hash": ""}


@lru_cache(maxsize=64)
def _public_key(text: str) -> PublicKey:
    return parse_public_key(text)


def organization_public_key(organization_id: int) -> PublicKey | None:
    text = Organization.objects.filter(pk=organization_id).values_list("sealing_public_key", flat=True).first()
    return _public_key(text) if text else None


def signatures_seal_after_email(signature: Signature, message=None) -> None:
    """Called once an email to this signer has been sent; keeps only what the petition's
    privacy mode allows. A no-op (and no query) for standard petitions."""
    mode = signature.petition.privacy_mode
    _delete_outbox_copy(message, mode)
    if mode not in PRIVATE_MODES:
        return
    fields = dict(FORGOTTEN)
    if mode == Petition.PrivacyMode.COUNT_ONLY:
        fields.update(show_publicly=False, wants_updates=False, organization_contact=False, language="")
    elif signature.sealed is None and signature.name is not None:
        key = organization_public_key(signature.petition.organization_id)
        if key is None:
            # privacy-mode and seal-key refuse to leave a sealed petition without a key, so this
            # is a database edited by hand: forgetting is safer than keeping the plaintext.
            logger.error("Sealed petition %s has no sealing key: signature %s was reduced to a count",
                         signature.petition_id, signature.pk)
            fields.update(show_publicly=False, wants_updates=False)
        else:
            fields["sealed"] = seal_details(signature, key)
            if signature.wants_updates and signature.email:
                UpdateRecipient.objects.update_or_create(signature_id=signature.pk, defaults={"email": signature.email})
    Signature.objects.filter(pk=signature.pk).update(**fields)
    signature.name = signature.email = signature.comment = None
    if connection.vendor == "sqlite":
        transaction.on_commit(_checkpoint_sqlite)


def signature_email_refused(signature_id: int) -> None:
    """The mail server refused a private-mode signer's email for good: their details are sealed
    (or forgotten) now, as if it had gone, rather than left readable for a retry that will not
    come. "Send it again" still works from the address typed again."""
    signature = personal_data.load(Signature.objects.select_related("petition").filter(pk=signature_id), Purpose.SEALING).first()
    if signature is not None and signature.petition.privacy_mode in PRIVATE_MODES:
        signatures_seal_after_email(signature)


def _checkpoint_sqlite() -> None:
    """SQLite's write-ahead log still holds the pages as they were before the update; move them
    into the database file (whose freed bytes secure_delete zeroes) and empty the log. Best
    effort: a checkpoint that a reader holds up now is done by the next one."""
    if connection.in_atomic_block:
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except DatabaseError:
        logger.warning("SQLite checkpoint after sealing did not run; the next one will")


def seal_details(signature: Signature, key: PublicKey | None = None) -> bytes:
    """Name, email, comment, language and signing time, sealed to the organization's key."""
    key = key or organization_public_key(signature.petition.organization_id)
    if key is None:
        raise ValueError("this petition's organization has no sealing key")
    return seal_json(key, {
        "name": signature.name or "", "email": signature.email or "", "comment": signature.comment or "",
        "language": signature.language, "country": signature.country,
        "signed_at": signature.created_at.isoformat(timespec="seconds"),
    })


def _delete_outbox_copy(message, mode: str) -> None:
    path = getattr(message, "awaz_outbox_path", None)
    if path and mode in PRIVATE_MODES:
        Path(path).unlink(missing_ok=True)
        logger.info("Deleted %s: signers of this petition keep no readable copy on the server", path)


def address_for_email(*, signature_id: int, email: str, language: str) -> None:
    """Give a private-mode signature the address just typed, for the one email about to go
    (confirmation again, or "already signed"); the hook takes it away once that is sent."""
    Signature.objects.filter(pk=signature_id, email__isnull=True).update(email=email, language=language)


def update_address(signature: Signature) -> str | None:
    """Where campaign updates go: the signature's own address, or for a sealed signature the
    separate record kept for that purpose alone."""
    if signature.email:
        return signature.email
    recipient = UpdateRecipient.objects.filter(signature_id=signature.pk).first()
    return recipient.email if recipient else None


def updates_stopped(signature_id: int) -> None:
    UpdateRecipient.objects.filter(signature_id=signature_id).delete()
