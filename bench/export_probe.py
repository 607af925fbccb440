"""Stream a petition's CSV export to nowhere and report the process's peak memory at 10,000
rows and at the end: `python bench/export_probe.py PETITION_ID`. Prints one JSON line."""

import json
import sys
import time
from pathlib import Path

import django

django.setup()

from awaz.petitions.models import Petition  # noqa: E402
from awaz.signatures.export import export_rows  # noqa: E402


def peak_rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def main(petition_id: int) -> None:
    petition = Petition.objects.get(pk=petition_id)
    rows = size = 0
    peak_10k = 0
    started = time.monotonic()
    for n, chunk in enumerate(export_rows(petition)):
        size += len(chunk.encode())
        if n:  # the first chunk is the header
            rows += 1
        if rows == 10_000:
            peak_10k = peak_rss_kib()
    print(json.dumps({"rows": rows, "bytes": size, "seconds": time.monotonic() - started,
                      "peak_10k": peak_10k or peak_rss_kib(), "peak_end": peak_rss_kib()}))


if __name__ == "__main__":
    main(int(sys.argv[1]))
