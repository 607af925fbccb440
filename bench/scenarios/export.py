"""(e) Many confirmed signatures (COPY, bench/fill.py): the CSV export's memory in a process of
its own (bench/export_probe.py), and the page and count.json times at 0 and at that many."""

import json
import subprocess
import sys
import time

from bench.consistency import public_count
from bench.load import wrk
from bench.report import check, ms
from bench.setup import BENCH, EMPTY_SLUG, LANG, MILLION_SLUG
from bench.stack import say


def scenario(args, env) -> None:
    from awaz.petitions.models import Petition

    rows = args.export_rows
    say(f"\n(e) {rows:,} confirmed signatures: CSV export memory and page time at 0 and at {rows:,}")
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
