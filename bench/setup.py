"""The main run's setting: its environment, its database and petitions, its data directory,
the app servers, the worker and nginx it starts, and `--before`'s checkout."""

import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from bench.stack import BIN, ROOT, say, wait_for_http

BENCH = ROOT / "bench"
LANG = "/en"
SLUG = "bench-viral"
EMPTY_SLUG = "bench-empty"
MILLION_SLUG = "bench-million"


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


def make_petition(slug: str, title: str):
    from awaz.petitions.models import Organization, Petition, PetitionTranslation

    organization, _ = Organization.objects.get_or_create(slug="bench", defaults={"name": "Bench Organization"})
    petition = Petition.objects.create(organization=organization, slug=slug, status=Petition.Status.OPEN)
    PetitionTranslation.objects.create(
        petition=petition, language="en", title=title, summary="A petition that went viral.",
        body="Stop the **surveillance** of a whole people.\n\nSign now.", addressees="The United Nations",
    )
    return petition


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
                    static_root=Path(os.environ["AWAZ_DATA_DIR"]) / "static")
    process = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(prefix), "-c", str(config),
                                "-e", str(prefix / "error.log")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    wait_for_http(f"http://127.0.0.1:{port}{LANG}/petitions/{SLUG}/count.json")
    return process


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
