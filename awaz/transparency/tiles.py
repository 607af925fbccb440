"""Appending a petition's pending entries to its log: positions, tiles, root, signed checkpoint.

The worker calls `logs_append()` every minute. Each batch is one transaction that locks the
log's state row, so two workers never give two entries the same position; entries are taken
in the order of their ids, and a removal always has a larger id than the addition it names
(it is written after that addition committed), so its target already has a position.
Memory stays flat however long the log: a batch touches only the newest tile of each level.
"""

from datetime import UTC, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from awaz.petitions.models import Petition
from awaz.transparency.models import LogEntry, LogState, LogTile
from awaz.transparency.notes import checkpoint_sign, log_verifier_keys
from awaz.transparency.verifier import (
    EMPTY_ROOT,
    HASH_SIZE,
    TILE_HEIGHT,
    TILE_WIDTH,
    addition_entry,
    bundle,
    fold,
    leaf_hash,
    mth,
    removal_entry,
)

BATCH = 2048
# Tile levels kept: 256**6 entries is more than any petition will ever have.
LEVELS = 6


def log_origin(petition: Petition) -> str:
    """The scheme-less URL of the log prefix, as tlog-tiles recommends for the origin line."""
    base = urlsplit(settings.BASE_URL)
    return f"{base.netloc}{base.path.rstrip('/')}/log/{petition.slug}"


def hour_text(hour) -> str:
    return hour.astimezone(UTC).strftime("%Y-%m-%dT%HZ")


def _split(data: bytes) -> list[bytes]:
    return [bytes(data[i:i + HASH_SIZE]) for i in range(0, len(data), HASH_SIZE)]


class TileStore:
    """The newest tile of every level (and the newest entry bundle) of one log, as of `size`."""

    def __init__(self, petition_id: int, size: int):
        self.petition_id, self.size = petition_id, size
        self.edge: dict[int, list] = {}  # level -> [number, data, width]
        wanted = Q(pk__in=[])
        for level in range(LogTile.ENTRIES, LEVELS):
            count = size >> (TILE_HEIGHT * max(level, 0))
            number, width = divmod(count, TILE_WIDTH)
            self.edge[level] = [number, bytearray(), width]
            if width:
                wanted |= Q(level=level, number=number)
        for level, data in LogTile.objects.filter(wanted, petition_id=petition_id).values_list("level", "data"):
            self.edge[level][1] = bytearray(data)
        self.dirty: dict[tuple[int, int], list] = {}

    def append(self, entry: bytes) -> None:
        bundle_tile = self._add(LogTile.ENTRIES, bundle([entry]))
        if bundle_tile[2] == TILE_WIDTH:
            self._next(LogTile.ENTRIES)
        self._push(0, leaf_hash(entry))
        self.size += 1

    def _add(self, level: int, data: bytes) -> list:
        tile = self.edge[level]
        tile[1] += data
        tile[2] += 1
        self.dirty[(level, tile[0])] = tile
        return tile

    def _next(self, level: int) -> None:
        self.edge[level] = [self.edge[level][0] + 1, bytearray(), 0]

    def _push(self, level: int, value: bytes) -> None:
        tile = self._add(level, value)
        if tile[2] == TILE_WIDTH:
            self._next(level)
            self._push(level + 1, mth(_split(tile[1])))

    def root(self) -> bytes:
        subtrees = []
        for level in range(LEVELS - 1, -1, -1):
            hashes, position = _split(self.edge[level][1]), 0
            for height in range(TILE_HEIGHT - 1, -1, -1):
                if len(hashes) & (1 << height):
                    subtrees.append(mth(hashes[position:position + (1 << height)]))
                    position += 1 << height
        return fold(subtrees)

    def save(self) -> None:
        for (level, number), (_number, data, _width) in self.dirty.items():
            stored = LogTile.objects.filter(petition_id=self.petition_id, level=level, number=number)
            if not stored.update(data=bytes(data)):
                LogTile.objects.create(petition_id=self.petition_id, level=level, number=number, data=bytes(data))
        self.dirty = {}


def log_state(petition: Petition) -> LogState:
    state, _created = LogState.objects.get_or_create(
        petition=petition, defaults={"origin": log_origin(petition), "root": EMPTY_ROOT}
    )
    return state


def _sign(state: LogState) -> None:
    state.checkpoint = checkpoint_sign(state.origin, state.size, bytes(state.root))
    state.signed_by = "\n".join(log_verifier_keys(state.origin))
    state.signed_at = timezone.now()


def _set_positions(positions: list[tuple[int, int]]) -> None:
    """One UPDATE for the whole batch (Django's bulk_update writes a CASE per row, quadratic)."""
    table, column = LogEntry._meta.db_table, connection.ops.quote_name("index")
    values = ", ".join(["(%s, %s)"] * len(positions))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {column} = v.column2 FROM (VALUES {values}) AS v WHERE {table}.id = v.column1",
            [value for pair in positions for value in pair],
        )


def _append_batch(petition_id: int, limit: int) -> int:
    with transaction.atomic():
        state = LogState.objects.select_for_update().get(pk=petition_id)
        rows = list(
            LogEntry.objects.filter(petition_id=petition_id, index__isnull=True)
            .order_by("id")
            .values_list("id", "kind", "receipt", "hour", "removes_id", "reason")[:limit]
        )
        if not rows:
            return 0
        targets = {row[4] for row in rows if row[4] is not None}
        positions = dict(LogEntry.objects.filter(id__in=targets, index__isnull=False).values_list("id", "index"))
        store = TileStore(petition_id, state.size)
        updates = []
        for pk, kind, receipt, hour, removes_id, reason in rows:
            positions[pk] = index = store.size
            if kind == LogEntry.Kind.ADDITION:
                entry = addition_entry(receipt, hour_text(hour))
                state.additions += 1
            else:
                entry = removal_entry(positions[removes_id], reason)
                state.removals += 1
            store.append(entry)
            updates.append((pk, index))
        _set_positions(updates)
        store.save()
        state.size, state.root = store.size, store.root()
        _sign(state)
        state.save()
    return len(rows)


def log_append(*, petition: Petition, limit: int = BATCH) -> int:
    """Append every pending entry of the petition's log, in batches; sign the new checkpoint.
    Returns how many entries were appended."""
    state = log_state(petition)
    appended = 0
    # Looked at before any transaction: on SQLite a transaction takes the write lock at once.
    while LogEntry.objects.filter(petition=petition, index__isnull=True).exists():
        n = _append_batch(petition.pk, limit)
        appended += n
        if n < limit:
            break
    if not appended and state.signed_by != "\n".join(log_verifier_keys(state.origin)):
        with transaction.atomic():  # a new key set (rotation), or the very first checkpoint
            state = LogState.objects.select_for_update().get(pk=petition.pk)
            _sign(state)
            state.save(update_fields=["checkpoint", "signed_by", "signed_at"])
    return appended


def logs_append() -> int:
    """The worker's minute: every log with pending entries, a new key or no checkpoint yet."""
    pending = set(LogEntry.objects.filter(index__isnull=True).order_by().values_list("petition_id", flat=True).distinct())
    petitions = Petition.objects.filter(Q(pk__in=pending) | Q(pk__in=Petition.objects.public().values("pk")))
    appended = 0
    for petition in petitions.only("pk", "slug"):
        appended += log_append(petition=petition)
    # Retention has deleted these petitions' signatures; the link from an addition to its
    # (gone) signature goes too. The entries themselves stay for ever.
    erased = timezone.now() - timedelta(days=settings.RETENTION_DAYS)
    LogEntry.objects.filter(
        signature_id__isnull=False, petition__status=Petition.Status.CLOSED, petition__closed_at__lte=erased
    ).update(signature_id=None)
    return appended
