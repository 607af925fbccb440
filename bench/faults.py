"""`make bench` fault scenarios: signing under load while a service fails (issue 10).

A stack of its own: a private PostgreSQL cluster (initdb in a temporary directory, run as the
postgres user), a private redis-server, `awaz serve`, `awaz worker` and a real SMTP server
(aiosmtpd, in this process). For each fault, signers post for DURATION seconds at a steady
rate while, a third of the way in, the fault happens:

- PostgreSQL restart (`pg_ctl restart -m fast`: every connection ends);
- Redis down for 10 s;
- the worker killed (SIGKILL) in the middle of a batch, a new one started 3 s later;
- SMTP down for 10 s (nothing listens);
- SMTP refusing for 10 s (451 at RCPT for every recipient).

Then it waits for the outbox to empty and prints, per fault: accepted (302s), stored (rows),
emailed once, emailed twice (two different emails), identical copies (an email sent again
with the same Message-ID and links, after a worker was killed), never emailed, dead links (an
email whose confirmation link does not work), lost (accepted, not stored), and the errors
signers saw. Pass/fail: zero lost, zero emailed twice, zero identical copies, zero never
emailed, zero dead links. (An email the killed worker had handed over, its final dot sent,
is recorded as delivered and not sent again: docs/email-delivery.md.)

    .venv/bin/python -m bench.faults [--duration 30] [--rate 200]
"""

import argparse
import glob
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode

if not __package__:  # run as a file (bench/faults.py): the package is the repository's bench/
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.mail import MailSink  # noqa: E402
from bench.stack import BIN, ROOT, free_port, say, stop, wait_for_port  # noqa: E402

FAULTS = ("postgres-restart", "redis-down", "worker-killed", "smtp-down", "smtp-refusing")
OUTAGE_SECONDS = 10


# --- The private services ---------------------------------------------------------------------
class Postgres:
    def __init__(self, directory: Path):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise SystemExit("initdb is missing (Debian: postgresql)")
        self.bin = Path(found[-1]).parent
        self.directory, self.data, self.port = directory, directory / "data", free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/awaz"
        if os.geteuid() == 0:
            shutil.chown(directory, "postgres", "postgres")

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(prefix + [str(self.bin / command[0]), *command[1:]], check=True, cwd=self.directory,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def _pg_ctl(self, *command: str) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} -c max_connections=200"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.directory / "log"), "-w", *command)

    def create(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        self._pg_ctl("start")
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "awaz")

    def restart(self) -> None:
        self._pg_ctl("-m", "fast", "restart")

    def stop(self) -> None:
        self._pg_ctl("-m", "immediate", "stop")


class Redis:
    def __init__(self, directory: Path):
        if not shutil.which("redis-server"):
            raise SystemExit("redis-server is missing (Debian: redis-server)")
        self.directory, self.port, self.process = directory, free_port(), None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port)

    def stop(self) -> None:
        stop(self.process)
        self.process = None


# --- Signers ----------------------------------------------------------------------------------
class Load:
    """Signers posting at a steady rate, each with an address of their own, from threads that
    keep one connection each (reconnecting after an error)."""

    def __init__(self, port: int, slug: str, prefix: str, rate: float, duration: float, threads: int = 8):
        self.port, self.slug, self.prefix = port, slug, prefix
        self.rate, self.duration, self.threads = rate, duration, threads
        self.accepted: list[str] = []
        self.errors: Counter = Counter()
        self.failed_emails: list[str] = []
        self.lock = threading.Lock()

    def _token(self, connection) -> str:
        connection.request("GET", f"/en/petitions/{self.slug}/")
        body = connection.getresponse().read().decode()
        return re.search(r'name="form_token" value="([^"]+)"', body).group(1)

    def _signer(self, number: int, started: float) -> None:
        connection, token = None, None
        n = 0
        while True:
            at = started + (n * self.threads + number) / self.rate
            if at - started >= self.duration:
                break
            time.sleep(max(0.0, at - time.monotonic()))
            email = f"{self.prefix}-{number}-{n}@bench.example.org"
            n += 1
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
                    token = self._token(connection)
                body = urlencode({"name": f"Signer {number} {n}", "email": email, "country": "FR",
                                  "form_token": token})
                connection.request("POST", f"/en/petitions/{self.slug}/sign/", body=body,
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})
                response = connection.getresponse()
                response.read()
                outcome = response.status
            except (OSError, http.client.HTTPException, AttributeError) as error:
                outcome = type(error).__name__
                connection = None
            with self.lock:
                if outcome == 302:
                    self.accepted.append(email)
                else:
                    self.errors[str(outcome)] += 1
                    self.failed_emails.append(email)
            if outcome != 302 and connection is not None and outcome != 429:
                connection.close()
                connection = None

    def run(self) -> None:
        started = time.monotonic()
        workers = [threading.Thread(target=self._signer, args=(i, started)) for i in range(self.threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()


# --- One scenario -----------------------------------------------------------------------------
class Stack:
    def __init__(self, env: dict, logs: Path, port: int):
        self.env, self.logs, self.port = env, logs, port
        self.server = self.worker = None

    def start_server(self) -> None:
        self.server = subprocess.Popen([str(BIN / "awaz"), "serve", "--bind", f"127.0.0.1:{self.port}"], env=self.env,
                                       stdout=(self.logs / "serve.log").open("a"), stderr=subprocess.STDOUT)
        wait_for_port(self.port)

    def start_worker(self) -> None:
        self.worker = subprocess.Popen([str(BIN / "awaz"), "worker", "--nice", "0"], env=self.env,
                                       stdout=(self.logs / "worker.log").open("a"), stderr=subprocess.STDOUT)

    def stop(self) -> None:
        stop(self.server)
        stop(self.worker)


def inject(fault: str, stack: Stack, postgres: Postgres, redis: Redis, sink: MailSink) -> None:
    if fault == "postgres-restart":
        postgres.restart()
    elif fault == "redis-down":
        redis.stop()
        time.sleep(OUTAGE_SECONDS)
        redis.start()
    elif fault == "worker-killed":
        # In the middle of a batch: once it holds claims on emails it has not sent yet.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not claimed_unsent():
            time.sleep(0.01)
        stack.worker.send_signal(signal.SIGKILL)
        NOTES["claimed at the kill"] = claimed_unsent()
        NOTES["of which handed over (recorded as delivered, not sent again)"] = handed_over()
        stack.worker.wait()
        time.sleep(3)
        stack.start_worker()
    elif fault == "smtp-down":
        sink.stop()
        time.sleep(OUTAGE_SECONDS)
        sink.start()
    elif fault == "smtp-refusing":
        sink.refusing = True
        time.sleep(OUTAGE_SECONDS)
        sink.refusing = False


NOTES: dict = {}


def handed_over() -> int:
    from awaz.signatures.models import Signature

    return Signature.objects.filter(confirmation_due=True, send_handed_over=True).count()


def claimed_unsent() -> int:
    from django.db import close_old_connections

    from awaz.signatures.models import Signature

    close_old_connections()
    return Signature.objects.filter(confirmation_due=True, send_claim__isnull=False).count()


def outbox_empty(slug: str) -> bool:
    from django.db import close_old_connections

    from awaz.signatures.models import Signature

    close_old_connections()
    return not Signature.objects.filter(petition__slug=slug, confirmation_due=True).exists()


def run_fault(fault: str, stack: Stack, postgres: Postgres, redis: Redis, sink: MailSink, *, rate: float,
              duration: float, drain_seconds: float) -> dict:
    from django.db import close_old_connections, connections

    from awaz.signatures.models import Signature
    from awaz.signatures.services import LinkState, confirmation_link_state

    slug = f"fault-{fault}"
    NOTES.clear()
    make_petition(slug)
    connections.close_all()  # the bench's own connection must not be the one a restart breaks mid-query
    load = Load(stack.port, slug, fault, rate, duration)
    runner = threading.Thread(target=load.run)
    runner.start()
    time.sleep(duration / 3)
    inject(fault, stack, postgres, redis, sink)
    runner.join()
    load_ended = time.monotonic()
    deadline = load_ended + drain_seconds
    while time.monotonic() < deadline:
        try:
            if outbox_empty(slug):
                break
        except Exception:  # noqa: BLE001 - the database may still be coming back
            pass
        time.sleep(1)
    drained = time.monotonic() - load_ended
    time.sleep(2)  # the last email's SMTP transaction
    close_old_connections()
    stored = set(Signature.objects.filter(petition__slug=slug).values_list("email", flat=True))
    with sink.lock:
        received = [entry for entry in sink.received if entry.recipient.startswith(f"{fault}-")]
    ids, copies, tokens = defaultdict(set), Counter(), {}
    for entry in received:
        recipient, message_id, token = entry.recipient, entry.message_id, entry.token
        copies[(recipient, message_id)] += 1
        ids[recipient].add(message_id)
        tokens[(recipient, message_id)] = token
    dead = sum(1 for token in tokens.values() if confirmation_link_state(token)[0] is not LinkState.VALID)
    accepted = set(load.accepted)
    return {
        "accepted": len(accepted), "stored": len(stored),
        "once": sum(1 for email in stored if len(ids.get(email, ())) == 1),
        "twice": sum(1 for email in stored if len(ids.get(email, ())) > 1),
        "identical": sum(n - 1 for n in copies.values()),
        "never": sum(1 for email in stored if email not in ids),
        "dead": dead,
        "lost": len(accepted - stored),
        "stored_after_error": len(set(load.failed_emails) & stored),
        "errors": dict(load.errors),
        "drained": drained, "notes": dict(NOTES),
    }


def make_petition(slug: str) -> None:
    from awaz.petitions.models import Organization, Petition, PetitionTranslation

    organization, _ = Organization.objects.get_or_create(slug="bench-faults", defaults={"name": "Bench"})
    petition = Petition.objects.create(organization=organization, slug=slug, status=Petition.Status.OPEN)
    PetitionTranslation.objects.create(petition=petition, language="en", title=f"Fault {slug}", summary="Faults.",
                                       body="Under load, while a service fails.", addressees="The bench")


def environment(data_dir: Path, postgres: Postgres, redis: Redis, sink: MailSink, port: int) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="awaz.settings", AWAZ_DATA_DIR=str(data_dir), DATABASE_URL=postgres.url,
        REDIS_URL=redis.url, EMAIL_URL=f"smtp://127.0.0.1:{sink.port}?tls=0", AWAZ_BASE_URL=f"http://127.0.0.1:{port}",
        AWAZ_ALLOWED_HOSTS="127.0.0.1,localhost", PYTHONUNBUFFERED="1",
        # All signers come from 127.0.0.1: the limits are raised out of reach (still counted).
        AWAZ_RATE_NETWORK_PER_MINUTE="1000000000", AWAZ_RATE_NETWORK_PER_HOUR="1000000000",
        AWAZ_RATE_NETWORK_UNSOLVED_PER_HOUR="1000000000", AWAZ_RATE_DOMAIN_PER_HOUR="1000000000",
        AWAZ_RATE_LARGE_DOMAIN_PER_HOUR="1000000000", AWAZ_RATE_PETITION_PER_MINUTE="1000000000",
        AWAZ_POW_MODE="never",
        # A short claim lease, so that emails stranded by the killed worker leave within the run
        # (the default, 300 s, is for real mail servers' slowest transactions).
        AWAZ_EMAIL_CLAIM_SECONDS="20", AWAZ_EMAIL_RATE="0",
    )
    return env


def report(fault: str, result: dict) -> bool:
    errors = ", ".join(f"{n} x {kind}" for kind, n in sorted(result["errors"].items())) or "none"
    ok = result["lost"] == result["twice"] == result["identical"] == result["never"] == result["dead"] == 0
    say(f"  {'PASS' if ok else 'FAIL'}  {fault}: accepted {result['accepted']}, stored {result['stored']}, "
        f"emailed once {result['once']}, emailed twice {result['twice']}, identical copies {result['identical']}, "
        f"never emailed {result['never']}, dead links {result['dead']}, lost {result['lost']}; "
        f"errors signers saw: {errors} (of which stored anyway: {result['stored_after_error']}); "
        f"outbox empty {result['drained']:.0f} s after the load"
        + "".join(f"; {name}: {value}" for name, value in result["notes"].items()))
    return ok


def run(duration: float = 30, rate: float = 200, faults=FAULTS, drain_seconds: float = 240) -> bool:
    """Every fault in turn on one stack; True if all passed."""
    work = Path(tempfile.mkdtemp(prefix="awaz-faults-"))
    sink = MailSink()
    pg_dir = Path(tempfile.mkdtemp(prefix="awaz-faults-pg-"))  # its own: owned by the postgres user
    postgres = Postgres(pg_dir)
    (work / "redis").mkdir()
    redis = Redis(work / "redis")
    (work / "data").mkdir()
    logs = work / "logs"
    logs.mkdir()
    port = free_port()
    say(f"\nFault scenarios: {rate:.0f} signatures/s for {duration:.0f} s each, private PostgreSQL and Redis, "
        f"SMTP (aiosmtpd) on {sink.port}")
    stack = None
    passed = True
    try:
        postgres.create()
        redis.start()
        sink.start()
        env = environment(work / "data", postgres, redis, sink, port)
        os.environ.update({k: v for k, v in env.items() if k.startswith(("AWAZ_", "DJANGO_")) or k in
                           ("DATABASE_URL", "REDIS_URL", "EMAIL_URL")})
        subprocess.run([str(BIN / "awaz"), "setup", "--no-demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        import logging

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's chatter about each session
        stack = Stack(env, logs, port)
        stack.start_server()
        stack.start_worker()
        for fault in faults:
            passed &= report(fault, run_fault(fault, stack, postgres, redis, sink, rate=rate, duration=duration,
                                              drain_seconds=drain_seconds))
    finally:
        if stack is not None:
            stack.stop()
        sink.stop()
        redis.stop()
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001 - Django may not be set up yet
            pass
        try:
            postgres.stop()
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(pg_dir, ignore_errors=True)
        if os.environ.get("AWAZ_BENCH_KEEP"):
            say(f"  logs kept in {logs}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return passed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=30, help="seconds of signing per fault")
    parser.add_argument("--rate", type=float, default=200, help="signatures per second")
    parser.add_argument("--only", help=f"comma-separated faults: {','.join(FAULTS)}")
    args = parser.parse_args()
    faults = args.only.split(",") if args.only else FAULTS
    say(f"Awaz fault bench, {time.strftime('%Y-%m-%d %H:%M')}, load average {os.getloadavg()[0]:.2f}")
    return 0 if run(args.duration, args.rate, faults) else 1


if __name__ == "__main__":
    sys.exit(main())
