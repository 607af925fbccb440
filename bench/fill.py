"""Insert N confirmed signatures into one petition with COPY, for the export and page-at-scale
scenario of bench/run.py (bench/scenarios/export.py): `python bench/fill.py PETITION_ID N`.

Encrypting a million names one by one would measure the filler, not Awaz, so a pool of rows is
encrypted through the model fields (the same ciphertexts Awaz itself would write) and reused;
each row gets its own blind index, so the one-signature-per-email constraint still holds. The
tallies are written to match, as confirmations would have left them.
"""

import sys
from datetime import timedelta

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import NOT_PROVIDED  # noqa: E402
from django.utils import timezone  # noqa: E402

from awaz.signatures.models import Signature, SignatureTally  # noqa: E402

POOL = 1000
COUNTRIES = ["FR", "DE", "TR", "JP", "US", "GB", "CA", "BR", "IN", "KZ"]


def _copy_text(value) -> str:
    value = getattr(value, "obj", value)  # psycopg's Binary wrapper
    if value is None:
        return "\\N"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "\\\\x" + bytes(value).hex()
    if isinstance(value, bool):
        return "t" if value else "f"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def main(petition_id: int, total: int) -> None:
    now = timezone.now()
    # A column with a database default only (`db_default`, no Python default) is left to the
    # database, as Django's own INSERT leaves it: the model holds a placeholder, not a value.
    fields = [f for f in Signature._meta.concrete_fields
              if not f.primary_key and (f.db_default is NOT_PROVIDED or f.has_default())]
    pool = []
    for i in range(POOL):
        signature = Signature(
            petition_id=petition_id, email_index="", name=f"Signer {i}", email=f"signer{i}@bench.example.org",
            comment="Because it matters." if i % 4 == 0 else None, email_domain="bench.example.org",
            country=COUNTRIES[i % len(COUNTRIES)], language="en", show_publicly=i % 3 == 0, wants_updates=i % 2 == 0,
            created_at=now - timedelta(days=2), confirmed_at=now - timedelta(days=1),
        )
        pool.append([f.get_db_prep_save(getattr(signature, f.attname), connection) for f in fields])
    columns = [f.column for f in fields]
    index_at = columns.index("email_index")
    confirmed_at = columns.index("confirmed_at")
    start = now - timedelta(days=1)
    # COPY's text format, written in blocks: a million rows take seconds, not minutes.
    templates = [[_copy_text(value) for value in row] for row in pool]
    with transaction.atomic(), connection.cursor() as cursor:
        copy_sql = f'COPY {Signature._meta.db_table} ({", ".join(columns)}) FROM STDIN'
        with cursor.cursor.copy(copy_sql) as copy:
            block = []
            for i in range(total):
                row = templates[i % POOL].copy()
                row[index_at] = f"bench-{petition_id}-{i}"
                row[confirmed_at] = (start + timedelta(microseconds=i)).isoformat()
                block.append("\t".join(row))
                if len(block) == 20_000:
                    copy.write("\n".join(block) + "\n")
                    block = []
            if block:
                copy.write("\n".join(block) + "\n")
        per_country = {}
        for i in range(POOL):
            country = COUNTRIES[i % len(COUNTRIES)]
            per_country[country] = per_country.get(country, 0) + total // POOL + (1 if i < total % POOL else 0)
        SignatureTally.objects.bulk_create(
            [SignatureTally(petition_id=petition_id, country=c, shard=0, count=n) for c, n in per_country.items()]
        )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Signature._meta.db_table}")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
