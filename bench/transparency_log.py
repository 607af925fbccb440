"""Build the transparency log of a petition with N confirmations (1,000,000 by default) and
report what it costs: `python bench/transparency_log.py [N]`.

Runs on a fresh embedded (SQLite) database in a temporary data dir, or on DATABASE_URL if set
(use a scratch database: it migrates it and leaves the petition there). The additions are
inserted as confirmations insert them (one pending row each, here in bulk), then appended by the
worker's function in rounds of 100,000, as the worker would over many minutes. Prints the
append cost per entry, the tile and bundle bytes, the peak memory after the first round and at
the end (flat: a round touches only the newest tile of each level), and the time the
single-file verifier takes to check the whole log from the database.
"""

import json
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

if not os.environ.get("DATABASE_URL"):
    os.environ["AWAZ_DATA_DIR"] = tempfile.mkdtemp(prefix="awaz-tlog-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "awaz.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db.models import Sum  # noqa: E402
from django.db.models.functions import Length  # noqa: E402

ROUND = 100_000
INSERT_CHUNK = 20_000


def peak_rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main(total: int) -> None:
    call_command("migrate", verbosity=0)
    from awaz.petitions.models import Organization, Petition
    from awaz.transparency import verifier
    from awaz.transparency.models import LogEntry, LogState, LogTile
    from awaz.transparency.notes import log_verifier_keys
    from awaz.transparency.tiles import log_append

    organization = Organization.objects.create(name="Bench", slug=f"bench-{secrets.token_hex(4)}")
    petition = Petition.objects.create(slug=f"bench-{secrets.token_hex(4)}", organization=organization,
                                       status=Petition.Status.OPEN, original_language="en")
    hour = "2026-12-01T13:00Z"
    insert_seconds = append_seconds = append_cpu = 0.0
    peaks = []
    done = 0
    while done < total:
        n = min(ROUND, total - done)
        started = time.perf_counter()
        for offset in range(0, n, INSERT_CHUNK):
            LogEntry.objects.bulk_create([
                LogEntry(petition=petition, kind="add", receipt=secrets.token_hex(16), hour=hour)
                for _ in range(min(INSERT_CHUNK, n - offset))
            ])
        insert_seconds += time.perf_counter() - started
        started, cpu = time.perf_counter(), time.process_time()
        assert log_append(petition=petition) == n
        append_seconds += time.perf_counter() - started
        append_cpu += time.process_time() - cpu
        done += n
        peaks.append(round(peak_rss_mib(), 1))
        print(f"  {done:>9,} entries appended, peak memory {peaks[-1]} MiB", file=sys.stderr)

    state = LogState.objects.get(pk=petition.pk)
    tiles = LogTile.objects.filter(petition=petition)
    tile_bytes = tiles.exclude(level=LogTile.ENTRIES).aggregate(n=Sum(Length("data")))["n"] or 0
    bundle_bytes = tiles.filter(level=LogTile.ENTRIES).aggregate(n=Sum(Length("data")))["n"] or 0

    def fetcher(url: str) -> bytes:
        path = url.split(f"/log/{petition.slug}/", 1)[1]
        if path == "checkpoint":
            return state.checkpoint.encode()
        level, number, width = _parse(path[len("tile/"):])
        data = bytes(LogTile.objects.get(petition=petition, level=level, number=number).data)
        if level == LogTile.ENTRIES:
            return verifier.bundle(verifier.bundle_entries(data)[:width])
        return data[:width * verifier.HASH_SIZE]

    started, cpu = time.perf_counter(), time.process_time()
    key = verifier.VerifierKey.parse(log_verifier_keys(state.origin)[0])
    report, _ = verifier.verify_log(f"https://bench/log/{petition.slug}/", key, fetcher=fetcher)
    verify_seconds, verify_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert report.tally.count == total == state.size

    print(json.dumps({
        "entries": total,
        "database": "postgresql" if os.environ.get("DATABASE_URL") else "sqlite",
        "append_us_per_entry": round(append_seconds / total * 1e6, 1),
        "append_cpu_us_per_entry": round(append_cpu / total * 1e6, 1),
        "insert_us_per_entry": round(insert_seconds / total * 1e6, 1),
        "tile_bytes": tile_bytes,
        "tile_bytes_per_entry": round(tile_bytes / total, 2),
        "bundle_bytes": bundle_bytes,
        "peak_mib_after_first_round": peaks[0],
        "peak_mib_at_end": peaks[-1],
        "verify_seconds": round(verify_seconds, 1),
        "verify_cpu_us_per_entry": round(verify_cpu / total * 1e6, 1),
    }))


def _parse(path: str) -> tuple[int, int, int]:
    level_text, rest = path.split("/", 1)
    number_text, _, width_text = rest.partition(".p/")
    level = -1 if level_text == "entries" else int(level_text)
    return level, int(number_text.replace("x", "").replace("/", "")), int(width_text or 256)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
