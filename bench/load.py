"""The load generator: wrk with one of the Lua scripts in bench/lua/, and the result line the
script prints (`BENCH {...}`: requests, latency percentiles, answers by status)."""

import json
import subprocess

from bench.stack import ROOT

LUA = ROOT / "bench" / "lua"


def wrk(url: str, *, duration: int, connections: int, script: str, args: list[str] = (), threads: int = 2,
        timeout: int = 10, background: bool = False):
    """The result of a run, or with `background` the running process (for `wrk_result`)."""
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
