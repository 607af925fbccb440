"""The sealed export file of a petition, and turning it back into CSV offline.

JSON lines, so that neither writing nor reading holds a million signatures in memory:
1. a header: {"format": "awaz-sealed-export", "version": 1, "petition": ..., "exported_at": ...};
2. one line per confirmed signature: what the server can read (confirmation time, country,
   opt-in flags) and `sealed`, the base64 of the value sealed to the organization's key
   (awaz.core.sealing) that holds name, email, comment, language and signing time;
3. a trailer: {"end": true, "signatures": N, "sha256": ...} over every line before it, so a
   truncated or edited file is refused as a whole, not half-read.

`verify` and `unseal_csv` need the private key and nothing else: no database, no settings,
no network (`awaz unseal`).
"""

import base64
import hashlib
import json
from collections.abc import Iterable, Iterator

from awaz.core.sealing import Damaged, PrivateKey, WrongKey, sealed_fingerprint, unseal_json
from awaz.core.spreadsheet import csv_lines

FORMAT = "awaz-sealed-export"
CSV_HEADER = ["confirmed_at", "name", "email", "comment", "country", "language", "wants_updates",
              "name_shown_publicly", "signed_at"]


def export_lines(header: dict, rows: Iterable[dict]) -> Iterator[str]:
    """The file's lines (each ending in a newline). `rows` carry `sealed` as bytes."""
    digest = hashlib.sha256()
    count = 0

    def line(document: dict) -> str:
        text = json.dumps(document, ensure_ascii=False, sort_keys=True) + "\n"
        digest.update(text.encode())
        return text

    yield line({"format": FORMAT, "version": 1, **header})
    for row in rows:
        count += 1
        yield line({**row, "sealed": base64.b64encode(bytes(row["sealed"])).decode()})
    yield json.dumps({"end": True, "signatures": count, "sha256": digest.hexdigest()}) + "\n"


def verify(lines: Iterable[bytes]) -> int:
    """Check the whole file against its trailer, streaming; returns how many signatures it holds."""
    digest = hashlib.sha256()
    count, trailer = 0, None
    for number, raw in enumerate(lines, 1):
        if trailer is not None:
            raise Damaged(f"Line {number} follows the end of the export: the file was altered.")
        document = _parse(raw, number)
        if number == 1 and (document.get("format") != FORMAT or document.get("version") != 1):
            raise Damaged("This is not a sealed Awaz export (made by `awaz export` of a sealed petition).")
        if document.get("end") is True:
            trailer = document
            continue
        digest.update(raw if raw.endswith(b"\n") else raw + b"\n")
        count += number > 1
    if trailer is None:
        raise Damaged("The export has no end: the file was cut short (an interrupted download?).")
    if trailer.get("sha256") != digest.hexdigest() or trailer.get("signatures") != count:
        raise Damaged("The export does not match its checksum: the file was damaged or altered.")
    return count


def _parse(raw: bytes, number: int) -> dict:
    try:
        document = json.loads(raw.decode())
    except (UnicodeDecodeError, json.JSONDecodeError):
        document = None
    if not isinstance(document, dict):
        raise Damaged(f"Line {number} of the export is not valid: the file was damaged.")
    return document


def unseal_rows(lines: Iterable[bytes], private_key: PrivateKey) -> Iterator[list]:
    """CSV rows of a file that `verify` accepted (read it again for this), one at a time."""
    mine = private_key.public_key().fingerprint
    for number, raw in enumerate(lines, 1):
        row = _parse(raw, number)
        if number == 1 or row.get("end") is True:
            continue
        try:
            sealed = base64.b64decode(row["sealed"], validate=True)
        except (KeyError, TypeError, ValueError):
            raise Damaged(f"Line {number} of the export is not valid: the file was damaged.") from None
        if sealed_fingerprint(sealed) != mine:
            if number == 2:
                raise WrongKey(f"This export is sealed to another key ({sealed_fingerprint(sealed)}); "
                               f"this private key is {mine}.")
            raise WrongKey(f"Some signatures are sealed to another key ({sealed_fingerprint(sealed)}): the "
                           f"organization replaced its key meanwhile. Unseal with that key too; this one is {mine}.")
        details = unseal_json(private_key, sealed)
        yield [row.get("confirmed_at", ""), details.get("name", ""), details.get("email", ""),
               details.get("comment", ""), row.get("country", ""), details.get("language", ""),
               "yes" if row.get("wants_updates") else "no", "yes" if row.get("show_publicly") else "no",
               details.get("signed_at", "")]


def unseal_csv(lines: Iterable[bytes], private_key: PrivateKey) -> Iterator[str]:
    """CSV lines (spreadsheet-safe) of a verified export."""
    return csv_lines(CSV_HEADER, unseal_rows(lines, private_key))
