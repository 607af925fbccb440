"""What the database, `count.json` and the outbox say, and the checks that hold them equal."""

import json
import time
import urllib.request
from pathlib import Path

from bench.report import check
from bench.setup import LANG


def counts(slug: str) -> dict:
    from django.db.models import Sum

    from awaz.signatures.models import Signature, SignatureTally

    rows = Signature.objects.filter(petition__slug=slug)
    return {
        "rows": rows.count(),
        "confirmed": rows.confirmed().count(),
        "tally": SignatureTally.objects.filter(petition__slug=slug).aggregate(n=Sum("count"))["n"] or 0,
    }


def public_count(port: int, slug: str) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{LANG}/petitions/{slug}/count.json", timeout=5) as response:
        return json.load(response)["count"]


def emails_in(outbox: Path) -> int:
    return sum(1 for _ in outbox.glob("*.eml")) if outbox.exists() else 0


def wait_for_emails(outbox: Path, expected: int, timeout: float) -> int:
    """The emails in the outbox once there are `expected`, or when `timeout` seconds have passed."""
    deadline = time.monotonic() + timeout
    sent = 0
    while time.monotonic() < deadline:
        sent = emails_in(outbox)
        if sent >= expected:
            break
        time.sleep(0.5)
    return sent


def settle(slug: str) -> dict:
    """The counts once the requests that wrk left in flight have finished on the server."""
    previous = counts(slug)
    for _ in range(30):
        time.sleep(1)
        current = counts(slug)
        if current == previous:
            return current
        previous = current
    return previous


def check_counts(args, slug: str, *, stage: str) -> None:
    time.sleep(2.2)  # the count cache lives one second; proxies may keep count.json two
    numbers = counts(slug)
    shown = public_count(args.port, slug)
    check(f"{stage}: confirmed == sum of tallies", numbers["confirmed"] == numbers["tally"],
          f"{numbers['confirmed']} confirmed, tallies add up to {numbers['tally']}")
    check(f"{stage}: confirmed == public count", numbers["confirmed"] == shown,
          f"{numbers['confirmed']} confirmed, count.json says {shown}")
