"""Memory of a delivery package at a million signers: `python bench/delivery.py [--rows N]`.

Seeds two petitions (a tenth of N and N confirmed signers who chose to be shown, so every one is
listed in the CSV) into a fresh SQLite database in a temporary data directory (or the database
of DATABASE_URL), then builds each package in its own process and prints, per package, the
process's peak resident memory (VmHWM) before and after the build, the time and the CSV size.
Flat memory means the two peaks are about the same although one CSV has ten times the rows.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNTRIES = ["DE", "FR", "TR", "US", "GB", "NL", "SE", "JP", "KZ", "CA"]


def peak_rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "awaz.settings")
    import django

    django.setup()


def seed(rows: int) -> str:
    from django.db import connection, transaction
    from django.utils import timezone

    from awaz.core.crypto import encrypt
    from awaz.outcomes.models import Campaign, SignerNames
    from awaz.petitions.models import Organization, Petition, PetitionTranslation
    from awaz.signatures.models import Signature, SignatureTally

    organization, _ = Organization.objects.get_or_create(slug="bench-org", defaults={"name": "Bench Organization"})
    slug = f"bench-delivery-{rows}"
    Petition.objects.filter(slug=slug).delete()
    petition = Petition.objects.create(organization=organization, slug=slug, status="open", original_language="en")
    for language, title in [("en", "Free the detained"), ("ar", "أطلقوا سراح المعتقلين"), ("ug", "تۇتقۇنلارنى قويۇپ بېرىڭلار")]:
        PetitionTranslation.objects.create(petition=petition, language=language, title=title, body="Text " * 200)
    Campaign.objects.create(petition=petition, signer_names=SignerNames.PUBLIC)
    email = encrypt("bench@example.org", "signature.email")
    now = timezone.now()
    table = Signature._meta.db_table
    columns = ["petition_id", "email_index", "name", "email", "email_domain", "network_hash", "country", "language",
               "show_publicly", "wants_updates", "is_demo", "created_at", "confirmed_at", "confirmation_due", "emails_sent"]
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    batch = 10_000
    for start in range(0, rows, batch):
        values = [
            (petition.pk, f"{slug}:{i}", encrypt(f"Signer Number {i} أحمد", "signature.name"), email, "example.org", "",
             COUNTRIES[i % len(COUNTRIES)], "en", True, False, False, now, now, False, 1)
            for i in range(start, min(rows, start + batch))
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, values)
    per_country = {c: len(range(i, rows, len(COUNTRIES))) for i, c in enumerate(COUNTRIES)}
    SignatureTally.objects.bulk_create([SignatureTally(petition=petition, country=c, shard=0, count=n) for c, n in per_country.items()])
    return slug


def build(slug: str, out: str) -> None:
    from awaz.outcomes.package import package_build
    from awaz.petitions.models import Petition

    before = peak_rss_kib()
    started = time.monotonic()
    package = package_build(petition=Petition.objects.get(slug=slug), out_dir=Path(out))
    print(json.dumps({
        "slug": slug, "csv_rows": package.signers_listed, "seconds": round(time.monotonic() - started, 1),
        "peak_rss_before_mib": round(before / 1024, 1), "peak_rss_after_mib": round(peak_rss_kib() / 1024, 1),
        "csv_mib": round((package.directory / "signatures.csv").stat().st_size / 2**20, 1),
        "pdf_kib": round((package.directory / "petition.pdf").stat().st_size / 1024),
    }))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--build", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        setup_django()
        build(args.build, args.out)
        return
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with tempfile.TemporaryDirectory(prefix="awaz-bench-delivery-") as tmp:
        env.setdefault("AWAZ_DATA_DIR", tmp)
        os.environ.update(env)
        setup_django()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        slugs = []
        for rows in (args.rows // 10, args.rows):
            started = time.monotonic()
            slugs.append(seed(rows))
            print(json.dumps({"seeded": rows, "seconds": round(time.monotonic() - started, 1)}), flush=True)
        for slug in slugs:
            subprocess.run([sys.executable, __file__, "--build", slug, "--out", str(Path(tmp) / "packages")],
                           env=env, check=True)


if __name__ == "__main__":
    main()
