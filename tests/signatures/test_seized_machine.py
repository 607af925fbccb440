"""The attacker who seized the machine: every database row, every cache entry and every cache
key (the rate limits' counters among them), the data directory and the settings' keys. They
cannot narrow a signer's network below 1,024 /24s, nor read a personal email domain (#10 item 3)."""

import hashlib
import hmac
import pickle
import random
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.utils import timezone

from awaz.core.network import TAG_BITS, email_domain_label, round_tables
from awaz.signatures.models import Signature
from awaz.signatures.tasks import forget_source_tags
from tests.factories import sign_form_data
from tests.signatures.test_privacy import _every_value_in_the_database

PERSONAL_DOMAIN = "ekrem-family.example"
NETWORKS = 24  # /24 networks of real signers, drawn at random
IPV4_24S = 1 << 24


def _cache_values() -> list:
    """Every value in the cache, as the attacker reads it off Redis or out of process memory."""
    backend = caches["default"]
    values = []
    if isinstance(backend, RedisCache):
        client = backend._cache.get_client()
        for key in client.scan_iter():
            raw = client.get(key)
            if raw is None:
                continue
            try:
                values.append(int(raw))
            except ValueError:
                values.append(pickle.loads(raw))
    else:
        values = [pickle.loads(raw) for raw in backend._cache.values()]
    return values


def _cache_keys() -> list[str]:
    """Every key in the cache, without the backend's prefix and version (":1:")."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        raw = [key.decode() for key in backend._cache.get_client().scan_iter()]
    else:
        raw = list(backend._cache.keys())
    return [key.split(":", 2)[2] if key.count(":") >= 2 else key for key in raw]


NETWORK_RULES = {"network-minute", "network-hour", "network-unsolved"}


def _counter_parts(rules: set[str]) -> set[str]:
    """What the rate limits' counters of these rules name, as read off their keys
    (awaz:rl:<rule>:<petition>:<network or domain>:<window>:<bucket>)."""
    parts = set()
    for key in _cache_keys():
        if key.startswith("awaz:rl:"):
            rule, _petition, *named, _window, _bucket = key[len("awaz:rl:"):].split(":")
            if rule in rules:
                assert len(named) == 1, key
                parts.add(named[0])
    return parts


def _candidate_keys() -> list[bytes]:
    """Every secret on the machine that could be a key: 32-byte hex values in the cache, and the
    settings' own keys (from the data directory)."""
    keys = [bytes.fromhex(v) for v in _cache_values() if isinstance(v, str) and len(v) == 64 and _is_hex(v)]
    secrets = [settings.SECRET_KEY, *settings.ENCRYPTION_KEYS, *settings.BLIND_INDEX_KEYS]
    keys += [secret.encode() for secret in secrets]
    # And the process's memory: the day's key a process holds once it has read it (it may have
    # been read by an earlier test, when this test's cache no longer has it).
    from awaz.core import network

    if network._held_tag_key is not None:
        keys.append(network._held_tag_key[1])
    return keys


def _is_hex(text: str) -> bool:
    try:
        bytes.fromhex(text)
        return True
    except ValueError:
        return False


def _all_tags_of_all_24s(key: bytes) -> tuple[bytes, bytes]:
    """The attacker's exhaustive search: the tag of every IPv4 /24 under `key`, as two byte
    columns (tag = high << 6 | low), computed with the permutation's own tables."""
    n = IPV4_24S
    columns = [b"".join(bytes([v]) * 65536 for v in range(256)), b"".join(bytes([v]) * 256 for v in range(256)) * 256,
               bytes(range(256)) * 65536]

    def xor(a: bytes, b: bytes) -> bytes:
        return (int.from_bytes(a, "little") ^ int.from_bytes(b, "little")).to_bytes(n, "little")

    for tables in round_tables(key, 3):
        mixed = xor(columns[1], columns[2].translate(tables[1])).translate(tables[0])
        columns[0] = xor(columns[0], mixed)
        columns = columns[1:] + columns[:1]
    assert TAG_BITS == 14
    return columns[0], columns[1].translate(bytes(v >> 2 for v in range(256)))


def _candidates(tag: str, high: bytes, low: bytes) -> bytes:
    """A 0/1 byte per /24: whether it has this tag."""
    value = int(tag, 16)
    hit_high = high.translate(bytes(int(v == value >> 6) for v in range(256)))
    hit_low = low.translate(bytes(int(v == value & 63) for v in range(256)))
    both = int.from_bytes(hit_high, "little") & int.from_bytes(hit_low, "little")
    return both.to_bytes(IPV4_24S, "little")


def test_a_seized_machine_narrows_no_network_below_1024_candidates(client, petition, monkeypatch):
    # This process's copy of the day's key came from a cache that the tests have cleared since.
    monkeypatch.setattr("awaz.core.network._held_tag_key", None)
    rng = random.Random(7)
    networks = {(rng.randrange(1, 224), rng.randrange(256), rng.randrange(256)) for _ in range(NETWORKS)}
    for i, (a, b, c) in enumerate(sorted(networks)):
        data = sign_form_data(petition, email=f"signer{i}@gmail.com", name=f"Signer {i}")
        response = client.post(f"/en/petitions/{petition.slug}/sign/", data, REMOTE_ADDR=f"{a}.{b}.{c}.{rng.randrange(1, 255)}")
        assert response.status_code == 302
    truth = {row.pk: network for row, network in zip(Signature.objects.order_by("created_at", "pk"), sorted(networks))}
    stored = dict(Signature.objects.values_list("pk", "network_hash"))
    assert all(len(tag) == 4 for tag in stored.values())
    # The rate limits' per-network counters are named by the same tags, nothing finer.
    counted = _counter_parts(NETWORK_RULES)
    assert counted and counted <= set(stored.values())

    # The attack: HMAC of every network under every key found. It matches nothing,
    # even tried on the true networks.
    everything_named = set(stored.values()) | {part for key in _cache_keys() for part in key.split(":")}
    for key in _candidate_keys():
        for pk, (a, b, c) in truth.items():
            old_style = hmac.new(key, f"{a}.{b}.{c}.0/24".encode(), hashlib.sha256).hexdigest()
            assert old_style[:32] not in everything_named and old_style[:4] != stored[pk]

    # The best attack: the permutation run over every /24 under every key found.
    matched_a_key = False
    for key in _candidate_keys():
        high, low = _all_tags_of_all_24s(key)
        if all(high[(a << 16) | (b << 8) | c] << 6 | low[(a << 16) | (b << 8) | c] == int(stored[pk], 16)
               for pk, (a, b, c) in truth.items()):
            matched_a_key = True  # the day's tag key: the attacker does hold it
        for tag in set(stored.values()) | counted:
            hits = _candidates(tag, high, low)
            assert hits.count(1) >= 256
            assert hits.count(1) == 1024  # exactly: a permutation cut to 14 of 24 bits
            # Scattered: not one provider's block, but /24s all over the address space.
            assert sum(1 for first in range(256) if 1 in hits[first << 16:(first + 1) << 16]) > 200
    assert matched_a_key, "the attack above never ran with the real key"


def test_a_dump_does_not_name_a_personal_email_domain(client, petition):
    response = client.post(f"/en/petitions/{petition.slug}/sign/",
                           sign_form_data(petition, email=f"gulnar@{PERSONAL_DOMAIN}"), REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302
    response = client.post(f"/en/petitions/{petition.slug}/sign/",
                           sign_form_data(petition, email="ilham@gmail.com"), REMOTE_ADDR="198.51.100.8")
    assert response.status_code == 302
    labels = set(Signature.objects.values_list("email_domain", flat=True))
    assert labels == {"gmail.com", email_domain_label(PERSONAL_DOMAIN)}  # a large provider by name only
    everything = (_every_value_in_the_database() + repr(_cache_values()) + repr(_cache_keys())).lower()
    # The domain's counters are named as its row is: by name for a large provider, else its tag.
    assert _counter_parts({"domain-hour"}) == labels
    assert PERSONAL_DOMAIN not in everything
    assert "ekrem-family" not in everything
    assert PERSONAL_DOMAIN.encode().hex() not in everything


def test_tags_are_erased_after_the_fraud_desks_window(petition):
    from tests.factories import make_signature

    old = make_signature(petition, network="3fa0", domain="small.example",
                        created_at=timezone.now() - timedelta(hours=settings.SOURCE_TAG_HOURS + 1))
    recent = make_signature(petition, network="3fa1", domain="small.example")
    big = make_signature(petition, network="3fa2", email="someone@gmail.com",
                        created_at=timezone.now() - timedelta(hours=settings.SOURCE_TAG_HOURS + 1))
    assert forget_source_tags.call_local() == 3  # two tags of the old one, the network of the big one
    old.refresh_from_db(), recent.refresh_from_db(), big.refresh_from_db()
    assert (old.network_hash, old.email_domain) == ("", "")
    assert (recent.network_hash, recent.email_domain) == ("3fa1", email_domain_label("small.example"))
    assert (big.network_hash, big.email_domain) == ("", "gmail.com")  # a large provider's name stays
