"""(i) The ceiling: what the least possible signing server reaches here, beside pgbench.

bench/ceiling_app.py is served as `awaz serve` serves Awaz (Granian's ASGI interface, one
process per core, the same body-reading bridge) and driven by the same wrk script and
connections as the submissions of (a). Two runs: answering only (`nothing`), then parsing the
form and storing pgbench's row (`insert`). Their rates, as shares of pgbench's, say how much of
the distance between (a) and raw PostgreSQL is Awaz's own work and how much is the price of an
HTTP request answered by Python on these cores, which no change to Awaz can remove.
"""

import subprocess
import sys
import time

from bench.load import wrk
from bench.pgbench import drop_raw_table, raw_table
from bench.report import FIGURES, ms
from bench.stack import ROOT, say, stop, wait_for_http

MODES = ("nothing", "insert")


def measure(args, env, mode: str, port: int, statement: str) -> dict:
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.ceiling_app", "--port", str(port), "--mode", mode,
         *(["--workers", str(args.workers)] if args.workers else [])],
        cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT), "AWAZ_CEILING_SQL": statement},
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/")
        script_args = ["/", "/sign/", str(max(1, args.connections // 2)), f"ceiling-{mode}-{int(time.time())}"]
        wrk(f"http://127.0.0.1:{port}", duration=2, connections=args.connections, script="sign.lua", args=script_args)
        script_args[-1] += "-timed"
        result = wrk(f"http://127.0.0.1:{port}", duration=args.duration, connections=args.connections,
                     script="sign.lua", args=script_args)
    finally:
        stop(server)
    result["rate"] = result["posts"] / (result["duration_us"] / 1e6)
    return result


def scenario(args, env) -> None:
    say(f"\n(i) The ceiling: the least signing server (bench/ceiling_app.py) behind the same Granian and bridge, "
        f"{args.connections} connections, {args.duration} s")
    database_url = f"{args.pg}/{args.database}"
    # The blind index is the form's address: a unique row per signer, as in (a) and (g).
    statement = raw_table(database_url, "%s")
    try:
        for mode in MODES:
            result = measure(args, env, mode, args.port + 8, statement)
            FIGURES[f"ceiling-{mode}"] = result
            raw = FIGURES.get("pgbench")
            share = f" = {result['rate'] / raw:.1%} of pgbench" if raw else ""
            say(f"  {mode}: {result['rate']:,.0f} POSTs/s{share}, p50 {ms(result['p50_us'])}, "
                f"p99 {ms(result['p99_us'])}; {result['s302']} answered 302, {result['other']} other, "
                f"{result['errors']} socket errors")
    finally:
        drop_raw_table(database_url)
