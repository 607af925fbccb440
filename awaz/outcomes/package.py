"""The delivery package: what a campaign hands to its targets, and proof it was not altered.

A package is a folder with three files and a signature:

- `petition.pdf`: the petition in every language it has, the targets, the count by country (with
  the public grouping of small countries), the signatures removed as fraudulent by reason, the
  timeline (with delivery photos) and, if the campaign chose it, the names and countries of signers (see below).
- `signatures.csv`: the signers listed (name, country, date of confirmation), or, without names,
  the count by country.
- `manifest.json`: the SHA-256 and size of each file, the count, the time, the public key;
  `manifest.sig`: the organization's Ed25519 signature of manifest.json's bytes.

Names are personal data: this module is the one that reads them for a package, and only when
the campaign chose "names of the signers who chose to be shown" (then only those), or when an
owner decided, with a recorded reason, to list every signer (services.package_names_override).
Each package leaves an audit entry with its counts, never a name.

Memory: the CSV is streamed from a server-side cursor (`iterator()`) straight into the file,
hashed as it is written, so a million rows cost what a thousand do. The PDF is laid out whole
by WeasyPrint, so it lists at most PDF_NAMES names (then says how many more the CSV has): its
memory is bounded by that number, not by the petition's size.
"""

import hashlib
import json
import logging
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from awaz.core import languages
from awaz.core.spreadsheet import csv_lines
from awaz.fraud.counts import forget_removed, removed_numbers
from awaz.outcomes import keys
from awaz.outcomes.models import AuditEntry, SignerNames, Target
from awaz.outcomes.services import audit, campaign_for, confirmed_count
from awaz.outcomes.timeline import petition_timeline
from awaz.petitions.models import Petition
from awaz.signatures.counts import forget_numbers, petition_numbers
from awaz.signatures import personal_data
from awaz.signatures.models import Signature
from awaz.signatures.personal_data import Purpose

PDF_NAMES = 1000
# WeasyPrint reports each layout step at INFO; a package is not worth a page of log lines.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)
CHUNK = 2000
FORMAT = "awaz-delivery-1"
FILES = ("petition.pdf", "signatures.csv")


@dataclass(frozen=True)
class Package:
    directory: Path
    signature_count: int
    signers_listed: int


def _listed_signers(petition, campaign):
    """The signers this package may name, or None when it names nobody. A sealed or
    count-only petition names nobody here: the server cannot read its signers' names (a sealed
    list is opened offline with the organization's private key, see docs/sealed-petitions.md)."""
    if petition.privacy_mode != Petition.PrivacyMode.STANDARD:
        return None
    confirmed = Signature.objects.confirmed().filter(petition=petition)
    if campaign.includes_all_signers:
        return confirmed
    if campaign.signer_names == SignerNames.PUBLIC:
        return confirmed.filter(show_publicly=True)
    return None


def _signer_rows(queryset):
    rows = personal_data.load(queryset.order_by("confirmed_at", "pk").only("country", "confirmed_at"), Purpose.DELIVERY, "name")
    for signature in rows.iterator(chunk_size=CHUNK):
        yield [signature.name, signature.country, signature.confirmed_at.date().isoformat()]


class _HashingWriter:
    def __init__(self, path: Path):
        self.file = path.open("w", encoding="utf-8", newline="")
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self.digest.update(data)
        self.size += len(data)
        self.file.write(text)

    def close(self) -> None:
        self.file.close()


def _write_csv(path: Path, petition, listed, numbers) -> int:
    writer = _HashingWriter(path)
    rows = 0
    try:
        if listed is None:
            lines = csv_lines(["country", "signatures"], [
                *([code, n] for code, n in numbers.by_country),
                *([["other", numbers.other_countries]] if numbers.other_countries else []),
            ])
            for line in lines:
                writer.write(line)
            return 0
        for n, line in enumerate(csv_lines(["name", "country", "confirmed_on"], _signer_rows(listed))):
            writer.write(line)
            rows = n
    finally:
        writer.close()
    return rows


def _first_names(listed, language: str) -> list[dict]:
    if listed is None:
        return []
    rows = personal_data.load(listed.order_by("confirmed_at", "pk").only("country"), Purpose.DELIVERY, "name")[:PDF_NAMES]
    return [{"name": s.name, "country": languages.country_name(s.country, language)} for s in rows]


def _pdf_context(petition, language: str, numbers, listed, listed_count: int) -> dict:
    texts = [t for code, _ in settings.LANGUAGES for t in petition.translations.all() if t.language == code]
    targets = []
    for target in Target.objects.filter(petition=petition).prefetch_related("translations"):
        text = target.text(language)
        if text:
            targets.append({"text": text, "contact": target.public_contact})
    names = _first_names(listed, language)
    return {
        "petition": petition, "texts": texts, "targets": targets, "numbers": numbers,
        "countries": [(languages.country_name(code, language), n) for code, n in numbers.by_country],
        "removed": removed_numbers(petition.pk), "timeline": petition_timeline(petition, language),
        "names": names, "names_more": max(0, listed_count - len(names)), "names_listed": listed is not None,
        "LANGUAGE_CODE": language, "direction": languages.direction(language), "made_at": timezone.now(),
        "min_group": settings.COUNTRY_MIN_GROUP,
    }


# Relative links in the PDF's HTML (/media/...) resolve against this made-up origin, which the
# fetcher below maps to the media folder. Nothing else is ever fetched: no tracking pixel or
# other URL in a petition's Markdown is loaded while a package is made.
PDF_BASE_URL = "https://awaz.invalid/"


def _media_fetcher():
    import mimetypes

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class MediaOnly(URLFetcher):
        def fetch(self, url, headers=None):
            prefix = PDF_BASE_URL + settings.MEDIA_URL.lstrip("/")
            if not url.startswith(prefix):
                raise ValueError("The delivery PDF loads only Awaz's own media files.")
            root = Path(settings.MEDIA_ROOT).resolve()
            path = (root / url[len(prefix):].split("?")[0]).resolve()
            if root not in path.parents or not path.is_file():
                raise ValueError("No such media file.")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": kind})

    return MediaOnly(allowed_protocols=["https"])


def _write_pdf(path: Path, context: dict) -> None:
    from weasyprint import CSS, HTML

    with translation.override(context["LANGUAGE_CODE"]):
        html = render_to_string("outcomes/package.html", context)
    HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=_media_fetcher()).write_pdf(
        path, stylesheets=[CSS(filename=str(Path(__file__).parent / "static" / "outcomes" / "package.css"))]
    )


def _file_entry(path: Path) -> dict:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return {"name": path.name, "sha256": digest.hexdigest(), "bytes": path.stat().st_size}


def package_build(*, petition, out_dir: Path | None = None, language: str | None = None, operator=None) -> Package:
    """Write a signed delivery package for `petition` into a new folder and return it."""
    language = language or petition.original_language
    now = timezone.now()
    base = Path(out_dir or settings.DATA_DIR / "deliveries")
    base.mkdir(parents=True, exist_ok=True, mode=0o700)
    directory = base / f"{petition.slug}-{now:%Y%m%dT%H%M%SZ}"
    directory.mkdir(mode=0o700)
    campaign = campaign_for(petition.pk)
    forget_numbers(petition.pk)
    forget_removed(petition.pk)
    numbers = petition_numbers(petition.pk)
    total = confirmed_count(petition.pk)
    listed = _listed_signers(petition, campaign)
    with translation.override(language):
        listed_count = _write_csv(directory / "signatures.csv", petition, listed, numbers)
        _write_pdf(directory / "petition.pdf", _pdf_context(petition, language, numbers, listed, listed_count))
    private, public = keys.signing_key_for(petition.organization)
    manifest = {
        "format": FORMAT,
        "petition": petition.slug,
        "organization": petition.organization.name,
        "created_at": now.isoformat(timespec="seconds"),
        "signature_count": total,
        "signers_listed": listed_count,
        "signers": "none" if listed is None else ("all" if campaign.includes_all_signers else campaign.signer_names),
        "files": [_file_entry(directory / name) for name in FILES],
        "algorithm": "Ed25519",
        "public_key": public,
    }
    body = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    (directory / "manifest.json").write_bytes(body)
    (directory / "manifest.sig").write_text(keys.sign(private, body) + "\n")
    for name in (*FILES, "manifest.json", "manifest.sig"):
        os.chmod(directory / name, 0o600)
    audit(petition_id=petition.pk, action=AuditEntry.Action.PACKAGE, operator=operator,
          detail=f"count={total} signers_listed={listed_count} signers={manifest['signers']}")
    return Package(directory=directory, signature_count=total, signers_listed=listed_count)


def package_zip(package: Package):
    """The package as one ZIP file to download, written next to it (an open file, for FileResponse)."""
    path = package.directory.with_suffix(".zip")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in (*FILES, "manifest.json", "manifest.sig"):
            archive.write(package.directory / name, arcname=f"{package.directory.name}/{name}")
    os.chmod(path, 0o600)
    return path.open("rb")


def package_verify(directory: Path, *, public_key: str | None = None) -> list[str]:
    """What is wrong with a package (an empty list when it verifies). With `public_key`, the
    manifest must be signed by that key, not merely by the key it names itself."""
    directory = Path(directory)
    try:
        body = (directory / "manifest.json").read_bytes()
        signature = (directory / "manifest.sig").read_text().strip()
        manifest = json.loads(body)
    except (OSError, ValueError) as error:
        return [f"manifest unreadable: {error}"]
    problems = []
    key = public_key or manifest.get("public_key", "")
    if public_key and public_key != manifest.get("public_key"):
        problems.append("the manifest names another public key than the one given")
    if not keys.signature_is_valid(key, body, signature):
        problems.append("the manifest's signature does not verify")
    for entry in manifest.get("files", []):
        path = directory / Path(entry["name"]).name
        if not path.is_file():
            problems.append(f"{entry['name']}: missing")
            continue
        actual = _file_entry(path)
        if actual["sha256"] != entry["sha256"] or actual["bytes"] != entry["bytes"]:
            problems.append(f"{entry['name']}: SHA-256 differs from the manifest")
    return problems
