"""The CPU of one confirmation in this process: `python bench/profile_confirm.py N [--before REVISION]`.

Makes N pending signatures of a petition of its own (created if missing), then confirms them
through the WSGI application that `awaz serve` runs (`awaz.wsgi.application`: the express lane,
then Django), one thread, no HTTP server, and prints the CPU time per confirmation
(`time.thread_time`) and the queries per confirmation. With `--before REVISION` it first runs
the same measurement on that git revision's awaz/ (in a child process, same database), so the
two figures come from one run on the same machine under the same load.

Use a database of your own (DATABASE_URL) and a Redis db of your own (REDIS_URL), migrated.
"""

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUG = "bench-confirm-profile"
LANGUAGES = ("en", "ar", "fr", "ug")


def measure(n: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from awaz.petitions.models import Organization, Petition, PetitionTranslation
    from awaz.signatures.models import Signature
    from awaz.signatures.tokens import new_token
    from awaz.wsgi import application

    organization, _ = Organization.objects.get_or_create(slug="bench", defaults={"name": "Bench Organization"})
    petition, created = Petition.objects.get_or_create(
        slug=SLUG, defaults={"organization": organization, "status": Petition.Status.OPEN})
    if created:
        PetitionTranslation.objects.create(petition=petition, language="en", title="Free the journalists",
                                           summary="A petition that went viral.", body="Sign now.")
    tokens, rows, now = [], [], timezone.now()
    stamp = time.time_ns()
    for i in range(n + 50):
        token, digest = new_token()
        tokens.append((LANGUAGES[i % len(LANGUAGES)], token))
        rows.append(Signature(petition=petition, email_index=f"profile-{stamp}-{i}", name=f"Pending {i}",
                              email=f"pending{i}@bench.example.org", country="FR", language="en",
                              confirm_token_hash=digest, token_sent_at=now))
    Signature.objects.bulk_create(rows, batch_size=2000)

    def confirm(language: str, token: str) -> None:
        environ = {
            "REQUEST_METHOD": "POST", "PATH_INFO": f"/{language}/confirm/{token}/", "QUERY_STRING": "",
            "SCRIPT_NAME": "", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1", "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": "0",
            "wsgi.input": io.BytesIO(b""), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
        }
        status = []
        body = b"".join(application(environ, lambda s, headers, exc_info=None: status.append(s)))
        assert status[0].startswith("200") and b"receipt-code" in body, status

    for language, token in tokens[:50]:  # warm up: connections, caches, lazy imports
        confirm(language, token)
    timed = tokens[50:]
    with CaptureQueriesContext(connection) as queries:
        for language, token in timed[:20]:
            confirm(language, token)
    started, cpu = time.perf_counter(), time.thread_time()
    for language, token in timed[20:]:
        confirm(language, token)
    done = n - 20
    wall = (time.perf_counter() - started) / done * 1000
    used = (time.thread_time() - cpu) / done * 1000
    print(f"{done} confirmations ({', '.join(LANGUAGES)}) in one thread: {used:.2f} ms CPU each in this thread, "
          f"{wall:.2f} ms wall; {len(queries) / 20:.1f} SQL statements each through Django's cursor "
          f"(on PostgreSQL a working link is one more, around it: awaz.signatures.confirmations)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--before", metavar="REVISION", help="also measure this git revision's awaz/, first")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "awaz.settings")
    if args.before:
        with tempfile.TemporaryDirectory(prefix="awaz-before-") as tree:
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.before, "awaz"], check=True,
                                     capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", tree], input=archive, check=True)
            subprocess.run([sys.executable, "-m", "awaz", "compile_catalogs"], cwd=tree, check=True,
                           env={**os.environ, "PYTHONPATH": tree}, capture_output=True)
            print(f"before ({args.before}): ", end="", flush=True)
            subprocess.run([sys.executable, __file__, str(args.n)], check=True,
                           env={**os.environ, "PYTHONPATH": f"{tree}{os.pathsep}{ROOT}"})
        print("after (this tree):  ", end="", flush=True)
    measure(args.n)


if __name__ == "__main__":
    main()
