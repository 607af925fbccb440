"""Nothing in a log links an entry to a person: every byte the log serves and stores is searched
for the signers' email, name, blind index and network hash, and every entry is exactly a random
receipt and an hour (so no country either)."""

import re

from awaz.signatures.models import Signature
from awaz.signatures.services import signature_erase
from awaz.transparency import verifier
from awaz.transparency.models import LogState, LogTile
from awaz.transparency.tiles import log_append
from tests.factories import make_signature

ENTRY = re.compile(rb"^(add [0-9a-f]{32} \d{4}-\d\d-\d\dT\d\dZ|remove \d+ (withdrawn|fraud-[a-z]+))$")


def test_no_entry_tile_or_checkpoint_holds_personal_data(client, petition):
    signers = [
        make_signature(petition, email="gulnar.ekrem@example.org", name="Gulnar Ekrem", country="KZ", network="a1" * 16),
        make_signature(petition, email="ilham@example.net", name="Ilham Tohti", country="TR", network="b2" * 16),
    ]
    rows = list(Signature.objects.filter(pk__in=[s.pk for s in signers]).values("email_index", "network_hash"))
    signature_erase(signature=signers[1])
    log_append(petition=petition)

    served = client.get(f"/log/{petition.slug}/checkpoint").content
    bundle = client.get(f"/log/{petition.slug}/tile/entries/000.p/3").content
    served += bundle + client.get(f"/log/{petition.slug}/tile/0/000.p/3").content
    stored = b"".join(bytes(tile.data) for tile in LogTile.objects.all())
    stored += LogState.objects.get(pk=petition.pk).checkpoint.encode()

    entries = verifier.bundle_entries(bundle)
    assert len(entries) == 3 and all(ENTRY.match(entry) for entry in entries), entries
    needles = ["gulnar.ekrem@example.org", "Gulnar Ekrem", "ilham@example.net", "Ilham Tohti", "example.org"]
    for row in rows:
        needles += [row["email_index"], row["email_index"][:12], row["network_hash"], row["network_hash"][:12]]
    for needle in needles:
        assert needle.encode() not in served and needle.encode() not in stored, needle
        assert needle.lower().encode() not in served.lower(), needle
