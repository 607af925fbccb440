"""`make bench`: the production stack on loopback, driven by wrk, with consistency checks.

Starts a fresh PostgreSQL database (`awaz_bench`), Redis db 7, `awaz serve` (Granian) and
`awaz worker`, then runs the scenarios and prints, for each, throughput, p50/p99 latency, the
CPU per signature of each process, the peak memory of every server process and PASS/FAIL lines;
pgbench's raw inserts give the ratios. See docs/performance.md.

    .venv/bin/python -m bench.run            # the full run, about 14 minutes
    .venv/bin/python -m bench.run --quick    # a short run while developing

In the sign, confirm and two-server scenarios emails go to the outbox (files in the bench data
directory); the lifecycle scenario (bench/lifecycle.py) sends them over SMTP and confirms from
their links.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

if not __package__:  # run as a file (bench/run.py): the package is the repository's bench/
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stack import (  # noqa: E402
    BIN, ROOT, children_of, cpu_snapshot as _cpu_snapshot, cpu_used_ms, format_cpu, peak_rss_kib, reset_peak, say,
    stop, wait_for_http,
)

WARM_UP_SECONDS = 3
BENCH = ROOT / "bench"
LUA = BENCH / "lua"
LANG = "/en"
SLUG = "bench-viral"
EMPTY_SLUG = "bench-empty"
MILLION_SLUG = "bench-million"
SCENARIOS = ("sign", "pgbench", "confirm", "read", "two", "export", "profile", "lifecycle", "faults")
FIGURES: dict = {}  # for the summary at the end


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="short scenarios and 100,000 instead of 1,000,000 rows")
    parser.add_argument("--duration", type=int, help="seconds per load scenario (default 20, quick 5)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent connections of the load generator")
    parser.add_argument("--export-rows", type=int, help="rows for the export and page-at-scale test")
    parser.add_argument("--only", help=f"comma-separated scenarios: {','.join(SCENARIOS)}")
    parser.add_argument("--before", metavar="REVISION",
                        help="also run the confirm and lifecycle scenarios against this git revision's awaz/ "
                             "(same database: it must have the same migrations), and print the ratios")
    parser.add_argument("--fault-rate", type=int, default=200, help="signatures per second in the fault scenarios")
    parser.add_argument("--database", default="awaz_bench", help="PostgreSQL database to create and drop")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/7", help="Redis URL (the db is flushed)")
    parser.add_argument("--port", type=int, default=8071, help="first of the ports used on 127.0.0.1")
    parser.add_argument("--workers", type=int, help="Granian workers per app server (default: awaz serve's)")
    parser.add_argument("--threads", type=int, help="threads per Granian worker (default: awaz serve's)")
    parser.add_argument("--no-nginx", action="store_true", help="skip the runs through nginx")
    parser.add_argument("--keep", action="store_true", help="keep the database and data directory afterwards")
    args = parser.parse_args()
    args.duration = args.duration or (5 if args.quick else 20)
    args.export_rows = args.export_rows or (100_000 if args.quick else 1_000_000)
    args.only = set(args.only.split(",")) if args.only else set(SCENARIOS)
    return args


# --- Output -----------------------------------------------------------------------------------
RESULTS: list[tuple[str, bool, str]] = []


def check(name: str, ok: bool, detail: str) -> None:
    RESULTS.append((name, ok, detail))
    say(f"  {'PASS' if ok else 'FAIL'}  {name}: {detail}")


def ms(us: float) -> str:
    return f"{us / 1000:.1f} ms"


class Stack:
    """The processes of the running stack, by role."""

    def __init__(self):
        self.servers: list[subprocess.Popen] = []
        self.worker: subprocess.Popen | None = None
        self.nginx: subprocess.Popen | None = None

    def processes(self) -> list[tuple[str, int]]:
        found = []
        for n, server in enumerate(self.servers, 1):
            prefix = f"serve{n}" if len(self.servers) > 1 else "serve"
            found.append((f"{prefix} master", server.pid))
            found += [(f"{prefix} worker {i}", pid) for i, pid in enumerate(children_of(server.pid), 1)]
        if self.worker:
            found.append(("awaz worker", self.worker.pid))
        if self.nginx:
            found.append(("nginx master", self.nginx.pid))
            found += [(f"nginx worker {i}", pid) for i, pid in enumerate(children_of(self.nginx.pid), 1)]
        return found

    def reset_peaks(self) -> None:
        for _, pid in self.processes():
            reset_peak(pid)

    def report_memory(self) -> None:
        parts = [f"{name} {peak_rss_kib(pid) / 1024:.0f}" for name, pid in self.processes()]
        say("  peak RSS (MiB): " + ", ".join(parts))


def cpu_snapshot(stack: "Stack") -> dict[str, int]:
    servers = {pid for name, pid in stack.processes() if name.startswith("serve")}
    return _cpu_snapshot(servers, {stack.worker.pid} if stack.worker else set())


def report_cpu(before: dict[str, int], after: dict[str, int], signatures: int, what: str = "signature") -> dict:
    used = cpu_used_ms(before, after, signatures)
    say(f"  CPU per {what} (ms): {format_cpu(used)}")
    return used


# --- Load generation --------------------------------------------------------------------------
def wrk(url: str, *, duration: int, connections: int, script: str, args: list[str] = (), threads: int = 2,
        timeout: int = 10, background: bool = False):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", f"--timeout={timeout}s", "--latency",
               "-s", str(LUA / script), url]
    if args:
        command += ["--", *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return process if background else wrk_result(process)


def wrk_result(process: subprocess.Popen) -> dict:
    output, _ = process.communicate()
    for line in output.splitlines():
        if line.startswith("BENCH "):
            result = json.loads(line[6:])
            result["rate"] = result["requests"] / (result["duration_us"] / 1e6)
            return result
    raise SystemExit(f"wrk gave no result:\n{output}")


def print_load(label: str, result: dict, unit: str = "req") -> None:
    say(f"  {label}: {result['rate']:.0f} {unit}/s, p50 {ms(result['p50_us'])}, p99 {ms(result['p99_us'])}, "
        f"max {ms(result['max_us'])}, {result['requests']} requests, {result.get('errors', 0)} socket errors")


# --- The stack --------------------------------------------------------------------------------
def environment(args, data_dir: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="awaz.settings",
        AWAZ_DATA_DIR=str(data_dir),
        DATABASE_URL=f"{args.pg}/{args.database}",
        REDIS_URL=args.redis,
        AWAZ_BASE_URL=f"http://127.0.0.1:{args.port}",
        AWAZ_ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
        # All the load comes from 127.0.0.1, one network: limits per network and per email
        # domain would refuse it after the first minute. They are raised out of reach, not
        # switched off, so their counting (a Redis pipeline per signature) is still measured.
        # Proof of work would switch itself on for a surge like this one; browsers would solve
        # it, wrk cannot, so it is off.
        AWAZ_RATE_NETWORK_PER_MINUTE="1000000000",
        AWAZ_RATE_NETWORK_PER_HOUR="1000000000",
        AWAZ_RATE_NETWORK_UNSOLVED_PER_HOUR="1000000000",
        AWAZ_RATE_DOMAIN_PER_HOUR="1000000000",
        AWAZ_RATE_LARGE_DOMAIN_PER_HOUR="1000000000",
        AWAZ_RATE_PETITION_PER_MINUTE="1000000000",
        AWAZ_POW_MODE="never",
    )
    env.pop("EMAIL_URL", None)  # the outbox
    return env


def recreate_database(args) -> None:
    import psycopg

    with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{args.database}"')


def drop_database(args) -> None:
    import psycopg

    with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')


def start_server(args, env, port: int, log: Path) -> subprocess.Popen:
    command = [str(BIN / "awaz"), "serve", "--bind", f"127.0.0.1:{port}"]
    if args.workers:
        command += ["--workers", str(args.workers)]
    if args.threads:
        command += ["--threads", str(args.threads)]
    process = subprocess.Popen(command, env=env, stdout=log.open("a"), stderr=subprocess.STDOUT)
    wait_for_http(f"http://127.0.0.1:{port}{LANG}/petitions/{SLUG}/count.json")
    return process


def start_worker(env, log: Path) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "awaz"), "worker"], env=env, stdout=log.open("a"), stderr=subprocess.STDOUT)


def make_petition(slug: str, title: str):
    from awaz.petitions.models import Organization, Petition, PetitionTranslation

    organization, _ = Organization.objects.get_or_create(slug="bench", defaults={"name": "Bench Organization"})
    petition = Petition.objects.create(organization=organization, slug=slug, status=Petition.Status.OPEN)
    PetitionTranslation.objects.create(
        petition=petition, language="en", title=title, summary="A petition that went viral.",
        body="Stop the **surveillance** of a whole people.\n\nSign now.", addressees="The United Nations",
    )
    return petition


# --- Consistency ------------------------------------------------------------------------------
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


def wait_for_queue(env, outbox: Path, expected: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    sent = 0
    while time.monotonic() < deadline:
        sent = sum(1 for _ in outbox.glob("*.eml")) if outbox.exists() else 0
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


# --- Scenarios --------------------------------------------------------------------------------
def emails_in(outbox: Path) -> int:
    return sum(1 for _ in outbox.glob("*.eml")) if outbox.exists() else 0


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
        sent = wait_for_queue(env, outbox, expected, timeout=120 + (expected - emails_in(outbox)) / 50)
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
    warm_up(args, ports, label, env, outbox)
    before = counts(SLUG)
    emails_before = emails_in(outbox)
    stack.reset_peaks()
    cpu_before = cpu_snapshot(stack)
    results = sign_runs(args, ports, label.replace(" ", "-"), args.duration)
    cpu_after = cpu_snapshot(stack)
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


def scenario_sign(args, stack, env, outbox):
    say(f"\n(a) Signature submissions: {args.connections} connections, {args.duration} s, one app server")
    FIGURES["sign"] = sign_load(args, [args.port], "sign", stack, env, outbox)
    return FIGURES["sign"]


def _one_real_signature() -> None:
    from awaz.petitions.models import Petition
    from awaz.signatures.models import Signature
    from awaz.signatures.services import SignerDetails, signature_submit

    if not Signature.objects.exists():
        details = SignerDetails(name="Shape Of A Signer", email="shape@bench.example.org", country="FR")
        signature_submit(petition=Petition.objects.get(slug=SLUG), details=details, language="en")


def scenario_pgbench(args):
    from bench import pgbench

    if not pgbench.available():
        say("\n(g) pgbench is missing (Debian: postgresql-client): no raw insert rate to compare with")
        return
    say(f"\n(g) Raw PostgreSQL: pgbench, 32 clients, {args.duration} s of INSERT ... ON CONFLICT DO NOTHING into a copy "
        "of the signatures table (its indexes, one real row's values, a random blind index)")
    _one_real_signature()  # the row whose shape pgbench copies, when no signing scenario ran before
    FIGURES["pgbench"] = rate = pgbench.raw_inserts_per_second(f"{args.pg}/{args.database}", seconds=args.duration)
    say(f"  {rate:,.0f} inserts/s")


def scenario_lifecycle(args, env, logs: Path, before_tree: str | None):
    from bench import lifecycle

    say(f"\n(h) Lifecycle: submit, email over SMTP, confirm from the email's link; {args.connections // 2} "
        f"connections submitting, {lifecycle.CONFIRMERS} confirming, {args.duration} s")
    runs = [("after", None)] + ([("before", before_tree)] if before_tree else [])
    for label, tree in runs:
        outcome = lifecycle.run(label=label, env=env, logs=logs, duration=args.duration,
                                connections=max(2, args.connections // 2), pythonpath=tree, lua=LUA)
        FIGURES[f"lifecycle-{label}"] = outcome
        lifecycle.report(outcome)
        for name, ok, detail in outcome.checks:
            if label == "after":
                check(f"lifecycle: {name}", ok, detail)
            else:  # the old code is measured, not judged (its worker was capped, say)
                say(f"  [{label}] {'as it should' if ok else 'not'}: {name}: {detail}")


def summary(args) -> None:
    """The ratios of #11: against raw PostgreSQL, and after against before."""
    say("\nSummary")
    raw = FIGURES.get("pgbench")
    sign, confirm = FIGURES.get("sign"), FIGURES.get("confirm")
    if raw and sign:
        say(f"  submissions {sign['rate']:,.0f}/s = {sign['rate'] / raw:.1%} of raw PostgreSQL's {raw:,.0f} inserts/s "
            f"(target 20 %), p99 {ms(sign['p99_us'])} (target < 250 ms)")
    if raw and confirm:
        say(f"  confirmations {confirm['rate']:,.0f}/s = {confirm['rate'] / raw:.1%} of raw PostgreSQL (target 15 %), "
            f"p99 {ms(confirm['p99_us'])}")
    old = FIGURES.get("confirm-before")
    if confirm and old:
        say(f"  confirmations after / before: {confirm['rate']:,.0f} / {old['rate']:,.0f} = {confirm['rate'] / old['rate']:.2f} x")
    life, life_old = FIGURES.get("lifecycle-after"), FIGURES.get("lifecycle-before")
    if life:
        delays = sorted(life.email_delays)
        within = sum(1 for d in delays if d <= 5) / max(1, len(delays))
        say(f"  lifecycle: {life.complete_rate:,.0f} complete signatures/s (target 500), {within:.0%} of emails within "
            f"5 s (target 95 %), the worker {life.worker_ms_per_email:.2f} ms of CPU per email (target 0.5)")
    if life and life_old:
        say(f"  lifecycle after / before: {life.complete_rate:,.0f} / {life_old.complete_rate:,.0f} = "
            f"{life.complete_rate / max(life_old.complete_rate, 0.001):.2f} x; the worker per email "
            f"{life.worker_ms_per_email:.2f} / {life_old.worker_ms_per_email:.2f} ms")


def scenario_confirm(args, stack, env, work: Path, *, port: int | None = None, label: str = "confirm"):
    from django.utils import timezone

    from awaz.petitions.models import Petition
    from awaz.signatures.models import Signature
    from awaz.signatures.tokens import new_token

    port = port or args.port
    petition = Petition.objects.get(slug=SLUG)
    n = 20_000 if args.quick else 60_000  # more than a run can confirm: wrk never runs dry
    tokens, rows = [], []
    now = timezone.now()
    countries = ["FR", "DE", "TR", "JP", "US", "GB", "CA", "BR"]
    for i in range(n):
        token, digest = new_token()
        tokens.append(token)
        rows.append(Signature(
            petition=petition, email_index=f"{label}-bench-{i}", name=f"Pending {i}", email=f"pending{i}@bench.example.org",
            country=countries[i % len(countries)], language="en", confirm_token_hash=digest, token_sent_at=now,
            show_publicly=i % 3 == 0,
        ))
    Signature.objects.bulk_create(rows, batch_size=2000)
    tokens_file = work / f"tokens-{label}.txt"
    tokens_file.write_text("\n".join(tokens) + "\n")
    before = counts(SLUG)
    say(f"\n(b) Confirmations [{label}]: {args.connections} connections, {args.duration} s, tokens of {n:,} "
        f"pending signatures")
    stack.reset_peaks()
    cpu_before = cpu_snapshot(stack)
    result = wrk(f"http://127.0.0.1:{port}", duration=args.duration, connections=args.connections,
                 script="confirm.lua", args=[LANG, str(tokens_file), "2"])
    cpu_after = cpu_snapshot(stack)
    print_load("confirmations", result, "confirmations")
    stack.report_memory()
    if result["ran_out"]:
        say("  warning: the load generator ran out of tokens; raise n in scenario_confirm")
    after = settle(SLUG)
    confirmed = after["confirmed"] - before["confirmed"]
    report_cpu(cpu_before, cpu_after, confirmed, "confirmation")
    FIGURES[label] = result
    cut_off = result["sent"] - result["s200"] - result["other"]
    check(f"{label}: every confirmation answered 200", result["other"] == 0 and result["errors"] == 0,
          f"{result['s200']} OK, {result['other']} other (last status {result['other_status']}), "
          f"{result['errors']} socket errors")
    check(f"{label}: every answered confirmation stored once", result["s200"] <= confirmed <= result["s200"] + cut_off,
          f"{result['s200']} answered 200, {confirmed} newly confirmed rows, {cut_off} in flight when wrk stopped")
    check_counts(args, SLUG, stage=label)


def scenario_read(args, stack, nginx_port: int | None):
    say(f"\n(c) Reads: {args.connections} connections, {args.duration} s each")
    targets = [("petition page", f"{LANG}/petitions/{SLUG}/"), ("count.json", f"{LANG}/petitions/{SLUG}/count.json")]
    for label, path in targets:
        stack.reset_peaks()
        result = wrk(f"http://127.0.0.1:{args.port}{path}", duration=args.duration, connections=args.connections,
                     script="get.lua")
        print_load(f"{label}, app server", result, "views")
        stack.report_memory()
        check(f"read: {label} answered 200", result["other"] == 0 and result["errors"] == 0,
              f"{result['s200']} OK, {result['other']} other (last status {result['other_status']}), "
              f"{result['errors']} socket errors")
    if nginx_port:
        for label, path in targets:
            result = wrk(f"http://127.0.0.1:{nginx_port}{path}", duration=args.duration,
                         connections=args.connections * 2, script="get.lua")
            print_load(f"{label}, through nginx's microcache", result, "views")
            check(f"read via nginx: {label} answered 200", result["other"] == 0 and result["errors"] == 0,
                  f"{result['s200']} OK, {result['other']} other (last status {result['other_status']}), "
              f"{result['errors']} socket errors")


def scenario_two(args, stack, env, outbox, logs: Path, single: dict | None):
    say(f"\n(d) Signature submissions against two app servers sharing the database, {args.connections} connections")
    second = start_server(args, env, args.port + 1, logs / "serve2.log")
    stack.servers.append(second)
    try:
        total = sign_load(args, [args.port, args.port + 1], "two servers", stack, env, outbox)
    finally:
        stack.servers.remove(second)
        stop(second)
    if single:
        say(f"  scale factor: {total['rate'] / single['rate']:.2f} x one server "
            f"(one machine of {os.cpu_count()} cores: the servers share its CPUs)")


def scenario_export(args, env, work: Path):
    from awaz.petitions.models import Petition

    rows = args.export_rows
    say(f"\n(e) {rows:,} confirmed signatures: CSV export memory and page time at 0 and at {rows:,}")
    empty = Petition.objects.get(slug=EMPTY_SLUG)
    million = Petition.objects.get(slug=MILLION_SLUG)
    started = time.monotonic()
    subprocess.run([sys.executable, str(BENCH / "fill.py"), str(million.pk), str(rows)], env=env, check=True)
    say(f"  inserted {rows:,} rows with COPY in {time.monotonic() - started:.1f} s")
    output = subprocess.run([sys.executable, str(BENCH / "export_probe.py"), str(million.pk)], env=env, check=True,
                            capture_output=True, text=True).stdout
    probe = json.loads(output.strip().splitlines()[-1])
    say(f"  export: {probe['rows']:,} rows, {probe['bytes'] / 2**20:.0f} MiB of CSV in {probe['seconds']:.1f} s "
        f"({probe['rows'] / probe['seconds']:,.0f} rows/s)")
    say(f"  export process peak RSS: {probe['peak_10k'] / 1024:.0f} MiB at 10,000 rows, "
        f"{probe['peak_end'] / 1024:.0f} MiB at {probe['rows']:,} rows")
    check("export: every confirmed row exported", probe["rows"] == rows, f"{probe['rows']:,} of {rows:,}")
    check("export: memory flat", probe["peak_end"] <= probe["peak_10k"] * 1.1 + 8 * 1024,
          f"{probe['peak_10k'] / 1024:.0f} MiB -> {probe['peak_end'] / 1024:.0f} MiB")
    times = {}
    for slug in (EMPTY_SLUG, MILLION_SLUG):
        for kind, path in (("page", f"{LANG}/petitions/{slug}/"), ("count.json", f"{LANG}/petitions/{slug}/count.json")):
            result = wrk(f"http://127.0.0.1:{args.port}{path}", duration=5, connections=1, threads=1, script="get.lua")
            times[(slug, kind)] = result
    for kind in ("page", "count.json"):
        zero, full = times[(EMPTY_SLUG, kind)], times[(MILLION_SLUG, kind)]
        say(f"  {kind}: p50 {ms(zero['p50_us'])} / p99 {ms(zero['p99_us'])} at 0 signatures, "
            f"p50 {ms(full['p50_us'])} / p99 {ms(full['p99_us'])} at {rows:,} (one connection)")
        check(f"page at scale: {kind} time flat", full["p50_us"] <= zero["p50_us"] * 1.5 + 1000,
              f"p50 {ms(zero['p50_us'])} -> {ms(full['p50_us'])}")
    shown = public_count(args.port, MILLION_SLUG)
    check("page at scale: public count exact", shown == rows, f"count.json says {shown:,}")


def scenario_profile(args, env):
    say("\n(f) Where the time of one signing request goes (cProfile of the WSGI application, one thread)")
    output = subprocess.run([sys.executable, str(BENCH / "profile_sign.py"), SLUG, "1000" if not args.quick else "300"],
                            env=env, check=True, capture_output=True, text=True).stdout
    for line in output.rstrip().splitlines():
        say("  " + line)


# --- nginx ------------------------------------------------------------------------------------
def start_nginx(args, work: Path, upstreams: list[int], port: int) -> subprocess.Popen | None:
    if args.no_nginx:
        return None
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        say("  nginx is not installed (apt-get install nginx-light): the runs through nginx are skipped")
        return None
    sys.path.insert(0, str(ROOT))
    from deploy.nginx_test_config import render

    prefix = work / "nginx"
    config = render(prefix=prefix, listen_port=port, upstreams=[f"127.0.0.1:{p}" for p in upstreams],
                    static_root=Path(env_data_dir()) / "static")
    process = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(prefix), "-c", str(config),
                                "-e", str(prefix / "error.log")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    wait_for_http(f"http://127.0.0.1:{port}{LANG}/petitions/{SLUG}/count.json")
    return process


def env_data_dir() -> str:
    return os.environ["AWAZ_DATA_DIR"]


# --- Main ---------------------------------------------------------------------------------------
@contextmanager
def data_directory(args):
    path = Path(tempfile.mkdtemp(prefix="awaz-bench-"))
    try:
        yield path
    finally:
        if not args.keep:
            shutil.rmtree(path, ignore_errors=True)


@contextmanager
def before_checkout(args):
    """`--before REVISION`: that revision's awaz/ in a temporary directory, for PYTHONPATH."""
    if not args.before:
        yield None
        return
    path = Path(tempfile.mkdtemp(prefix="awaz-before-"))
    try:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.before, "awaz"], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(path)], input=archive, check=True)
        subprocess.run([str(BIN / "python"), "-m", "awaz", "compile_catalogs"], cwd=path, check=True,
                       env={**os.environ, "PYTHONPATH": str(path)}, stdout=subprocess.DEVNULL)
        say(f"Before: {args.before} ({subprocess.run(['git', '-C', str(ROOT), 'log', '-1', '--format=%h %s', args.before], capture_output=True, text=True).stdout.strip()[:90]})")
        yield str(path)
    finally:
        shutil.rmtree(path, ignore_errors=True)


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "unknown CPU")
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return f"{os.cpu_count()} cores ({model}), {memory / 2**20:.0f} GiB memory"


def main() -> int:
    args = parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    say(f"Awaz bench, {time.strftime('%Y-%m-%d %H:%M')}, {machine()}, load average {os.getloadavg()[0]:.2f}")
    with data_directory(args) as data_dir, before_checkout(args) as before_tree:
        env = environment(args, data_dir)
        os.environ.update({k: v for k, v in env.items() if k.startswith(("AWAZ_", "DJANGO_")) or k in
                           ("DATABASE_URL", "REDIS_URL")})
        os.environ.pop("EMAIL_URL", None)
        logs = data_dir / "logs"
        logs.mkdir()
        recreate_database(args)
        import redis

        redis.Redis.from_url(args.redis).flushdb()
        subprocess.run([str(BIN / "awaz"), "setup", "--no-demo"], env=env, check=True)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        make_petition(SLUG, "Free the journalists")
        make_petition(EMPTY_SLUG, "A petition nobody has signed yet")
        make_petition(MILLION_SLUG, "A petition a million people signed")
        from django.db import connection

        connection.close()

        stack = Stack()
        try:
            stack.servers.append(start_server(args, env, args.port, logs / "serve.log"))
            stack.worker = start_worker(env, logs / "worker.log")
            from django.conf import settings

            workers = len(children_of(stack.servers[0].pid))
            say(f"Stack: awaz serve (Granian, {workers} workers x {args.threads or 'default'} threads) + awaz worker "
                f"(emails {'capped at %s/s' % settings.EMAIL_RATE if settings.EMAIL_RATE else 'uncapped'}, niced), PostgreSQL {args.database}, "
                f"{args.redis}, emails to the outbox")
            outbox = data_dir / "outbox"
            single = None
            if "sign" in args.only:
                single = scenario_sign(args, stack, env, outbox)
            if "pgbench" in args.only:
                scenario_pgbench(args)
            if "confirm" in args.only:
                scenario_confirm(args, stack, env, data_dir)
                if before_tree:
                    old = start_server(args, {**env, "PYTHONPATH": before_tree}, args.port + 2, logs / "serve-before.log")
                    stack.servers.append(old)  # its CPU is counted as the app server's
                    try:
                        scenario_confirm(args, stack, env, data_dir, port=args.port + 2, label="confirm-before")
                    finally:
                        stack.servers.remove(old)
                        stop(old)
            if "read" in args.only:
                stack.nginx = start_nginx(args, data_dir, [args.port], args.port + 10)
                scenario_read(args, stack, args.port + 10 if stack.nginx else None)
                stop(stack.nginx)
                stack.nginx = None
            if "two" in args.only:
                scenario_two(args, stack, env, outbox, logs, single)
            if "export" in args.only:
                scenario_export(args, env, data_dir)
            if "profile" in args.only:
                scenario_profile(args, env)
            if "lifecycle" in args.only:
                # Its own server and worker (emails over SMTP): the main stack's worker would take
                # the lifecycle's emails into the outbox.
                stop(stack.worker)
                stack.worker = None
                scenario_lifecycle(args, env, logs, before_tree)
        finally:
            stop(stack.nginx)
            for server in stack.servers:
                stop(server)
            stop(stack.worker)
            if not args.keep:
                from django.db import connections

                connections.close_all()
                drop_database(args)
    if "faults" in args.only:  # its own stack and process: bench/faults.py
        faults = subprocess.run([sys.executable, "-m", "bench.faults", "--rate", str(args.fault_rate),
                                 *(["--duration", "10"] if args.quick else [])], cwd=ROOT)
        check("fault scenarios", faults.returncode == 0, "zero lost, doubled, never emailed, dead links")
    summary(args)
    failed = [name for name, ok, _ in RESULTS if not ok]
    say(f"\n{len(RESULTS) - len(failed)} checks passed, {len(failed)} failed" + (": " + "; ".join(failed) if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
