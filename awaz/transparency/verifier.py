#!/usr/bin/env python3
"""Check an Awaz petition's transparency log from anywhere: one file, Python 3.9+, the standard
library and the `cryptography` package (for Ed25519) and nothing else.

    python3 verifier.py https://example.org/en/petitions/free-them/data.json
    python3 verifier.py https://example.org/log/free-them/ --key 'example.org/log/free-them+1a2b3c4d+AX...'
        [--checkpoint-file saved.txt] [--receipt 3f2a-9c01-...]

It fetches the log's checkpoint (a C2SP signed note), checks its Ed25519 signature against the
log's verifier key, downloads every entry bundle and tile (C2SP tlog-tiles), recomputes every
tile and the root hash (RFC 6962 / RFC 9162) and compares them with what the site serves,
checks that the log only grew since a checkpoint saved earlier (and saves the new one), checks
an inclusion proof for a receipt if one is given, and prints the count: additions minus
removals, with the removals by reason.

Entries are ASCII text: `add <receipt, 32 hex digits> <hour of confirmation, YYYY-MM-DDTHH>Z`
or `remove <index of the addition it cancels> <reason>`. Nothing else is in the log.

Exit status: 0 when everything checked, 1 when a check failed, 2 when the log could not be read.
The Awaz server imports the hashing and encoding functions from this file, so the two agree by
construction; the tests check both against the RFC 9162 vectors of transparency-dev/merkle.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import sys
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field

HASH_SIZE = 32
TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT
ED25519 = 0x01
USER_AGENT = "awaz-verify-log/1"
RECEIPT = re.compile(r"^[0-9a-f]{32}$")


class VerificationError(Exception):
    """The log is not what its checkpoint says, or the checkpoint is not signed by the key."""


# --- RFC 6962 / RFC 9162 hashing -----------------------------------------------------------

def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


EMPTY_ROOT = hashlib.sha256(b"").digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def mth(hashes: list[bytes]) -> bytes:
    """The Merkle Tree Hash of a list of leaf (or subtree) hashes."""
    if not hashes:
        return EMPTY_ROOT
    if len(hashes) == 1:
        return hashes[0]
    k = _split(len(hashes))
    return node_hash(mth(hashes[:k]), mth(hashes[k:]))


def fold(subtrees: list[bytes]) -> bytes:
    """The root over perfect subtrees given left to right, largest first (a compact range)."""
    if not subtrees:
        return EMPTY_ROOT
    root = subtrees[-1]
    for subtree in reversed(subtrees[:-1]):
        root = node_hash(subtree, root)
    return root


class TreeBuilder:
    """Appends leaf hashes and knows the root at every size, in memory proportional to log(n)."""

    def __init__(self):
        self.size = 0
        self._stack: list[tuple[int, bytes]] = []  # (height, hash), perfect subtrees left to right

    def append(self, leaf: bytes) -> None:
        height, value = 0, leaf
        while self._stack and self._stack[-1][0] == height:
            value = node_hash(self._stack.pop()[1], value)
            height += 1
        self._stack.append((height, value))
        self.size += 1

    def root(self) -> bytes:
        return fold([value for _height, value in self._stack])


# --- Proofs (RFC 9162 section 2.1.3 and 2.1.4), from any source of node hashes -------------

def range_hash(node, start: int, end: int) -> bytes:
    """MTH(D[start:end]) from `node(level, index)`, the hash of the complete subtree of height
    `level` at position `index` (as tiles hold them). `start` is aligned as RFC 9162's
    recursion aligns it."""
    n = end - start
    if n & (n - 1) == 0 and start % n == 0:
        level = n.bit_length() - 1
        return node(level, start >> level)
    k = _split(n)
    return node_hash(range_hash(node, start, start + k), range_hash(node, start + k, end))


def inclusion_proof(node, index: int, size: int) -> list[bytes]:
    """PATH(index, D[0:size])."""
    if not 0 <= index < size:
        raise ValueError("index out of range")
    proof: list[bytes] = []
    start, n, m = 0, size, index
    while n > 1:
        k = _split(n)
        if m < k:
            proof.append(range_hash(node, start + k, start + n))
            n = k
        else:
            proof.append(range_hash(node, start, start + k))
            start, n, m = start + k, n - k, m - k
    return list(reversed(proof))


def consistency_proof(node, old_size: int, size: int) -> list[bytes]:
    """PROOF(old_size, D[0:size])."""
    if not 0 <= old_size <= size:
        raise ValueError("sizes out of order")
    if old_size in (0, size):
        return []
    proof: list[bytes] = []
    start, n, m, whole = 0, size, old_size, True
    while m != n:
        k = _split(n)
        if m <= k:
            proof.append(range_hash(node, start + k, start + n))
            n = k
        else:
            proof.append(range_hash(node, start, start + k))
            start, n, m, whole = start + k, n - k, m - k, False
    if not whole:
        proof.append(range_hash(node, start, start + n))
    return list(reversed(proof))


def _hashes(*values: bytes) -> bool:
    return all(len(value) == HASH_SIZE for value in values)


def verify_inclusion(index: int, size: int, leaf: bytes, proof: list[bytes], root: bytes) -> bool:
    if index >= size or not _hashes(leaf, root, *proof):
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(old_size: int, size: int, proof: list[bytes], old_root: bytes, root: bytes) -> bool:
    """As RFC 9162 (and transparency-dev/merkle) say: 0 < old_size <= size; from an empty tree
    every tree is consistent, so a proof for it proves nothing and is refused."""
    if not 0 < old_size <= size or not _hashes(*proof):
        return False
    if old_size == size:
        return not proof and old_root == root
    if not proof or not _hashes(old_root, root):
        return False
    if old_size & (old_size - 1) == 0:
        proof = [old_root, *proof]
    fn, sn = old_size - 1, size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == root


# --- C2SP tlog-tiles -----------------------------------------------------------------------

def tile_path(level: int | str, number: int, width: int = TILE_WIDTH) -> str:
    """`tile/<L>/<N>[.p/<W>]` with N in 3-digit groups, all but the last prefixed by x."""
    digits = str(number)
    digits = "0" * (-len(digits) % 3) + digits
    groups = [digits[i:i + 3] for i in range(0, len(digits), 3)]
    path = f"tile/{level}/" + "/".join([f"x{g}" for g in groups[:-1]] + [groups[-1]])
    return path if width == TILE_WIDTH else f"{path}.p/{width}"


def tile_width(level: int, number: int, size: int) -> int:
    """How many hashes the tile holds in a tree of `size` leaves (0: it does not exist yet)."""
    complete = size >> (TILE_HEIGHT * level)
    return max(0, min(TILE_WIDTH, complete - number * TILE_WIDTH))


def bundle_entries(data: bytes) -> list[bytes]:
    """The entries of an entry bundle: big-endian uint16 length, then the entry, repeated."""
    entries, offset = [], 0
    while offset < len(data):
        if offset + 2 > len(data):
            raise VerificationError("an entry bundle ends in the middle of a length")
        length = int.from_bytes(data[offset:offset + 2], "big")
        offset += 2
        if offset + length > len(data):
            raise VerificationError("an entry bundle ends in the middle of an entry")
        entries.append(data[offset:offset + length])
        offset += length
    return entries


def bundle(entries: list[bytes]) -> bytes:
    return b"".join(len(entry).to_bytes(2, "big") + entry for entry in entries)


# --- Entries -------------------------------------------------------------------------------

def addition_entry(receipt: str, hour: str) -> bytes:
    return f"add {receipt} {hour}".encode("ascii")


def removal_entry(index: int, reason: str) -> bytes:
    return f"remove {index} {reason}".encode("ascii")


def normalize_receipt(text: str) -> str:
    """A receipt as printed (groups of hex digits, any separators, any case) to its 32 digits."""
    return re.sub(r"[^0-9a-f]", "", text.lower())


def format_receipt(receipt: str) -> str:
    return "-".join(receipt[i:i + 4] for i in range(0, len(receipt), 4))


@dataclass
class Tally:
    additions: int = 0
    removals: Counter = field(default_factory=Counter)
    kinds: dict = field(default_factory=dict)  # index -> receipt of an addition not removed
    removed: dict = field(default_factory=dict)  # index of an addition -> (removal index, reason)

    @property
    def count(self) -> int:
        return self.additions - sum(self.removals.values())

    def take(self, index: int, entry: bytes) -> None:
        words = entry.decode("ascii", "replace").split(" ")
        if len(words) == 3 and words[0] == "add" and RECEIPT.match(words[1]):
            self.additions += 1
            self.kinds[index] = words[1]
        elif len(words) == 3 and words[0] == "remove" and words[1].isdigit():
            target = int(words[1])
            if target not in self.kinds or target in self.removed:
                raise VerificationError(f"entry {index} removes entry {target}, which is not a standing addition")
            self.removed[target] = (index, words[2])
            self.removals[words[2]] += 1
        else:
            raise VerificationError(f"entry {index} is not an Awaz entry: {entry[:80]!r}")


# --- C2SP signed notes and tlog-checkpoint -------------------------------------------------

def key_id(name: str, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([ED25519]) + public_key).digest()[:4]


def verifier_key(name: str, public_key: bytes) -> str:
    return f"{name}+{key_id(name, public_key).hex()}+{base64.b64encode(bytes([ED25519]) + public_key).decode()}"


@dataclass(frozen=True)
class VerifierKey:
    name: str
    id: bytes
    public_key: bytes

    @classmethod
    def parse(cls, text: str) -> VerifierKey:
        try:
            name, id_hex, material = text.strip().split("+", 2)  # base64 may hold "+" too
            raw = base64.b64decode(material, validate=True)
            key_id_bytes = bytes.fromhex(id_hex)
        except ValueError:
            raise VerificationError("the verifier key is not of the form name+keyid+base64") from None
        if len(raw) != 33 or raw[0] != ED25519 or len(key_id_bytes) != 4:
            raise VerificationError("the verifier key is not an Ed25519 key")
        if key_id(name, raw[1:]) != key_id_bytes:
            raise VerificationError("the verifier key's id does not match its name and key")
        return cls(name, key_id_bytes, raw[1:])


def note_open(note: str, key: VerifierKey) -> str:
    """The text of a signed note, if `key` signed it; VerificationError otherwise."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if any(ord(c) < 0x20 and c != "\n" for c in note) or not note.endswith("\n"):
        raise VerificationError("the checkpoint is not a well-formed signed note")
    split = note.rfind("\n\n")
    if split < 0:
        raise VerificationError("the checkpoint has no signatures")
    text, signatures = note[:split + 1], note[split + 2:]
    verified = False
    for line in signatures.splitlines():
        match = re.fullmatch(r"\u2014 (\S+) ([A-Za-z0-9+/=]+)", line)
        if not match:
            raise VerificationError("the checkpoint has a malformed signature line")
        raw = base64.b64decode(match.group(2))
        if match.group(1) != key.name or raw[:4] != key.id:
            continue  # someone else's signature (a witness, a previous key): ignored, as the spec says
        try:
            Ed25519PublicKey.from_public_bytes(key.public_key).verify(raw[4:], text.encode())
        except InvalidSignature:
            raise VerificationError("the checkpoint's signature by the log key is not valid") from None
        verified = True
    if not verified:
        raise VerificationError(f"the checkpoint is not signed by the key {key.name}+{key.id.hex()}")
    return text


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        lines = text.split("\n")
        if len(lines) < 4 or not lines[1].isdigit() or (lines[1] != "0" and lines[1].startswith("0")):
            raise VerificationError("the checkpoint is not in the tlog-checkpoint format")
        root = base64.b64decode(lines[2])
        if len(root) != HASH_SIZE:
            raise VerificationError("the checkpoint's root hash is not 32 bytes")
        return cls(lines[0], int(lines[1]), root)


# --- Reading a log over HTTP ---------------------------------------------------------------

def fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


class RemoteLog:
    """Tiles and bundles of a log prefix, fetched once each."""

    def __init__(self, prefix: str, size: int, fetcher=fetch):
        self.prefix, self.size, self._fetch, self._tiles = prefix.rstrip("/") + "/", size, fetcher, {}

    def tile(self, level: int | str, number: int) -> bytes:
        width = tile_width(0 if level == "entries" else level, number, self.size)
        key = (level, number)
        if key not in self._tiles:
            self._tiles[key] = self._fetch(self.prefix + tile_path(level, number, width))
        return self._tiles[key]

    def node(self, level: int, index: int) -> bytes:
        """The hash of a complete subtree, read from the tile that holds it (or its descendants)."""
        tile_level, below = divmod(level, TILE_HEIGHT)
        first = index << below
        number, offset = divmod(first, TILE_WIDTH)
        data = self.tile(tile_level, number)
        hashes = [data[i:i + HASH_SIZE] for i in range(offset * HASH_SIZE, (offset + (1 << below)) * HASH_SIZE, HASH_SIZE)]
        if len(hashes) != 1 << below or any(len(h) != HASH_SIZE for h in hashes):
            raise VerificationError(f"tile {tile_path(tile_level, number)} is shorter than the checkpoint needs")
        return mth(hashes)


@dataclass
class Report:
    checkpoint: Checkpoint
    tally: Tally
    receipt_index: int | None = None
    receipt_removal: tuple | None = None
    consistent_with: int | None = None
    lines: list = field(default_factory=list)


def verify_log(prefix: str, key: VerifierKey, *, saved_note: str | None = None, receipt: str | None = None,
               fetcher=fetch) -> tuple[Report, str]:
    """Every check the command line makes; returns the report and the verified checkpoint note."""
    prefix = prefix.rstrip("/") + "/"
    note = fetcher(prefix + "checkpoint").decode("utf-8")
    checkpoint = Checkpoint.parse(note_open(note, key))
    report = Report(checkpoint, Tally())
    old = None
    if saved_note:
        old = Checkpoint.parse(note_open(saved_note, key))
        if old.origin != checkpoint.origin:
            raise VerificationError("the saved checkpoint is from another log")
        if old.size > checkpoint.size:
            raise VerificationError(f"the log shrank: the saved checkpoint had {old.size} entries, now {checkpoint.size}")

    log = RemoteLog(prefix, checkpoint.size, fetcher)
    tree = TreeBuilder()
    pending: list[list[bytes]] = [[]]  # hashes of the tile being filled, per level
    numbers: list[int] = [0]
    receipt = normalize_receipt(receipt) if receipt else None
    receipt_leaf = None

    def push(level: int, value: bytes) -> None:
        if level == len(pending):
            pending.append([])
            numbers.append(0)
        pending[level].append(value)
        if len(pending[level]) == TILE_WIDTH:
            _compare_tile(log, level, numbers[level], pending[level])
            full = mth(pending[level])
            pending[level], numbers[level] = [], numbers[level] + 1
            push(level + 1, full)

    for number in range((checkpoint.size + TILE_WIDTH - 1) // TILE_WIDTH):
        entries = bundle_entries(log.tile("entries", number))
        expected = tile_width(0, number, checkpoint.size)
        if len(entries) != expected:
            raise VerificationError(f"entry bundle {number} has {len(entries)} entries, the checkpoint needs {expected}")
        for offset, entry in enumerate(entries):
            index = number * TILE_WIDTH + offset
            report.tally.take(index, entry)
            value = leaf_hash(entry)
            if receipt and report.tally.kinds.get(index) == receipt:
                report.receipt_index, receipt_leaf = index, value
            tree.append(value)
            push(0, value)
            if old is not None and tree.size == old.size and tree.root() != old.root:
                raise VerificationError(
                    f"the log was rewritten: its first {old.size} entries do not give the saved checkpoint's root (a fork)"
                )
    for level, hashes in enumerate(pending):
        if hashes:
            _compare_tile(log, level, numbers[level], hashes)
    if tree.root() != checkpoint.root:
        raise VerificationError("the entries do not give the checkpoint's root hash: an entry was changed")

    if old is not None and old.size:
        proof = consistency_proof(log.node, old.size, checkpoint.size)
        if not verify_consistency(old.size, checkpoint.size, proof, old.root, checkpoint.root):
            raise VerificationError("the consistency proof from the saved checkpoint does not verify")
        report.consistent_with = old.size
    if receipt:
        if report.receipt_index is not None:
            proof = inclusion_proof(log.node, report.receipt_index, checkpoint.size)
            if not verify_inclusion(report.receipt_index, checkpoint.size, receipt_leaf, proof, checkpoint.root):
                raise VerificationError("the inclusion proof for the receipt does not verify")
            report.receipt_removal = report.tally.removed.get(report.receipt_index)
    return report, note


def _compare_tile(log: RemoteLog, level: int, number: int, hashes: list[bytes]) -> None:
    if log.tile(level, number) != b"".join(hashes):
        raise VerificationError(f"tile {tile_path(level, number, len(hashes))} does not match the entries")


def describe(report: Report, receipt: str | None) -> list[str]:
    c, t = report.checkpoint, report.tally
    lines = [
        f"Log {c.origin}: checkpoint of size {c.size}, signature valid, root hash recomputed from every entry.",
        f"Additions: {t.additions}",
        f"Removals: {sum(t.removals.values())}" + "".join(f"\n  {reason}: {n}" for reason, n in sorted(t.removals.items())),
        f"Public count (additions minus removals): {t.count}",
    ]
    if report.consistent_with is not None:
        lines.append(f"Consistent with the saved checkpoint of size {report.consistent_with}: the log only grew.")
    if receipt:
        if report.receipt_index is None:
            lines.append(f"Receipt {format_receipt(normalize_receipt(receipt))} is NOT in this log.")
        else:
            lines.append(f"Receipt included at position {report.receipt_index + 1} of the log of size {c.size} "
                         f"(entry index {report.receipt_index}; inclusion proof verified).")
            if report.receipt_removal:
                lines.append(f"It was removed by entry {report.receipt_removal[0]}: {report.receipt_removal[1]}.")
    return lines


def resolve(url: str, fetcher=fetch) -> tuple[str, str | None]:
    """A log prefix and the key the site publishes, from a data.json URL, a petition page or a prefix."""
    if not url.endswith("data.json"):
        try:
            fetcher(url.rstrip("/") + "/checkpoint")
            return url, None
        except urllib.error.HTTPError:
            url = url.rstrip("/") + "/data.json"
    data = json.loads(fetcher(url))
    return data["log_url"], data.get("log_key")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check an Awaz petition's transparency log.")
    parser.add_argument("url", help="the petition's data.json, its page, or its log prefix (log_url)")
    parser.add_argument("--key", help="the log's verifier key (log_key); pin it rather than trusting the site")
    parser.add_argument("--checkpoint-file", help="a checkpoint saved earlier: checked for consistency, then replaced")
    parser.add_argument("--receipt", help="a signer's receipt: check that it is in the log")
    args = parser.parse_args(argv)
    try:
        prefix, published_key = resolve(args.url)
        if not (args.key or published_key):
            print("No key: pass --key with the log's verifier key.", file=sys.stderr)
            return 2
        if not args.key:
            print(f"Using the key the site publishes ({published_key}); pass --key to pin it.", file=sys.stderr)
        key = VerifierKey.parse(args.key or published_key)
        saved = None
        if args.checkpoint_file:
            try:
                with open(args.checkpoint_file, encoding="utf-8") as handle:
                    saved = handle.read()
            except FileNotFoundError:
                saved = None
        report, note = verify_log(prefix, key, saved_note=saved, receipt=args.receipt)
    except VerificationError as error:
        print(f"FAILED: {error}", file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError) as error:
        print(f"Could not read the log: {error}", file=sys.stderr)
        return 2
    print("\n".join(describe(report, args.receipt)))
    if args.checkpoint_file:
        with open(args.checkpoint_file, "w", encoding="utf-8") as handle:
            handle.write(note)
    if args.receipt and report.receipt_index is None:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
