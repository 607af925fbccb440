"""Processes of the bench: start, wait for, stop; their memory and their CPU; the main run's stack."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def say(text: str = "") -> None:
    print(text, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing answered on port {port} within {timeout:.0f} s")


def wait_for_http(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {timeout:.0f} s")


def stop(process: subprocess.Popen | None) -> None:
    """SIGTERM, then SIGKILL after 15 s."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def peak_rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def reset_peak(pid: int) -> None:
    # Writing 5 to clear_refs resets VmHWM to the current RSS, so each scenario has its own peak.
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        pass


def cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, IndexError, ValueError):
        return 0


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def cpu_snapshot(servers: set[int], workers: set[int]) -> dict[str, int]:
    """CPU ticks used so far, by role: the app servers (give the master and its children), the
    workers, PostgreSQL, Redis, this process (the bench's own load generators and SMTP sink),
    and the whole machine (the rest is wrk, the kernel's network work and everything else)."""
    snapshot = {"awaz serve": 0, "awaz worker": 0, "PostgreSQL": 0, "Redis": 0,
                "bench": cpu_ticks(os.getpid())}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        role = ("awaz serve" if pid in servers else "awaz worker" if pid in workers else
                {"postgres": "PostgreSQL", "redis-server": "Redis"}.get(_command(pid)))
        if role:
            snapshot[role] += cpu_ticks(pid)
    busy = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    snapshot["machine"] = sum(int(v) for v in busy[:3]) + sum(int(v) for v in busy[5:8])  # all but idle, iowait
    return snapshot


def cpu_used_ms(before: dict[str, int], after: dict[str, int], per: int) -> dict[str, float]:
    """Milliseconds of CPU per unit of work (`per` signatures, say), by role."""
    tick = 1000 / os.sysconf("SC_CLK_TCK")
    return {role: (after[role] - before[role]) * tick / max(1, per) for role in after}


def format_cpu(used: dict[str, float], roles=("awaz serve", "PostgreSQL", "Redis", "awaz worker")) -> str:
    rest = used["machine"] - sum(v for role, v in used.items() if role != "machine")
    parts = ", ".join(f"{role} {used[role]:.2f}" for role in roles)
    return (f"{parts}, bench process {used['bench']:.2f}, wrk + kernel + rest {rest:.2f}; all {used['machine']:.2f} "
            f"(so {os.cpu_count()} cores give at most {os.cpu_count() * 1000 / max(used['machine'], 0.001):.0f}/s)")


class Stack:
    """The processes of the main run's stack, by role."""

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

    def cpu_snapshot(self) -> dict[str, int]:
        servers = {pid for name, pid in self.processes() if name.startswith("serve")}
        return cpu_snapshot(servers, {self.worker.pid} if self.worker else set())
