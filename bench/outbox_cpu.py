"""The worker's CPU per email, in one thread: `python -m bench.outbox_cpu [--emails N] [--profile]`.

Creates the PostgreSQL database `awaz_outbox_cpu` (dropped at the end), N signatures with an
email due (as many signers submitting would leave), and a real SMTP server (aiosmtpd's Sink) in
a process of its own, so that its CPU is not counted; then runs the outbox's relay
(`relay_due_confirmations`, batches of 100 over one SMTP session each, as `awaz worker` does)
until every email is accepted, and prints the relay thread's CPU per email
(`time.thread_time`) and the wall time. `--profile` adds the functions that cost most.
"""

import argparse
import cProfile
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if not __package__:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stack import free_port, wait_for_port  # noqa: E402

DATABASE = "awaz_outbox_cpu"
PG = "postgres://postgres@127.0.0.1:5432"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--emails", type=int, default=2000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    port = free_port()
    sink = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
                             "-c", "aiosmtpd.handlers.Sink"])
    data = tempfile.mkdtemp(prefix="awaz-outbox-cpu-")
    subprocess.run(["psql", PG + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {DATABASE}"], check=True)
    subprocess.run(["psql", PG + "/postgres", "-qc", f"CREATE DATABASE {DATABASE}"], check=True)
    os.environ.update(DATABASE_URL=f"{PG}/{DATABASE}", AWAZ_DATA_DIR=data, EMAIL_URL=f"smtp://127.0.0.1:{port}?tls=0",
                      DJANGO_SETTINGS_MODULE="awaz.settings", AWAZ_EMAIL_RATE="0")
    os.environ.pop("REDIS_URL", None)
    try:
        wait_for_port(port)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        relay = prepare(args.emails)
        profiler = cProfile.Profile(time.thread_time) if args.profile else None  # CPU, not wall time
        wall, cpu = time.perf_counter(), time.thread_time()
        if profiler:
            profiler.enable()
        sent = relay()
        if profiler:
            profiler.disable()
        cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
        print(f"{sent} emails: {cpu / sent * 1000:.3f} ms of the relay thread's CPU each, "
              f"{sent / wall:.0f} emails/s ({wall:.1f} s)")
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        connections.close_all()
    finally:
        sink.terminate()
        subprocess.run(["psql", PG + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"])
    return 0


def prepare(emails: int):
    from awaz.petitions.models import Organization, Petition, PetitionTranslation
    from awaz.signatures.models import Signature
    from awaz.signatures.outbox import relay_due_confirmations
    from awaz.signatures.services import email_index_for

    organization = Organization.objects.create(name="Uyghur Voices", slug="uyghur-voices")
    petition = Petition.objects.create(organization=organization, slug="outbox-cpu", status=Petition.Status.OPEN,
                                       original_language="en")
    PetitionTranslation.objects.create(petition=petition, language="en", title="Stop the DNA collection",
                                       body="Text.")
    Signature.objects.bulk_create(
        Signature(petition=petition, email_index=email_index_for(f"signer{i}@example.org"), name=f"Signer {i}",
                  email=f"signer{i}@example.org", country="DE", language=("en", "ar", "ug", "fr")[i % 4],
                  confirmation_due=True)
        for i in range(emails)
    )

    def relay() -> int:
        sent = 0
        while Signature.objects.filter(confirmation_due=True).exists():
            sent += relay_due_confirmations()
        return sent

    return relay


if __name__ == "__main__":
    sys.exit(main())
