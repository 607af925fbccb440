"""The lifecycle scenario: the whole life of a signature, under load, all at once (#11).

Virtual signers submit (wrk, `lua/sign.lua`, each with an address of their own); `awaz worker`
sends their confirmation emails over SMTP during the load, to a real SMTP server in this process
(aiosmtpd, `bench.mail`), which hands each email's confirmation link to a virtual signer who
POSTs it at once (an asyncio client here, keep-alive connections). Printed: submissions,
emails and confirmations per second during the load, **complete signatures per second**
(confirmed during the load), the time from submission (the row's `created_at`) to the email's
acceptance by the SMTP server (p50, p95, share within 5 s), the confirmations' p50/p99, and the
CPU per complete signature of each process. Checked after the load has drained: every stored
signature got exactly one email and was confirmed exactly once, and the tallies add up to the
confirmed rows.

`run(..., pythonpath=...)` runs the same scenario against another checkout of Awaz (the bench
uses it to measure the code before a change in the same run).
"""

import asyncio
import json
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.load import LUA
from bench.mail import MailSink
from bench.report import FIGURES, check
from bench.stack import BIN, cpu_snapshot, cpu_used_ms, format_cpu, free_port, say, stop, wait_for_port

LANG = "/en"
DRAIN_SECONDS = 60
CONFIRMERS = 16


@dataclass
class Outcome:
    label: str
    duration: float
    submitted: int = 0  # 302 answers during the load
    submit_p99_us: int = 0
    emails_during: int = 0
    confirmed_during: int = 0
    confirm_latencies: list = field(default_factory=list)  # seconds, during the load
    email_delays: list = field(default_factory=list)  # seconds from created_at to acceptance
    cpu: dict = field(default_factory=dict)  # ms per complete signature, by role
    worker_ms_per_email: float = 0.0
    checks: list = field(default_factory=list)  # (name, ok, detail)

    @property
    def complete_rate(self) -> float:
        return self.confirmed_during / self.duration


def _percentile(values: list, p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


class Confirmers:
    """Virtual signers who open their email's link and press the button."""

    def __init__(self, port: int):
        self.port = port
        self.queue: asyncio.Queue | None = None
        self.loop = None
        self.answers: list[tuple[float, float, int]] = []  # (sent, answered, status)

    def email_arrived(self, entry) -> None:  # on the SMTP server's thread
        if entry.token and self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.queue.put_nowait, entry.token)

    async def _one(self) -> None:
        reader = writer = None
        while True:
            token = await self.queue.get()
            if token is None:
                break
            request = (f"POST {LANG}/confirm/{token}/ HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
                       "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\n\r\n").encode()
            sent = time.time()
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head.split(b" ", 2)[1])
                length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
                await reader.readexactly(int(length.group(1)) if length else 0)
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
                status = 0
                writer = None
            self.answers.append((sent, time.time(), status))
        if writer is not None:
            writer.close()

    async def run(self, until) -> None:
        self.loop = asyncio.get_running_loop()
        self.queue = asyncio.Queue()
        tasks = [asyncio.create_task(self._one()) for _ in range(CONFIRMERS)]
        while not until():
            await asyncio.sleep(0.25)
        for _ in tasks:
            self.queue.put_nowait(None)
        await asyncio.gather(*tasks)


def _rows(slug: str) -> dict:
    from django.db import close_old_connections
    from django.db.models import Sum

    from awaz.signatures.models import Signature, SignatureTally

    close_old_connections()
    rows = Signature.objects.filter(petition__slug=slug)
    return {"rows": rows.count(), "confirmed": rows.confirmed().count(),
            "tally": SignatureTally.objects.filter(petition__slug=slug).aggregate(n=Sum("count"))["n"] or 0}


def _make_petition(slug: str) -> None:
    from awaz.petitions.models import Organization, Petition, PetitionTranslation

    organization, _ = Organization.objects.get_or_create(slug="bench", defaults={"name": "Bench Organization"})
    petition = Petition.objects.create(organization=organization, slug=slug, status=Petition.Status.OPEN)
    PetitionTranslation.objects.create(petition=petition, language="en", title="The whole life of a signature",
                                       summary="Sign, get the email, confirm.", body="Under load.",
                                       addressees="The bench")


def run(*, label: str, env: dict, logs: Path, duration: int, connections: int,
        pythonpath: str | None = None) -> Outcome:
    import logging
    import os

    # The database is read between awaits, briefly, from the one thread: Django's guard against
    # blocking an event loop that serves others does not apply to this loop.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's chatter about each session
    slug = f"bench-lifecycle-{label}"
    _make_petition(slug)
    port = free_port()
    confirmers = Confirmers(port)
    sink = MailSink(data_seconds=0, on_email=confirmers.email_arrived)
    sink.start()
    env = {**env, "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}?tls=0", "AWAZ_BASE_URL": f"http://127.0.0.1:{port}"}
    env.pop("AWAZ_EMAIL_RATE", None)  # each version's own default
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    server = subprocess.Popen([str(BIN / "awaz"), "serve", "--bind", f"127.0.0.1:{port}"], env=env,
                              stdout=(logs / f"lifecycle-{label}-serve.log").open("a"), stderr=subprocess.STDOUT)
    worker = subprocess.Popen([str(BIN / "awaz"), "worker", "--no-periodic"], env=env,
                              stdout=(logs / f"lifecycle-{label}-worker.log").open("a"), stderr=subprocess.STDOUT)
    outcome = Outcome(label, duration)
    try:
        wait_for_port(port)
        time.sleep(1)  # the server's processes import the application
        from bench.stack import children_of

        servers = {server.pid, *children_of(server.pid)}
        workers = {worker.pid}
        before = _rows(slug)
        cpu_before = cpu_snapshot(servers, workers)
        started = time.time()
        load = subprocess.Popen(
            ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout=10s", "--latency", "-s",
             str(LUA / "sign.lua"), f"http://127.0.0.1:{port}", "--", f"{LANG}/petitions/{slug}/",
             f"{LANG}/petitions/{slug}/sign/", str(connections // 2), f"life-{label}-{int(started)}"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        marks: dict = {}

        def finished() -> bool:
            if "load" not in marks:
                if load.poll() is None:
                    return False
                marks["load"] = time.time()
                marks["cpu"] = cpu_snapshot(servers, workers)
                marks["emails"] = len(sink.received)
                marks["confirmed"] = sum(1 for _s, answered, status in confirmers.answers if status == 200)
            if time.time() - marks["load"] > DRAIN_SECONDS:
                return True
            if time.time() - marks.get("polled", 0) < 1:
                return False
            marks["polled"] = time.time()
            rows = _rows(slug)
            return rows["rows"] - before["rows"] == len(confirmers.answers) and len(sink.received) >= rows["rows"] - before["rows"]

        asyncio.run(confirmers.run(finished))
        confirmers.loop = None
        output, _ = load.communicate()
        result = next(json.loads(line[6:]) for line in output.splitlines() if line.startswith("BENCH "))
        ended = marks["load"]
        outcome.submitted = result["s302"]
        outcome.submit_p99_us = result["p99_us"]
        outcome.emails_during = marks["emails"]
        outcome.confirmed_during = marks["confirmed"]
        outcome.confirm_latencies = [answered - sent for sent, answered, status in confirmers.answers
                                     if status == 200 and answered <= ended]
        outcome.duration = ended - started
        used = cpu_used_ms(cpu_before, marks["cpu"], max(1, outcome.confirmed_during))
        outcome.cpu = used
        outcome.worker_ms_per_email = used["awaz worker"] * outcome.confirmed_during / max(1, outcome.emails_during)
        _delays_and_checks(outcome, slug, before, sink, confirmers)
    finally:
        stop(server)
        stop(worker)
        sink.stop()
    return outcome


def _delays_and_checks(outcome: Outcome, slug: str, before: dict, sink: MailSink, confirmers: Confirmers) -> None:
    from collections import Counter

    from awaz.signatures.models import Signature
    from awaz.signatures.services import email_index_for

    created = dict(Signature.objects.filter(petition__slug=slug).values_list("email_index", "created_at"))
    with sink.lock:
        received = list(sink.received)
    for entry in received:
        at = created.get(email_index_for(entry.recipient))
        if at is not None:
            outcome.email_delays.append(entry.at - at.timestamp())
    after = _rows(slug)
    new = after["rows"] - before["rows"]
    per_recipient = Counter(entry.recipient for entry in received)
    statuses = Counter(status for _s, _a, status in confirmers.answers)
    outcome.checks = [
        ("every signature emailed once", len(per_recipient) == new and set(per_recipient.values()) <= {1},
         f"{new} signatures, {len(per_recipient)} recipients, {len(received)} emails"),
        ("every signature confirmed once from its email", after["confirmed"] - before["confirmed"] == new == statuses[200],
         f"{after['confirmed'] - before['confirmed']} confirmed rows, {statuses[200]} answered 200, "
         f"other answers {dict((k, v) for k, v in statuses.items() if k != 200)}"),
        ("confirmed == sum of tallies", after["confirmed"] == after["tally"],
         f"{after['confirmed']} confirmed, tallies add up to {after['tally']}"),
    ]


def report(outcome: Outcome) -> None:
    delays = outcome.email_delays
    within = sum(1 for d in delays if d <= 5) / max(1, len(delays))
    confirms = outcome.confirm_latencies
    say(f"  [{outcome.label}] {outcome.complete_rate:.0f} complete signatures/s "
        f"({outcome.confirmed_during} confirmed in {outcome.duration:.1f} s of load; "
        f"{outcome.submitted / outcome.duration:.0f} submissions/s with p99 {outcome.submit_p99_us / 1000:.0f} ms, "
        f"{outcome.emails_during / outcome.duration:.0f} emails/s)")
    say(f"  [{outcome.label}] submission to email: p50 {_percentile(delays, 50):.2f} s, "
        f"p95 {_percentile(delays, 95):.2f} s, {within:.0%} within 5 s; confirmation answered: "
        f"p50 {_percentile(confirms, 50) * 1000:.0f} ms, p99 {_percentile(confirms, 99) * 1000:.0f} ms")
    say(f"  [{outcome.label}] CPU per complete signature (ms): {format_cpu(outcome.cpu)}; "
        f"the worker per email {outcome.worker_ms_per_email:.2f}")


def scenario(args, env, logs: Path, before_tree: str | None) -> None:
    """(h) of the main run: this code, then `--before`'s (measured, not judged)."""
    say(f"\n(h) Lifecycle: submit, email over SMTP, confirm from the email's link; {args.connections // 2} "
        f"connections submitting, {CONFIRMERS} confirming, {args.duration} s")
    runs = [("after", None)] + ([("before", before_tree)] if before_tree else [])
    for label, tree in runs:
        outcome = run(label=label, env=env, logs=logs, duration=args.duration,
                      connections=max(2, args.connections // 2), pythonpath=tree)
        FIGURES[f"lifecycle-{label}"] = outcome
        report(outcome)
        for name, ok, detail in outcome.checks:
            if label == "after":
                check(f"lifecycle: {name}", ok, detail)
            else:  # the old code is measured, not judged (its worker was capped, say)
                say(f"  [{label}] {'as it should' if ok else 'not'}: {name}: {detail}")
