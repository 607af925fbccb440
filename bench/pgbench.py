"""The yardstick: raw PostgreSQL inserts of a signature's shape, measured by pgbench.

A copy of the signatures table (`LIKE ... INCLUDING ALL`: the same columns, the same unique
and partial indexes, no foreign keys) receives, from 32 clients, rows with the values of one
real signature row (its ciphertexts included) and a random blind index each, one
`INSERT ... ON CONFLICT DO NOTHING` per transaction with prepared statements, as Awaz's own
insert is. What Awaz does per signature beyond this (HTTP, the form's rules, the rate limits,
encryption, the email) is what the ratio measures.
"""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from bench.report import FIGURES
from bench.stack import say

TABLE = "bench_raw_signatures"


def available() -> bool:
    return shutil.which("pgbench") is not None


def raw_table(database_url: str, blind_index: str) -> str:
    """Creates the copy of the signatures table and returns the INSERT of one real row's values
    (the caller signs at least once before), its blind index `blind_index` (an SQL expression)."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(f"DROP TABLE IF EXISTS {TABLE}")
        connection.execute(f"CREATE TABLE {TABLE} (LIKE signatures_signature INCLUDING ALL)")
        cursor = connection.execute("SELECT * FROM signatures_signature ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
        if row is None:
            raise RuntimeError("no signature to copy the shape of")
        names = [column.name for column in cursor.description]
        values = []
        for name, value in zip(names, row):
            if name == "id":
                continue
            if name == "email_index":
                values.append(blind_index)
            else:
                # Doubled: the ceiling's statement goes through psycopg's %s placeholders.
                values.append(sql.Literal(value).as_string(connection).replace("%", "%%"))
    columns = ", ".join(name for name in names if name != "id")
    return f"INSERT INTO {TABLE} ({columns}) VALUES ({', '.join(values)}) ON CONFLICT DO NOTHING"


def drop_raw_table(database_url: str) -> None:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(f"DROP TABLE IF EXISTS {TABLE}")


def raw_inserts_per_second(database_url: str, *, clients: int = 32, seconds: int = 10) -> float:
    """Inserts per second, or raises if pgbench fails. Uses one row of the signatures table
    (the caller signs at least once before)."""
    script = raw_table(database_url, "md5(random()::text) || md5(random()::text)").replace("%%", "%") + ";\n"
    url = urlsplit(database_url)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "insert.sql"
        path.write_text(script)
        try:
            output = subprocess.run(
                ["pgbench", "-n", "-M", "prepared", "-c", str(clients), "-j", "2", "-T", str(seconds), "-f", str(path),
                 "-h", url.hostname or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.username or "postgres",
                 url.path.lstrip("/")],
                capture_output=True, text=True, check=True,
            ).stdout
        finally:
            drop_raw_table(database_url)
    match = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", output)
    if not match:
        raise RuntimeError(f"pgbench gave no rate:\n{output}")
    return float(match.group(1))


def _one_real_signature() -> None:
    """The row whose shape pgbench copies, when (a) did not run (`--only pgbench,confirm`)."""
    from awaz.petitions.models import Petition
    from awaz.signatures.models import Signature
    from awaz.signatures.services import SignerDetails, signature_submit

    from bench.setup import SLUG

    if not Signature.objects.exists():
        details = SignerDetails(name="Shape Of A Signer", email="shape@bench.example.org", country="FR")
        signature_submit(petition=Petition.objects.get(slug=SLUG), details=details, language="en")


def scenario(args) -> None:
    """(g) of the main run, after (a): its signature rows give the shape (or one made here)."""
    if not available():
        say("\n(g) pgbench is missing (Debian: postgresql-client): no raw insert rate to compare with")
        return
    say(f"\n(g) Raw PostgreSQL: pgbench, 32 clients, {args.duration} s of INSERT ... ON CONFLICT DO NOTHING into a copy "
        "of the signatures table (its indexes, one real row's values, a random blind index)")
    _one_real_signature()
    FIGURES["pgbench"] = rate = raw_inserts_per_second(f"{args.pg}/{args.database}", seconds=args.duration)
    say(f"  {rate:,.0f} inserts/s")
