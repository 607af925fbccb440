"""`awaz rotate_keys`: move stored personal data to the current keys, online, in small batches.

Re-encryption: every EncryptedTextField of every installed model (found by introspection, so
future apps are covered) whose ciphertext names another key than the first of
AWAZ_ENCRYPTION_KEYS is decrypted and encrypted again under the first key. All configured keys
decrypt, so the site keeps serving while this runs; each batch is its own short transaction; a
row written meanwhile is already under the new key and is left alone; running it again changes
nothing. Once it reports nothing left to do, the old keys can be removed.

`--blind-index` does the same for signers' email blind index: it recomputes each
Signature.email_index under the first of AWAZ_BLIND_INDEX_KEYS from the decrypted address.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, models, transaction

from awaz.core.crypto import DecryptionError, EncryptedTextField, current_key_id, decrypt, encrypt, key_id_of
from awaz.signatures.models import Signature
from awaz.signatures.services import email_index_for, signature_erase, signature_reencrypt, signature_reindex


@dataclass
class Progress:
    scanned: int = 0
    changed: int = 0


def encrypted_models() -> list[tuple[type[models.Model], list[EncryptedTextField]]]:
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            found.append((model, fields))
    return found


def _raw(field: models.Field) -> models.Expression:
    # Read the stored bytes as they are: without the field's own decrypting converter.
    return models.ExpressionWrapper(models.F(field.attname), output_field=models.BinaryField())


def _batches(queryset, batch_size: int, *columns: str):
    """Rows as value tuples (pk first), in pk order, one batch at a time: memory stays flat
    and no transaction spans more than one batch."""
    last_pk = None
    while True:
        page = queryset.order_by("pk")
        if last_pk is not None:
            page = page.filter(pk__gt=last_pk)
        rows = list(page.values_list("pk", *columns)[:batch_size])
        if not rows:
            return
        yield rows
        last_pk = rows[-1][0]


class Command(BaseCommand):
    help = (
        "Re-encrypt personal data still under an old key with the first of AWAZ_ENCRYPTION_KEYS "
        "(or, with --blind-index, recompute the email blind index under the first of AWAZ_BLIND_INDEX_KEYS). "
        "Safe to run while Awaz serves, and to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--blind-index", action="store_true", help="Recompute Signature.email_index instead.")
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction (default 500).")
        parser.add_argument("--dry-run", action="store_true", help="Count what would change; change nothing.")

    def handle(self, *args, blind_index, batch_size, dry_run, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be 1 or more.")
        if blind_index:
            self._rotate_blind_index(batch_size, dry_run)
        else:
            self._reencrypt(batch_size, dry_run)

    # --- Encryption keys -------------------------------------------------------------------

    def _reencrypt(self, batch_size: int, dry_run: bool) -> None:
        target = current_key_id()
        verb = "would be re-encrypted" if dry_run else "re-encrypted"
        total = 0
        for model, fields in encrypted_models():
            label = model._meta.label
            names = [f"_raw_{field.attname}" for field in fields]
            queryset = model._base_manager.annotate(**{name: _raw(field) for name, field in zip(names, fields)})
            progress = Progress()
            for rows in _batches(queryset, batch_size, *names):
                with transaction.atomic():
                    for pk, *values in rows:
                        progress.scanned += 1
                        for field, raw in zip(fields, values):
                            if raw is None or key_id_of(raw) == target:
                                continue
                            progress.changed += self._reencrypt_value(model, field, pk, bytes(raw), dry_run)
                self.stdout.write(f"{label}: {progress.scanned} rows checked, {progress.changed} values {verb}")
            if not progress.scanned:
                self.stdout.write(f"{label}: no rows")
            total += progress.changed
        if total == 0:
            self.stdout.write(self.style.SUCCESS(
                "Every encrypted value is under the current key. Keys after the first in AWAZ_ENCRYPTION_KEYS "
                "are no longer needed."
            ))
        else:
            self.stdout.write(self.style.SUCCESS(f"Done: {total} values {verb}."))

    def _reencrypt_value(self, model, field, pk, raw: bytes, dry_run: bool) -> int:
        try:
            plaintext = decrypt(raw, field.purpose)
        except DecryptionError as exc:
            # Never skip quietly: a row that cannot be read is tampering, corruption, or a key
            # missing from AWAZ_ENCRYPTION_KEYS, and the operator must look before going on.
            raise CommandError(
                f"{model._meta.label} #{pk}, field {field.name}: {exc}. Nothing in this batch was changed. "
                "If an old key is missing, add it after the current one in AWAZ_ENCRYPTION_KEYS and run again."
            ) from None
        if dry_run:
            return 1
        new = encrypt(plaintext, field.purpose)
        if model is Signature:  # every write to a signature goes through its services
            return int(signature_reencrypt(signature_id=pk, column=field.attname, old=raw, new=new))
        # Conditional on the old bytes: a value rewritten meanwhile is already under the new key.
        return model._base_manager.filter(pk=pk, **{field.attname: raw}).update(**{field.attname: new})

    # --- Blind index -----------------------------------------------------------------------

    def _rotate_blind_index(self, batch_size: int, dry_run: bool) -> None:
        email_field = Signature._meta.get_field("email")
        # Sealed and count-only signatures keep no readable address to index again: they stay
        # under the key that indexed them, which look-ups keep trying while it is listed.
        queryset = Signature._base_manager.filter(email__isnull=False).annotate(_raw_email=_raw(email_field))
        unreadable = Signature._base_manager.filter(email__isnull=True).count()
        progress = Progress()
        collisions = []
        verb = "would be re-indexed" if dry_run else "re-indexed"
        for rows in _batches(queryset, batch_size, "email_index", "_raw_email"):
            with transaction.atomic():
                for pk, old_index, raw in rows:
                    progress.scanned += 1
                    try:
                        new_index = email_index_for(decrypt(bytes(raw), email_field.purpose))
                    except DecryptionError as exc:
                        raise CommandError(f"Signature #{pk}: {exc}. Nothing in this batch was changed.") from None
                    if new_index == old_index:
                        continue
                    progress.changed += 1
                    if dry_run:
                        continue
                    try:
                        with transaction.atomic():
                            signature_reindex(signature_id=pk, old_index=old_index, new_index=new_index)
                    except IntegrityError:
                        # (petition, email_index) is unique: the same person also signed under
                        # the new key while the rotation was under way.
                        progress.changed -= 1
                        collisions.append((pk, new_index))
            self.stdout.write(f"Signatures: {progress.scanned} checked, {progress.changed} {verb}")
        for pk, new_index in collisions:
            self._merge_duplicate(Signature, pk, new_index)
        if collisions:
            self.stdout.write(f"{len(collisions)} people had signed twice during the rotation; one signature of each was kept.")
        if unreadable:
            self.stdout.write(
                f"{unreadable} signatures of sealed or count-only petitions have no readable address and keep their "
                "index: keep every key that indexed them in AWAZ_BLIND_INDEX_KEYS (after the first) until those "
                "petitions' retention has erased them."
            )
            self.stdout.write(self.style.SUCCESS(f"Done: {progress.changed + len(collisions)} signatures {verb}."))
            return
        self.stdout.write(self.style.SUCCESS(
            f"Done: {progress.changed + len(collisions)} signatures {verb}. "
            "Once a run finds nothing to do, keys after the first in AWAZ_BLIND_INDEX_KEYS are no longer needed."
        ))

    def _merge_duplicate(self, Signature, pk: int, new_index: str) -> None:
        """Keep one signature per person and petition: the confirmed one, else the first."""
        moving = Signature._base_manager.filter(pk=pk).first()
        if moving is None:
            return
        other = Signature._base_manager.filter(petition_id=moving.petition_id, email_index=new_index).first()
        if other is not None:
            def rank(s):
                return (s.confirmed_at is None, s.created_at, s.pk)

            keep, drop = sorted([moving, other], key=rank)
            signature_erase(signature=drop)
            if keep.pk != moving.pk:
                return
        signature_reindex(signature_id=pk, old_index=moving.email_index, new_index=new_index)
