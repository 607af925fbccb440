"""Each petition's append-only log: its entries, its tiles and its latest signed checkpoint.

An entry is written in the same transaction as the confirmation or removal it records, so a
crash can never lose one; the worker later gives it its position (`index`) and adds it to the
tiles (awaz.transparency.tiles). An entry holds a random receipt and the hour of confirmation,
or the position of the addition it removes and a public reason: nothing about any person.
`signature_id` is the one link back, kept only while the signature exists, so that a withdrawal
can name its addition and the "confirmed" page can show the receipt again.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awaz.petitions.models import Petition


class LogEntry(models.Model):
    class Kind(models.TextChoices):
        ADDITION = "add", _("addition")
        REMOVAL = "remove", _("removal")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+", db_index=False)
    # Position in the log, from 0; null until the worker has appended the entry.
    index = models.BigIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=6, choices=Kind.choices)
    receipt = models.CharField(max_length=32, null=True, blank=True)
    hour = models.DateTimeField(null=True, blank=True)
    removes = models.OneToOneField("self", on_delete=models.RESTRICT, null=True, blank=True, related_name="removal")
    reason = models.CharField(max_length=30, blank=True)
    # No foreign key: the signature is deleted (withdrawal, fraud, retention) and the entry stays.
    signature_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        constraints = [
            models.UniqueConstraint(fields=["petition", "index"], name="one_log_entry_per_position"),
            # However often a confirmation is retried or raced, one signature is one addition.
            models.UniqueConstraint(fields=["signature_id"], condition=Q(kind="add"), name="one_addition_per_signature"),
            models.CheckConstraint(
                condition=(Q(kind="add", receipt__isnull=False, hour__isnull=False, removes__isnull=True)
                           | Q(kind="remove", receipt__isnull=True, removes__isnull=False) & ~Q(reason="")),
                name="log_entry_is_addition_or_removal",
            ),
        ]
        indexes = [
            # Tiny: only the entries the worker has not appended yet.
            models.Index(fields=["petition", "id"], condition=Q(index__isnull=True), name="log_entry_pending"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.index}"


class LogTile(models.Model):
    """One tile (level 0 and up) or entry bundle (level -1) in the C2SP tlog-tiles layout.

    Only the newest tile of a level grows; a partial tile of width W is the first W hashes of
    the stored one, so every width a checkpoint ever needed can still be served.
    """

    ENTRIES = -1

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+", db_index=False)
    level = models.SmallIntegerField()
    number = models.BigIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["petition", "level", "number"], name="one_tile_per_position")]

    def __str__(self):
        return f"tile {self.level}/{self.number}"


class LogState(models.Model):
    """The log's size, root and latest signed checkpoint (the note served at <prefix>/checkpoint)."""

    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, primary_key=True, related_name="+")
    # Fixed when the log starts: the checkpoints' origin line and the key name.
    origin = models.CharField(max_length=300)
    size = models.BigIntegerField(default=0)
    additions = models.BigIntegerField(default=0)
    removals = models.BigIntegerField(default=0)
    root = models.BinaryField()
    checkpoint = models.TextField(blank=True)
    # The verifier keys that signed `checkpoint`; a change of keys makes the worker sign again.
    signed_by = models.TextField(blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.origin} ({self.size})"
