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
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

if not __package__:  # run as a file (bench/run.py): the package is the repository's bench/
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import ceiling, lifecycle, pgbench  # noqa: E402
from bench.report import FIGURES, RESULTS, check, machine, ms  # noqa: E402
from bench.scenarios import confirm, export, profile, read, sign, two  # noqa: E402
from bench.setup import (  # noqa: E402
    EMPTY_SLUG, MILLION_SLUG, SLUG, before_checkout, data_directory, drop_database, environment, make_petition,
    recreate_database, start_server, start_worker,
)
from bench.stack import BIN, ROOT, Stack, children_of, say, stop  # noqa: E402

SCENARIOS = ("sign", "pgbench", "ceiling", "confirm", "read", "two", "export", "profile", "lifecycle", "faults")


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


def summary(args) -> None:
    """The ratios of #11: against raw PostgreSQL, and after against before."""
    say("\nSummary")
    raw = FIGURES.get("pgbench")
    submissions, confirmations = FIGURES.get("sign"), FIGURES.get("confirm")
    if raw and submissions:
        say(f"  submissions {submissions['rate']:,.0f}/s = {submissions['rate'] / raw:.1%} of raw PostgreSQL's "
            f"{raw:,.0f} inserts/s (target 20 %), p99 {ms(submissions['p99_us'])} (target < 250 ms)")
    for mode in ceiling.MODES:
        bound = FIGURES.get(f"ceiling-{mode}")
        if raw and bound:
            said = f"; Awaz's submissions are {submissions['rate'] / bound['rate']:.0%} of it" if submissions else ""
            say(f"  the ceiling ({mode}): {bound['rate']:,.0f}/s = {bound['rate'] / raw:.1%} of raw PostgreSQL{said}")
    if raw and confirmations:
        say(f"  confirmations {confirmations['rate']:,.0f}/s = {confirmations['rate'] / raw:.1%} of raw PostgreSQL "
            f"(target 15 %), p99 {ms(confirmations['p99_us'])}")
    old = FIGURES.get("confirm-before")
    if confirmations and old:
        say(f"  confirmations after / before: {confirmations['rate']:,.0f} / {old['rate']:,.0f} = "
            f"{confirmations['rate'] / old['rate']:.2f} x")
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
                single = sign.scenario(args, stack, env, outbox)
            if "pgbench" in args.only:
                pgbench.scenario(args)
            if "ceiling" in args.only:
                ceiling.scenario(args, env)
            if "confirm" in args.only:
                confirm.scenario(args, stack, env, data_dir, logs, before_tree)
            if "read" in args.only:
                read.scenario(args, stack, data_dir)
            if "two" in args.only:
                two.scenario(args, stack, env, outbox, logs, single)
            if "export" in args.only:
                export.scenario(args, env)
            if "profile" in args.only:
                profile.scenario(args, env)
            if "lifecycle" in args.only:
                # Its own server and worker (emails over SMTP): the main stack's worker would take
                # the lifecycle's emails into the outbox.
                stop(stack.worker)
                stack.worker = None
                lifecycle.scenario(args, env, logs, before_tree)
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
