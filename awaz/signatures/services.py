"""Every write to a signature row is a function here; views, the express lane, the admin, tasks,
commands and the other apps call them (the outbox's claim and delivery marks, reminders, comment
moderation, cleaning up, retention, fraud removals and key rotation included). The private
modes' rewrite of a row after its email (awaz.signatures.sealing) is one step of
`signer_emails_accepted` and `_email_existing_signer`, called from nowhere else.
A test holds this (tests/signatures/test_writes.py reads the source).

Signing itself is awaz.signatures.signing's pipeline, which ends in `signature_submit`.
"""

import copy
import enum
import logging
import secrets
from dataclasses import dataclass
from functools import partial
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from awaz.core import onion
from awaz.core.crypto import blind_index, blind_indexes
from awaz.core.email_address import email_domain, normalize_email
from awaz.core.network import email_domain_label
from awaz.petitions.models import Petition
from awaz.signatures import comments, confirmations, outbox, personal_data, reminders, sealing, signals, tasks
from awaz.signatures.counts import forget_numbers, forget_recent_signers, numbers_of, tally_add, tally_shard
from awaz.signatures.inserts import insert_signature_row
from awaz.signatures.models import EMAIL_PAUSE, MAX_EMAILS_PER_SIGNATURE, ResendRequest, Signature
from awaz.signatures.personal_data import Purpose
from awaz.signatures.tokens import claimed_token, looks_like_token, token_hash
from awaz.transparency.services import WITHDRAWN, log_addition, log_removals, new_receipt, receipt_hour
from awaz.webhooks.events import event_record
from awaz.webhooks.models import EventKind

logger = logging.getLogger(__name__)



@dataclass(frozen=True)
class SignerDetails:
    name: str
    email: str
    country: str
    comment: str = ""
    show_publicly: bool = False
    wants_updates: bool = False
    show_comment: bool = False  # with the name, so only if show_publicly too
    organization_contact: bool = False  # the petition's organization may contact the signer


def email_index_for(email: str) -> str:
    """The index new rows get: under the current blind index key."""
    return blind_index(normalize_email(email))


def email_indexes_for(email: str) -> list[str]:
    """The address's index under every configured key, current first. While
    `awaz rotate_keys --blind-index` runs, rows still carry an old key's index."""
    return blind_indexes(normalize_email(email))


def signature_submit(*, petition: Petition, details: SignerDetails, language: str, network_tag: str = "",
                     held_rule_id: int | None = None) -> None:
    """Record a new, unconfirmed signature and send its confirmation email. `network_tag` is
    the fraud desk's tag of the signer's network (awaz.core.network.network_rate_key_and_tag). With
    `held_rule_id` (a defence rule's verdict, awaz.defences) the row is held for review: the
    same statement, the same email, never counted until a moderator releases it.

    Signing again with an address that already signed changes nothing that a visitor can see,
    and takes the same work and time: the same one statement (awaz.signatures.inserts) puts
    an email in the outbox within the email limits, and the worker sends the link again, or
    "you have already signed" to a confirmed signer. Nothing here reveals whether the address
    had signed.
    """
    indexes = email_indexes_for(details.email)
    if len(indexes) > 1 and Signature.objects.filter(petition=petition, email_index__in=indexes[1:]).exists():
        # Mid-rotation only: the unique constraint sees the current key's index alone.
        _email_existing_signer(petition=petition, indexes=indexes, email=details.email, language=language)
        return
    _insert_signature(petition_id=petition.pk, email_index=indexes[0], details=details, language=language,
                      network_tag=network_tag, held_rule_id=held_rule_id)
    # The row is its own outbox entry (confirmation_due); a worker sends the email.
    transaction.on_commit(outbox.confirmation_due_now)


def _insert_signature(*, petition_id: int, email_index: str, details: SignerDetails, language: str,
                      network_tag: str, held_rule_id: int | None = None) -> int:
    """Insert the row, or count a repeat of it (awaz.signatures.inserts); its id either way."""
    now = timezone.now()
    return insert_signature_row({
        "petition": petition_id, "email_index": email_index, "name": details.name, "email": details.email,
        "comment": details.comment or None, "email_domain": email_domain_label(email_domain(details.email)), "network_hash": network_tag,
        "country": details.country, "language": language, "show_publicly": details.show_publicly,
        "wants_updates": details.wants_updates, "is_demo": False, "created_at": now, "confirmation_due": True,
        "emails_sent": 1, "last_email_at": now, "via_onion": onion.came_through_onion(),
        "comment_shown": bool(details.show_comment and details.show_publicly and details.comment),
        "held_at": now if held_rule_id is not None else None, "held_rule": held_rule_id,
        "organization_contact": details.organization_contact,
    })


def _claim_email_slot(signature_id: int) -> bool:
    """Reserve the right to send one more email for this signature and put it in the outbox
    (a conditional update, so two concurrent requests cannot both get it). The outbox sends
    the confirmation link again, or "you have already signed" once the signature is confirmed;
    an email already on its way absorbs the request."""
    now = timezone.now()
    claimed = (
        Signature.objects.filter(pk=signature_id, emails_sent__lt=MAX_EMAILS_PER_SIGNATURE)
        .filter(Q(last_email_at__isnull=True) | Q(last_email_at__lte=now - EMAIL_PAUSE))
        .update(emails_sent=F("emails_sent") + 1, last_email_at=now, confirmation_due=True)
    )
    return claimed == 1


def _email_existing_signer(*, petition: Petition, indexes: list[str], email: str, language: str) -> None:
    existing = Signature.objects.filter(petition=petition, email_index__in=indexes).only("pk").first()
    if existing is None:
        return
    with transaction.atomic():  # a worker must not claim the email before it has its address
        if not _claim_email_slot(existing.pk):
            return
        # A sealed or count-only signature keeps no readable address: this email goes to the one typed.
        sealing.address_for_email(signature_id=existing.pk, email=email, language=language)
    # robust: a worker nudge that fails is logged, never shown to the visitor; the email is in
    # the outbox already and a worker's poll finds it.
    transaction.on_commit(outbox.confirmation_due_now, robust=True)


def signature_resend(*, petition: Petition, email: str, language: str = "en") -> None:
    """Ask for the confirmation email again (or "already signed"), within the email limits.

    The request is only recorded here, the same way for every address: the worker looks it up
    (`resend_requests_handle`), so no answer or timing tells whether the address has signed.
    Unknown addresses get nothing.
    """
    ResendRequest.objects.create(petition=petition, email=email, language=language)
    transaction.on_commit(tasks.handle_resend_requests, robust=True)


def resend_requests_handle(*, limit: int = 100) -> int:
    """The worker's half of "send it again": each recorded request is looked up, put in the
    outbox if its address signed and the email limits allow, and deleted. Returns how many."""
    with transaction.atomic():
        pending = ResendRequest.objects.select_related("petition").order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            pending = pending.select_for_update(skip_locked=True, of=("self",))
        requests = list(pending[:limit])
        for request in requests:
            _email_existing_signer(petition=request.petition, indexes=email_indexes_for(request.email),
                                   email=request.email, language=request.language)
        ResendRequest.objects.filter(pk__in=[request.pk for request in requests]).delete()
    return len(requests)


# --- The outbox: each email's send claim, committed before and reconciled after SMTP ---------
# (awaz.signatures.outbox sends; docs/email-delivery.md explains every crash window)

EMAIL_RETRY_FIRST = 30  # seconds after a deferred delivery, doubling up to EMAIL_RETRY_MAX
EMAIL_RETRY_MAX = 3600


def _emails_claimable(now):
    return Signature.objects.filter(confirmation_due=True).filter(
        Q(send_claimed_until__isnull=True) | Q(send_claimed_until__lt=now)
    )


def signer_emails_due() -> bool:
    """Whether any email is due and free to claim (reads the partial index of due rows)."""
    return _emails_claimable(timezone.now()).exists()


def signer_emails_claim(*, limit: int) -> list[Signature]:
    """Claim up to `limit` due emails for this worker, and commit the claims before any is sent.

    A claim is a random value saved with the row, with the hashes of the links derived from it
    (awaz.signatures.tokens.claimed_token) and a lease: until `send_claimed_until` no other
    worker takes the row. A row whose lease ran out while it was still due (its worker died, or
    the database went away before the worker could record the outcome) is claimed again with
    its claim unchanged, so the email goes out again identical, same links and Message-ID;
    unless the row says it was handed over (signer_email_handed_over): the server may have it,
    so it is recorded as delivered instead.
    On PostgreSQL, SKIP LOCKED keeps concurrent workers off each other's rows.
    """
    now = timezone.now()
    delivered = []
    handed_over = 0
    with transaction.atomic():
        # `of=("self",)`: lock the signatures only; their petition is shared by every batch.
        due = _emails_claimable(now).select_for_update(skip_locked=True, of=("self",))
        # The email needs the name and address; a private-mode row is sealed, comment included,
        # once it is sent (awaz.signatures.sealing).
        due = personal_data.load(due, Purpose.EMAIL)
        signatures = list(due.select_related("petition__organization").order_by("pk")[:limit])
        for signature in signatures:
            if signature.send_claim is None:
                signature.send_claim = secrets.token_hex(16)
                if not signature.signer_confirmed:
                    signature.token_sent_at = now
            elif signature.send_handed_over:
                # Its worker died after handing the whole email over (awaz.core.smtp): the mail
                # server may well have it, and sending it again could only give the signer two.
                handed_over += 1
                delivered.append(signature)
            elif signature.signer_confirmed and signature.confirm_token_hash == claimed_token("confirm", signature.send_claim)[1]:
                # Confirmed with this very email's link: it was delivered before its worker died.
                delivered.append(signature)
            # The same hashes again for a claim taken up again (unless the secret key changed
            # meanwhile: then the new copy's links are the ones that work).
            signature.withdraw_token_hash = claimed_token("withdraw", signature.send_claim)[1]
            if not signature.signer_confirmed:
                signature.confirm_token_hash = claimed_token("confirm", signature.send_claim)[1]
            signature.send_claimed_until = now + timedelta(seconds=settings.EMAIL_CLAIM_SECONDS)
        _claims_save(signatures)
    if handed_over:
        logger.warning("%s email(s) had been handed to the mail server by a worker that stopped before its reply;"
                       " recorded as delivered, not sent again", handed_over)
    if delivered:
        signer_emails_accepted(emails=[(signature, signature.send_claim, None) for signature in delivered])
    return [signature for signature in signatures if signature not in delivered]


def _claims_save(signatures: list[Signature]) -> None:
    """One UPDATE per row, sent together (psycopg's executemany pipelines them): much less CPU
    than bulk_update's CASE expressions, in the same transaction."""
    table = connection.ops.quote_name(Signature._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET send_claim = %s, send_claimed_until = %s, withdraw_token_hash = %s,"
            " confirm_token_hash = %s, token_sent_at = %s WHERE id = %s",
            [(s.send_claim, adapt(s.send_claimed_until), s.withdraw_token_hash, s.confirm_token_hash,
              adapt(s.token_sent_at), s.pk) for s in signatures],
        )


def _claimed(signature_id: int, claim: str):
    return Signature.objects.filter(pk=signature_id, send_claim=claim)


def signer_emails_accepted(*, emails: list[tuple[Signature, str, object]]) -> None:
    """The mail server accepted these emails, each (signature, its claim, the message or None):
    each row still on that claim leaves the outbox, its claim (from which its links derive) is
    erased, and a sealed or count-only petition's row keeps only what its mode allows
    (awaz.signatures.sealing), all in one transaction. Safe to call again after a failure: a
    row already recorded is no longer on its claim, and is left alone.

    Called with a batch's accepted emails once its SMTP session is over (awaz.signatures.outbox:
    every one of them was marked handed over before its dot, so a worker killed before this
    write leaves rows that the next claim records as delivered), and by signer_emails_claim for
    the emails a killed worker had handed over (docs/email-delivery.md). Standard petitions'
    rows are one UPDATE each, sent together (psycopg pipelines executemany), and one commit; the
    worker's sending loop runs with `synchronous_commit` off
    (awaz.signatures.outbox.relay_due_confirmations), so the commit is visible, and survives the
    worker, the moment it returns without waiting for its WAL flush."""
    standard = [(signature.pk, claim) for signature, claim, _ in emails
                if signature.petition.privacy_mode not in sealing.PRIVATE_MODES]
    private = [email for email in emails if email[0].petition.privacy_mode in sealing.PRIVATE_MODES]
    table = connection.ops.quote_name(Signature._meta.db_table)
    with transaction.atomic():
        if standard:
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {table} SET confirmation_due = %s, send_claim = NULL, send_claimed_until = NULL,"
                    " send_handed_over = %s, send_failures = 0, reminder_due = %s WHERE id = %s AND send_claim = %s",
                    [(False, False, False, pk, claim) for pk, claim in standard],
                )
        for signature, claim, message in private:
            if _claimed(signature.pk, claim).update(confirmation_due=False, send_claim=None, send_claimed_until=None,
                                                    send_handed_over=False, send_failures=0, reminder_due=False):
                # A copy: the hook clears the details it seals, and a rolled-back attempt is retried.
                sealing.signatures_seal_after_email(copy.copy(signature), message)


def signer_email_handed_over(*, signature_id: int, claim: str) -> bool:
    """The whole email is with the mail server but for the final "." of DATA (awaz.core.smtp):
    written, in its own commit, before that dot is sent, so that a worker killed from then on
    leaves a row that says so, and the email is never sent twice (signer_emails_claim). False
    if the row is no longer this claim's (withdrawn, erased meanwhile): then the dot is not
    sent. One UPDATE in autocommit, for each email (the accepted ones are written together)."""
    table = connection.ops.quote_name(Signature._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET send_handed_over = %s WHERE id = %s AND send_claim = %s",
                       [True, signature_id, claim])
        return cursor.rowcount == 1


def signer_email_deferred(*, signature_id: int, claim: str, failures: int) -> None:
    """Not sent (server down, busy, a 4xx reply, no reply at all): the email stays due with the
    same claim and is tried again after a pause that doubles with each failure."""
    pause = min(EMAIL_RETRY_MAX, EMAIL_RETRY_FIRST * 2 ** min(failures, 16))
    _claimed(signature_id, claim).update(send_claimed_until=timezone.now() + timedelta(seconds=pause),
                                         send_handed_over=False, send_failures=F("send_failures") + 1)


def signer_email_refused(*, signature_id: int, claim: str) -> None:
    """The mail server refused this email for good (a 5xx reply): it leaves the outbox unsent.
    Asking for it again ("send it again", signing again) puts a new one in."""
    if _claimed(signature_id, claim).update(confirmation_due=False, send_claim=None, send_claimed_until=None,
                                            send_handed_over=False, reminder_due=False):
        sealing.signature_email_refused(signature_id)  # sealed and count-only: nothing readable waits


class LinkState(enum.Enum):
    VALID = "valid"
    DONE = "done"  # the link worked before: confirmed already
    EXPIRED = "expired"
    INVALID = "invalid"


def _by_token(field: str, token: str) -> Signature | None:
    if not looks_like_token(token):
        return None
    return Signature.objects.select_related("petition").filter(**{field: token_hash(token)}).first()


def confirmation_link_state(token: str) -> tuple[LinkState, Signature | None]:
    signature = _by_token("confirm_token_hash", token)
    if signature is None:
        return LinkState.INVALID, None
    if signature.signer_confirmed:
        return LinkState.DONE, signature
    if signature.token_sent_at and signature.token_sent_at < timezone.now() - timedelta(days=settings.CONFIRMATION_DAYS):
        return LinkState.EXPIRED, signature
    if not signature.petition.is_accepting_signatures():
        return LinkState.INVALID, signature
    return LinkState.VALID, signature


def signature_confirm(*, token: str) -> tuple[LinkState, Signature | None]:
    """Confirm the signature behind a link. Safe to call twice: the second call changes nothing.

    A link that works costs one conditional UPDATE, which confirms the row and returns it in
    the same statement, then the tally increment and the transparency log's entry, in one
    transaction (the express lane, awaz.signatures.express, takes this path without Django's
    middleware). Only a link that does not work, or worked before, is looked up to be explained.
    The conditional update is the lock: of two concurrent confirmations only one changes the
    row, and only that one adds to the tally.
    """
    if looks_like_token(token):
        signature = _confirm_by_token(token_hash(token))
        if signature is not None:
            return LinkState.VALID, signature
    return _confirm_looked_up(token)


def _confirm_by_token(hash_: str) -> Signature | None:
    if connection.vendor == "postgresql":
        return _confirm_in_one_statement(hash_)
    return _confirm_in_a_transaction(hash_)


def _confirm_in_a_transaction(hash_: str) -> Signature | None:
    now = timezone.now()
    ops = connection.ops
    table = connection.ops.quote_name(Signature._meta.db_table)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET confirmed_at = %s WHERE confirm_token_hash = %s AND confirmed_at IS NULL"
                " AND held_at IS NULL AND (token_sent_at IS NULL OR token_sent_at >= %s)"
                " RETURNING id, petition_id, country, organization_contact",
                [ops.adapt_datetimefield_value(now), hash_,
                 ops.adapt_datetimefield_value(now - timedelta(days=settings.CONFIRMATION_DAYS))],
            )
            row = cursor.fetchone()
        if row is None:
            return None
        petition = Petition.objects.get(pk=row[1])
        if not petition.is_accepting_signatures():
            transaction.set_rollback(True)  # closed meanwhile: the link is explained as not working
            return None
        receipt = _count_confirmed(petition=petition, signature_id=row[0], country=row[2], contact=row[3])
    forget_numbers(petition.pk)
    return _confirmed_signature(row[0], petition, row[2], row[3], now, receipt)


def _count_confirmed(*, petition: Petition, signature_id: int, country: str, contact: bool,
                     receipt: str | None = None) -> str:
    """What a confirmation that counts writes beside the row, in its transaction: the tally, the
    log's addition, the `signature.confirmed` event, and after the commit the thresholds' check
    (awaz.outcomes). Returns the receipt. (On PostgreSQL a working link writes the same in its
    one statement, awaz.signatures.confirmations.)"""
    tally_add(petition_id=petition.pk, country=country, delta=1)
    receipt = log_addition(petition_id=petition.pk, signature_id=signature_id, receipt=receipt)
    event_record(kind=EventKind.SIGNATURE_CONFIRMED, organization_id=petition.organization_id,
                 petition_id=petition.pk, signature_id=signature_id, contact=contact)
    transaction.on_commit(partial(signals.signature_counted.send, sender=Signature, petition_id=petition.pk))
    return receipt


def _confirm_in_one_statement(hash_: str) -> Signature | None:
    """PostgreSQL: the same changes as above in one statement (awaz.signatures.confirmations),
    and the count read in it, so the signer's page needs no query of its own for it."""
    now = timezone.now()
    receipt = new_receipt()
    found = confirmations.confirm_row(
        connection, token_hash=hash_, now=now, expired_before=now - timedelta(days=settings.CONFIRMATION_DAYS),
        shard=tally_shard(), receipt=receipt, hour=receipt_hour(now))
    if found is None:
        return None
    signature_id, country, contact, shown_publicly, by_country, petition_values = found
    petition = Petition.from_db(connection.alias, confirmations.PETITION_FIELDS, petition_values)
    by_country[country] = by_country.get(country, 0) + 1  # the statement read the tally before its own change
    transaction.on_commit(partial(signals.signature_counted.send, sender=Signature, petition_id=petition.pk))
    signature = _confirmed_signature(signature_id, petition, country, contact, now, receipt)
    signature.numbers_counted = numbers_of(by_country)  # for the signer's page, not a field
    if shown_publicly:
        forget_recent_signers(petition.pk)  # their name beside their count
    return signature


def _confirmed_signature(pk: int, petition: Petition, country: str, contact: bool, now, receipt: str) -> Signature:
    """The row as far as the confirmation read it; any other field loads on access."""
    known = {"id": pk, "petition_id": petition.pk, "country": country, "organization_contact": contact,
             "confirmed_at": now}
    names = [field.attname for field in Signature._meta.concrete_fields if field.attname in known]
    signature = Signature.from_db(connection.alias, names, [known[name] for name in names])
    signature.petition = petition
    signature.receipt_logged = receipt  # for the signer's page (receipt_context), not a field
    return signature


def _confirm_looked_up(token: str) -> tuple[LinkState, Signature | None]:
    """A link the one UPDATE did not take: held for review, closed, expired, used, unknown."""
    state, signature = confirmation_link_state(token)
    if state is not LinkState.VALID:
        return state, signature
    with transaction.atomic():
        if signature.held_at is not None and _confirm_held(signature):
            # Held for review: the signer's page is the ordinary one, the count waits for a
            # moderator (signature_release). Released meanwhile: confirmed below, as any other.
            return LinkState.VALID, signature
        # The conditional update is the lock: of two concurrent confirmations only one changes
        # a row, and only that one adds to the tally.
        changed = Signature.objects.filter(pk=signature.pk, confirmed_at__isnull=True, held_at__isnull=True).update(
            confirmed_at=timezone.now())
        if changed:
            _count_confirmed(petition=signature.petition, signature_id=signature.pk, country=signature.country,
                             contact=signature.organization_contact)
    forget_numbers(signature.petition_id)
    return (LinkState.VALID if changed else LinkState.DONE), signature


def _confirm_held(signature: Signature) -> bool:
    """The signer confirmed a held signature: keep when, and the receipt their page shows
    (the log gets it on release). False if it was released meanwhile or confirmed already."""
    receipt = new_receipt()
    changed = Signature.objects.filter(pk=signature.pk, held_at__isnull=False, held_confirmed_at__isnull=True).update(
        held_confirmed_at=timezone.now(), held_receipt=receipt)
    if changed:
        signature.held_confirmed_at, signature.held_receipt = timezone.now(), receipt
    return bool(changed)


def signature_release(*, signature_id: int) -> bool:
    """Release one held signature: from now on it is an ordinary one, and if its signer has
    confirmed it, it counts, exactly once. The conditional update claims the row: of two
    concurrent releases only one changes it (PostgreSQL makes the second wait for the first's
    commit, then finds the row no longer held), and only that one counts it."""
    with transaction.atomic():
        row = Signature.objects.filter(pk=signature_id, held_at__isnull=False)
        if not row.update(held_at=None, confirmed_at=F("held_confirmed_at"), held_confirmed_at=None):
            return False
        signature = (Signature.objects.filter(pk=signature_id).select_related("petition")
                     .only("petition_id", "petition__organization_id", "country", "confirmed_at", "held_receipt",
                           "organization_contact").first())
        if signature.confirmed_at is not None:
            # The organization's tools hear of it now that it counts, not when the signer confirmed.
            _count_confirmed(petition=signature.petition, signature_id=signature_id, country=signature.country,
                             contact=signature.organization_contact, receipt=signature.held_receipt)
        Signature.objects.filter(pk=signature_id).update(held_receipt=None)
    forget_numbers(signature.petition_id)
    return True


def signatures_delete_held(*, petition_id: int, signature_ids: list[int]) -> int:
    """Delete held signatures a moderator removed (never counted: no tally, no log entry).
    Only rows still held go; returns how many."""
    held = Signature.objects.filter(petition_id=petition_id, pk__in=signature_ids, held_at__isnull=False)
    return held.delete()[1].get(Signature._meta.label, 0)


def withdrawal_link_state(token: str) -> tuple[LinkState, Signature | None]:
    signature = _by_token("withdraw_token_hash", token)
    if signature is None:
        petition_id = _held_withdrawal(token, withdraw=False)
        if petition_id is not None:
            # Removed by the fraud desk and held for its undo window: still the signer's to
            # withdraw. An unsaved row that carries only its petition, for the page's title.
            return LinkState.VALID, Signature(petition=Petition.objects.get(pk=petition_id))
    return (LinkState.VALID, signature) if signature else (LinkState.INVALID, None)


def _held_withdrawal(token: str, *, withdraw: bool) -> int | None:
    if not looks_like_token(token):
        return None
    answers = signals.held_withdrawal.send(sender=Signature, token_hash=token_hash(token), withdraw=withdraw)
    return next((petition_id for _receiver, petition_id in answers if petition_id is not None), None)


def signature_withdraw(*, token: str) -> LinkState:
    """Withdraw a signature: its personal data is deleted and, if it counted, the count drops."""
    state, signature = withdrawal_link_state(token)
    if state is not LinkState.VALID:
        return state
    if signature.pk is None:  # held in a removal's undo window: uncounted, so only deleted
        return LinkState.VALID if _held_withdrawal(token, withdraw=True) is not None else LinkState.INVALID
    with transaction.atomic():
        if signature_erase(signature=signature):
            event_record(kind=EventKind.SIGNATURE_WITHDRAWN, organization_id=signature.petition.organization_id,
                         petition_id=signature.petition_id, signature_id=signature.pk,
                         contact=signature.organization_contact)
    return LinkState.VALID


def signature_erase(*, signature: Signature) -> bool:
    """Delete a signature and everything personal in it, correcting the tally exactly once.
    True if it was a confirmed signature (one that counted)."""
    with transaction.atomic():
        row = Signature.objects.select_for_update().filter(pk=signature.pk).values("confirmed_at", "country").first()
        if row is None:
            return False
        Signature.objects.filter(pk=signature.pk).delete()
        if row["confirmed_at"] is not None:
            tally_add(petition_id=signature.petition_id, country=row["country"], delta=-1)
            log_removals(signature_ids=[signature.pk], reason=WITHDRAWN)
    forget_numbers(signature.petition_id)
    return row["confirmed_at"] is not None


def subscriber_link(signature: Signature) -> str:
    """A fresh single-purpose token for "stop these emails"; only its hash is stored."""
    from awaz.signatures.tokens import new_token

    token, token_hash_value = new_token()
    Signature.objects.filter(pk=signature.pk).update(unsubscribe_token_hash=token_hash_value)
    return token


def signature_stop_updates(*, token: str) -> LinkState:
    """Stop update emails for one signature; the signature itself still counts."""
    signature = _by_token("unsubscribe_token_hash", token)
    if signature is None:
        return LinkState.INVALID
    Signature.objects.filter(pk=signature.pk).update(wants_updates=False)
    sealing.updates_stopped(signature.pk)
    return LinkState.VALID


def unsubscribe_link_state(token: str) -> tuple[LinkState, Signature | None]:
    signature = _by_token("unsubscribe_token_hash", token)
    if signature is None:
        return LinkState.INVALID, None
    return (LinkState.VALID if signature.wants_updates else LinkState.DONE), signature


# --- Cleaning up, retention, fraud, key rotation ------------------------------------------

RETENTION_BATCH = 5000


def signature_email_due(*, signature_id: int) -> bool:
    """Put a signature's email back in the outbox (tasks queued before the outbox existed)."""
    if Signature.objects.filter(pk=signature_id).update(confirmation_due=True):
        outbox.confirmation_due_now()
        return True
    return False


def signatures_remind_unconfirmed(*, now=None, batch: int = reminders.BATCH) -> int:
    """Put the one reminder of each signature due for it in the outbox; returns how many
    (the rules: awaz.signatures.reminders)."""
    now = now or timezone.now()
    due = list(reminders.due_for_reminder(now).order_by("id").values_list("id", flat=True)[:batch])
    # The conditional update is the claim: emails_sent 1 -> 2 happens once per signature.
    queued = Signature.objects.filter(
        pk__in=due, emails_sent=1, confirmed_at__isnull=True, held_confirmed_at__isnull=True
    ).update(
        emails_sent=F("emails_sent") + 1, last_email_at=now, confirmation_due=True, reminder_due=True
    )
    if queued:
        logger.info("Queued %d confirmation reminders", queued)
        outbox.confirmation_due_now()
    return queued


def comments_approve(*, signature_ids) -> int:
    """Approve comments waiting for it (awaz.signatures.comments); returns how many changed."""
    return comments.awaiting_moderation().filter(pk__in=list(signature_ids)).update(comment_approved_at=timezone.now())


def comments_hide(*, signature_ids) -> int:
    """Take comments off the page for good (the signature and its name stay)."""
    return Signature.objects.filter(pk__in=list(signature_ids), comment_shown=True).update(
        comment_shown=False, comment_approved_at=None
    )


def signatures_forget_source_tags(*, now=None) -> int:
    """Erase the network tags and small-domain tags of signatures older than the fraud desk's
    window (SOURCE_TAG_HOURS). Their keys are gone by then too (awaz.core.network)."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.SOURCE_TAG_HOURS)
    # Bounded below so that each run reads recent rows only; a week covers a worker that was
    # down for days (and the migration that introduced tags erased everything older).
    old = Signature.objects.filter(created_at__lt=cutoff, created_at__gte=cutoff - timedelta(days=7))
    erased = old.exclude(network_hash="").update(network_hash="")
    erased += old.filter(email_domain__startswith="~").update(email_domain="")
    if erased:
        logger.info("Erased the source tags of %d signatures past the fraud desk's window", erased)
    return erased


def signatures_delete_unconfirmed(*, now=None) -> int:
    """Unconfirmed signatures are kept only as long as their link is valid, plus a day."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.CONFIRMATION_DAYS + 1)
    stale = (Signature.objects.pending().filter(created_at__lt=cutoff, held_confirmed_at__isnull=True)
             .exclude(token_sent_at__gte=cutoff))
    deleted = stale.delete()[1].get(Signature._meta.label, 0)
    if deleted:
        logger.info("Deleted %d unconfirmed signatures past their confirmation window", deleted)
    return deleted


def signatures_erase_for_retention(*, petition_id: int) -> int:
    """Delete every signature of one petition whose retention period is over, in batches; the
    tallies stay (they are the closed petition's result). Returns how many were deleted."""
    deleted = 0
    while True:
        batch = list(Signature.objects.filter(petition_id=petition_id).values_list("pk", flat=True)[:RETENTION_BATCH])
        if not batch:
            break
        # Counted by model: the total would include rows that cascade (update recipients).
        deleted += Signature.objects.filter(pk__in=batch).delete()[1].get(Signature._meta.label, 0)
    forget_numbers(petition_id)
    return deleted


def signatures_delete_as_fraud(*, rows: list[tuple[int, object, str]], reason: str) -> None:
    """Delete signatures that the fraud desk invalidated, inside its transaction and after it
    locked and counted them: `rows` are (id, confirmed_at, country). The caller corrects the
    tallies for the confirmed ones, once, for the whole invalidation."""
    log_removals(signature_ids=[pk for pk, confirmed_at, _country in rows if confirmed_at is not None], reason=reason)
    Signature.objects.filter(pk__in=[pk for pk, _confirmed_at, _country in rows]).delete()


def signature_reindex(*, signature_id: int, old_index: str, new_index: str) -> bool:
    """Move one signature to the current blind index key (`awaz rotate_keys --blind-index`).
    Conditional on the old index: a row changed meanwhile is left alone. Raises IntegrityError
    if the person also signed under the new key meanwhile."""
    return Signature._base_manager.filter(pk=signature_id, email_index=old_index).update(email_index=new_index) == 1


def signature_reencrypt(*, signature_id: int, column: str, old: bytes, new: bytes) -> bool:
    """Rewrite one encrypted column of a signature under the current key (`awaz rotate_keys`).
    Conditional on the old bytes: a value rewritten meanwhile is already under the new key."""
    return Signature._base_manager.filter(pk=signature_id, **{column: old}).update(**{column: new}) == 1


# --- Reversible removals (awaz.fraud.services: held for AWAZ_UNDO_DAYS, then deleted) ---------


def _encrypted_fields():
    from awaz.core.crypto import EncryptedTextField

    return [f for f in Signature._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def signatures_hold_as_fraud(*, rows: list[tuple[int, object, str]], reason: str) -> list[dict]:
    """Take signatures that the fraud desk invalidated out of the signatures table, inside its
    transaction and after it locked and counted them, and return each row as it was stored, for
    awaz.fraud to hold until the undo window ends. Names, addresses and comments stay the
    ciphertexts they were (never decrypted here). Like `signatures_delete_as_fraud`, the caller
    corrects the tallies; the log records the removals."""
    import base64

    from django.core import serializers
    from django.db.models import BinaryField, ExpressionWrapper

    ids = [pk for pk, _confirmed_at, _country in rows]
    encrypted = _encrypted_fields()
    plain = [f.name for f in Signature._meta.concrete_fields if f not in encrypted and not f.primary_key]
    raw = {f"_raw_{f.attname}": ExpressionWrapper(F(f.attname), output_field=BinaryField()) for f in encrypted}
    signatures = list(Signature._base_manager.filter(pk__in=ids).defer(*[f.attname for f in encrypted]).annotate(**raw))
    held = []
    for signature, record in zip(signatures, serializers.serialize("python", signatures, fields=plain)):
        ciphertexts = {}
        for f in encrypted:
            value = getattr(signature, f"_raw_{f.attname}")
            ciphertexts[f.attname] = None if value is None else base64.b64encode(bytes(value)).decode()
        fields = {name: value.isoformat() if hasattr(value, "isoformat") else value  # to the microsecond
                  for name, value in record["fields"].items()}
        held.append({"id": signature.pk, "fields": fields, "ciphertexts": ciphertexts})
    signatures_delete_as_fraud(rows=rows, reason=reason)
    return held


def signatures_restore(*, held: list[dict]) -> list[tuple[int, str, bool]]:
    """Put held rows back as they were (same id, same ciphertexts), inside the undo's
    transaction: each confirmed one is counted again and logged as a new addition. A row whose
    person signed the petition again meanwhile is not restored (their new signature stands).
    Returns (id, country, confirmed) of the rows restored."""
    import base64

    from django.core import serializers
    from django.db import IntegrityError

    restored = []
    for row in held:
        record = {"model": Signature._meta.label_lower, "pk": row["id"], "fields": row["fields"]}
        signature = next(serializers.deserialize("python", [record])).object
        for attname, value in row["ciphertexts"].items():
            setattr(signature, attname, None if value is None else base64.b64decode(value))  # bytes: stored as is
        if Signature.objects.filter(petition_id=signature.petition_id, email_index=signature.email_index).exists():
            continue
        try:
            with transaction.atomic():
                signature.save(force_insert=True)
        except IntegrityError:  # signed again this very moment
            continue
        confirmed = signature.confirmed_at is not None
        if confirmed:
            tally_add(petition_id=signature.petition_id, country=signature.country, delta=1)
            log_addition(petition_id=signature.petition_id, signature_id=signature.pk)
        restored.append((signature.pk, signature.country, confirmed))
    if held:
        transaction.on_commit(partial(forget_numbers, held[0]["fields"]["petition"]))
    return restored
