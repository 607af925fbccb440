"""What the main run prints and judges: the PASS/FAIL checks, the load lines, the CPU per unit
of work, the figures kept for the summary, the machine it ran on."""

import os
from pathlib import Path

from bench.stack import cpu_used_ms, format_cpu, say

RESULTS: list[tuple[str, bool, str]] = []  # every check, for the count at the end
FIGURES: dict = {}  # for the summary at the end


def check(name: str, ok: bool, detail: str) -> None:
    RESULTS.append((name, ok, detail))
    say(f"  {'PASS' if ok else 'FAIL'}  {name}: {detail}")


def ms(us: float) -> str:
    return f"{us / 1000:.1f} ms"


def print_load(label: str, result: dict, unit: str = "req") -> None:
    say(f"  {label}: {result['rate']:.0f} {unit}/s, p50 {ms(result['p50_us'])}, p99 {ms(result['p99_us'])}, "
        f"max {ms(result['max_us'])}, {result['requests']} requests, {result.get('errors', 0)} socket errors")


def report_cpu(before: dict[str, int], after: dict[str, int], signatures: int, what: str = "signature") -> dict:
    used = cpu_used_ms(before, after, signatures)
    say(f"  CPU per {what} (ms): {format_cpu(used)}")
    return used


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "unknown CPU")
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return f"{os.cpu_count()} cores ({model}), {memory / 2**20:.0f} GiB memory"
