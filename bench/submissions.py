"""Signature submissions against one app server or several, with their checks: an untimed
warm-up, the timed run, every accepted submission stored once, one email per new signature.
Shared by the sign and two-server scenarios."""

import subprocess
import time
from pathlib import Path

from bench.consistency import counts, emails_in, settle, wait_for_emails
from bench.load import wrk, wrk_result
from bench.report import check, ms, report_cpu
from bench.setup import LANG, SLUG
from bench.stack import BIN, Stack, say, stop

WARM_UP_SECONDS = 3


def sign_runs(args, ports: list[int], tag: str, duration: int) -> list[dict]:
    connections = max(2, args.connections // len(ports))
    runs = [
        wrk(f"http://127.0.0.1:{port}", duration=duration, connections=connections, script="sign.lua",
            args=[f"{LANG}/petitions/{SLUG}/", f"{LANG}/petitions/{SLUG}/sign/", str(connections // 2),
                  f"{tag}-{port}-{int(time.time())}"],
            background=True)
        for port in ports
    ]
    return [wrk_result(run) for run in runs]


def drain_emails(env, outbox: Path, expected: int, logs: Path) -> tuple[int, float]:
    """Wait for `expected` emails in the outbox, with a second worker that has no sending cap
    (an operator adds workers after a spike). Returns (emails seen, seconds taken)."""
    started = time.monotonic()
    helper = subprocess.Popen([str(BIN / "awaz"), "worker", "--no-periodic", "--nice", "0"],
                              env={**env, "AWAZ_EMAIL_RATE": "0"}, stdout=(logs / "drain.log").open("a"),
                              stderr=subprocess.STDOUT)
    try:
        sent = wait_for_emails(outbox, expected, timeout=120 + (expected - emails_in(outbox)) / 50)
    finally:
        stop(helper)
    return sent, time.monotonic() - started


def warm_up(args, ports: list[int], label: str, env, outbox: Path) -> None:
    """An untimed run first: the figures are for a server in its stride (code paths taken, caches
    and connections open), as it is minutes into a viral spike, not for its first second."""
    rows, emails = counts(SLUG)["rows"], emails_in(outbox)
    sign_runs(args, ports, f"warm-{label.replace(' ', '-')}", WARM_UP_SECONDS)
    new = settle(SLUG)["rows"] - rows
    drain_emails(env, outbox, emails + new, Path(env["AWAZ_DATA_DIR"]) / "logs")
    say(f"  warm-up: {WARM_UP_SECONDS} s untimed, {new} signatures (and their emails) before the timed run")


def sign_load(args, ports: list[int], label: str, stack: Stack, env, outbox: Path) -> dict:
    """The warm-up, the timed run on every port at once, its checks; returns the totals."""
    warm_up(args, ports, label, env, outbox)
    before = counts(SLUG)
    emails_before = emails_in(outbox)
    stack.reset_peaks()
    cpu_before = stack.cpu_snapshot()
    results = sign_runs(args, ports, label.replace(" ", "-"), args.duration)
    cpu_after = stack.cpu_snapshot()
    total = {
        "rate": sum(r["posts"] for r in results) / max(r["duration_us"] for r in results) * 1e6,
        "accepted": sum(r["s302"] for r in results),
        "other": sum(r["other"] for r in results),
        "errors": sum(r["errors"] for r in results),
        "p50_us": max(r["p50_us"] for r in results),
        "p99_us": max(r["p99_us"] for r in results),
        "max_us": max(r["max_us"] for r in results),
        "requests": sum(r["requests"] for r in results),
        # wrk stops at the deadline without waiting for the requests it has sent: the server
        # still stores those, but nobody reads their answers. At most one per connection.
        "cut_off": sum(r["posts"] - r["s302"] - r["other"] for r in results),
    }
    say(f"  {total['rate']:.0f} signatures/s, p50 {ms(total['p50_us'])}, p99 {ms(total['p99_us'])}, "
        f"max {ms(total['max_us'])}; {total['accepted']} accepted (302), {total['other']} other answers "
        f"(last status {max(r['other_status'] for r in results)}), "
        f"{total['errors']} socket errors")
    stack.report_memory()
    after = settle(SLUG)
    new_rows = after["rows"] - before["rows"]
    report_cpu(cpu_before, cpu_after, new_rows)
    accepted, cut_off = total["accepted"], total["cut_off"]
    check(f"{label}: every accepted submission stored once", accepted <= new_rows <= accepted + cut_off,
          f"{accepted} HTTP 302, {new_rows} new Signature rows, {cut_off} requests in flight when wrk stopped "
          f"(their answers unread): {new_rows - accepted} of them stored")
    check(f"{label}: no refused or failed submissions", total["other"] == 0 and total["errors"] == 0,
          f"{total['other']} non-302 answers, {total['errors']} socket errors")
    during = emails_in(outbox) - emails_before
    sent, drained = drain_emails(env, outbox, emails_before + new_rows, Path(env["AWAZ_DATA_DIR"]) / "logs")
    say(f"  emails: {during} sent during the timed run by the worker; the other {new_rows - during} "
        f"in {drained:.1f} s after it, with a second worker ({(new_rows - during) / drained:.0f}/s)")
    check(f"{label}: one confirmation email per new signature", sent - emails_before == new_rows,
          f"{sent - emails_before} emails for {new_rows} signatures")
    return total
