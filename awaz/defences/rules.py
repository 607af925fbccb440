"""The rules as each app-server process holds them, compiled, and what they say of a signature.

Every process keeps the active rules in memory and asks the database for the one-row version
number (RulesVersion) at most every POLL_SECONDS; a different number means the rules changed,
and they are read again. So a rule a moderator saves applies on every process within
POLL_SECONDS plus one read, without a restart (docs/defences.md), and a signature costs no
query at all in between.

Order: an allow entry that matches skips every rule here (the environment's limits, in
awaz.core.ratelimit, still hold); then block entries; then counted rules (rates per network,
domain and petition, limits per country), counted in the cache with the same sliding windows as
the environment's limits. Of the rules that match, "refuse" wins over "hold for review".
Counted rules count every signature they let through or hold: a flood stays held until it slows
down, rather than getting its limit's worth through each window. A refused signature counts
nothing (as with the environment's limits).
"""

import fnmatch
import ipaddress
import threading
import time
from dataclasses import dataclass, field

from awaz.core import email_domains, ratelimit
from awaz.core.crypto import blind_indexes
from awaz.core.email_address import normalize_email
from awaz.core.network import domain_rate_key, network_of
from awaz.defences.models import Rule, RulesVersion

POLL_SECONDS = 2.0

QUARANTINE = Rule.Effect.QUARANTINE
REFUSE = Rule.Effect.REFUSE


@dataclass(frozen=True)
class Compiled:
    """One rule, ready to match: a network, a glob, an index set member or a counter."""

    id: int
    organization_id: int | None
    petition_id: int | None
    kind: str
    effect: str
    value: str
    network: ipaddress.IPv4Network | ipaddress.IPv6Network | None = None
    address_index: str = ""
    limit: int = 0
    window: int = 0

    def applies_to(self, petition) -> bool:
        if self.petition_id is not None:
            return self.petition_id == petition.pk
        return self.organization_id is None or self.organization_id == petition.organization_id


@dataclass
class RuleSet:
    version: int = -1
    rules: list[Compiled] = field(default_factory=list)

    @property
    def has_addresses(self) -> bool:
        return any(rule.kind == Rule.Kind.ADDRESS for rule in self.rules)


def compile_rule(rule: Rule) -> Compiled | None:
    network = None
    if rule.kind == Rule.Kind.NETWORK:
        try:
            network = ipaddress.ip_network(rule.value.strip(), strict=False)
        except ValueError:
            return None  # the forms refuse such values; an old or hand-made row is skipped
    return Compiled(
        id=rule.pk, organization_id=rule.organization_id, petition_id=rule.petition_id, kind=rule.kind,
        effect=rule.effect, value=rule.value.strip().lower(), network=network, address_index=rule.address_index,
        limit=rule.limit or 0, window=rule.window_seconds or 0,
    )


_held = RuleSet()
_checked_at = -1e9
_lock = threading.Lock()


def current() -> RuleSet:
    """The rules, read again when their version changed (asked at most every POLL_SECONDS)."""
    global _held, _checked_at
    now = time.monotonic()
    if now - _checked_at < POLL_SECONDS:
        return _held
    with _lock:
        if now - _checked_at < POLL_SECONDS:
            return _held
        version = RulesVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0
        if version != _held.version:
            rows = Rule.objects.filter(active=True).order_by("pk")
            _held = RuleSet(version=version, rules=[c for c in map(compile_rule, rows) if c is not None])
        _checked_at = now
    return _held


def forget() -> None:
    """Read the rules again on the next signature (tests, and the process that saved a rule)."""
    global _checked_at, _held
    _held = RuleSet()
    _checked_at = -1e9


def domain_matches(pattern: str, domain: str) -> bool:
    """`example.ru` matches itself; `*.example.ru` its subdomains (and, as people mean it, the
    domain itself)."""
    if fnmatch.fnmatchcase(domain, pattern):
        return True
    return pattern.startswith("*.") and domain == pattern[2:]


@dataclass(frozen=True)
class Signer:
    """What a rule may look at. `ip` stays in this process's memory; it is never stored."""

    ip: str
    network: str  # awaz.core.network.network_rate_key: a tag, as the signing limits count
    tag: str  # awaz.core.network.network_rate_key_and_tag: the code the fraud desk shows
    email: str
    domain: str
    country: str


@dataclass(frozen=True)
class Verdict:
    effect: str = ""  # "", QUARANTINE or REFUSE
    rule_id: int | None = None
    retry_after: int = 0
    # (rule, estimated count) of each counted rule over its limit, for the alerts.
    crossed: tuple[tuple[Compiled, float], ...] = ()
    # What this signature counted, and when: given back if it is not stored after all.
    counted: tuple[tuple[ratelimit.Rule, str], ...] = ()
    counted_at: float | None = None

    def give_back(self) -> None:
        """The server failed to store the signature: what it counted must not count against the
        signer's retry (awaz.signatures.signing)."""
        if self.counted:
            ratelimit.give_back(list(self.counted), at=self.counted_at)

    @property
    def held(self) -> bool:
        return self.effect == QUARANTINE

    @property
    def refused(self) -> bool:
        return self.effect == REFUSE


def _address(ip: str):
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address


def _list_match(rule: Compiled, signer: Signer, address, indexes: frozenset[str]) -> bool:
    if rule.kind == Rule.Kind.NETWORK:
        return address is not None and rule.network is not None and address.version == rule.network.version \
            and address in rule.network
    if rule.kind == Rule.Kind.NETWORK_TAG:
        return bool(signer.tag) and signer.tag == rule.value
    if rule.kind == Rule.Kind.DOMAIN:
        return domain_matches(rule.value, signer.domain)
    if rule.kind == Rule.Kind.ADDRESS:
        return rule.address_index in indexes
    return False


def counter_key(rule: Compiled, petition_id: int, signer: Signer) -> str | None:
    if rule.kind == Rule.Kind.NETWORK_RATE:
        return f"{petition_id}:{signer.network}"
    if rule.kind == Rule.Kind.DOMAIN_RATE:
        return f"{petition_id}:{domain_rate_key(email_domains.registrable_domain(signer.domain))}"
    if rule.kind == Rule.Kind.PETITION_RATE:
        return str(petition_id)
    if rule.kind == Rule.Kind.COUNTRY:
        return f"{petition_id}:{signer.country}" if signer.country.lower() == rule.value else None
    return None


def _stronger(verdict: Verdict, rule: Compiled, retry_after: int = 0) -> Verdict:
    if rule.effect not in (QUARANTINE, REFUSE) or verdict.refused or (verdict.held and rule.effect == QUARANTINE):
        return verdict
    return Verdict(effect=rule.effect, rule_id=rule.id, retry_after=retry_after, crossed=verdict.crossed)


def evaluate(*, petition, signer: Signer, extra_counters: list[tuple[ratelimit.Rule, str]] = ()) -> tuple[Verdict, dict]:
    """What the rules say of one valid signature; also counts `extra_counters` (the alerts') in
    the same cache round trip, and returns every counter's estimate."""
    rules = [rule for rule in current().rules if rule.applies_to(petition)]
    indexes: frozenset[str] = frozenset()
    if any(rule.kind == Rule.Kind.ADDRESS for rule in rules):
        indexes = frozenset(blind_indexes(normalize_email(signer.email)))
    address = _address(signer.ip)
    listed = [rule for rule in rules if rule.kind in (Rule.Kind.NETWORK, Rule.Kind.NETWORK_TAG, Rule.Kind.DOMAIN,
                                                      Rule.Kind.ADDRESS) and _list_match(rule, signer, address, indexes)]
    if any(rule.effect == Rule.Effect.ALLOW for rule in listed):
        if not extra_counters:
            return Verdict(), {}
        outcome = ratelimit.consume(list(extra_counters))
        return Verdict(counted=tuple(extra_counters), counted_at=outcome.at), outcome.counts
    verdict = Verdict()
    for rule in listed:
        verdict = _stronger(verdict, rule, retry_after=3600)
    counted = []
    for rule in rules:
        key = counter_key(rule, petition.pk, signer)
        if key is not None:
            counted.append((rule, ratelimit.Rule(f"defence-{rule.id}", 0, rule.window, count_only=True), key))
    checks = [(check, key) for _rule, check, key in counted] + list(extra_counters)
    outcome = ratelimit.consume(checks) if checks else None
    counts = outcome.counts if outcome else {}
    crossed = []
    for rule, check, _key in counted:
        estimate = counts.get(check.name, 0)
        if estimate > rule.limit:
            crossed.append((rule, estimate))
            verdict = _stronger(verdict, rule, retry_after=rule.window)
    if verdict.refused and outcome is not None:
        # A refusal counts nothing, as with the environment's limits: whoever keeps hammering
        # gets exactly the limit through, and the retry after Django's second look (the express
        # lane hands a refusal over) is not counted twice.
        ratelimit.give_back(checks, at=outcome.at)
        return Verdict(verdict.effect, verdict.rule_id, verdict.retry_after, tuple(crossed)), counts
    return Verdict(verdict.effect, verdict.rule_id, verdict.retry_after, tuple(crossed), counted=tuple(checks),
                   counted_at=outcome.at if outcome is not None else None), counts


def signer_of(*, ip: str, network: str, tag: str, email: str, domain: str, country: str) -> Signer:
    return Signer(ip=ip, network=network, tag=tag, email=email, domain=domain.lower(), country=country)


def network_block(ip: str) -> str:
    """The /24 or /64 an address belongs to, to suggest a CIDR rule (never stored)."""
    return network_of(ip)
