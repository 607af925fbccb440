"""Alerts: a network, an email domain or a petition whose signing rate crossed a threshold.

Counted in the cache with the rules' counters (one round trip); recorded in the database, one
row per petition, subject and window (a unique constraint), so an alert fires once per window
whichever process saw the crossing first, and a restart or a flushed cache does not fire it
again. The studio's worker task emails the organization's moderators
(awaz.studio.alerts.alerts_send_due).

Thresholds are the settings ALERT_*_PER_HOUR, and any counted rule of the organization's
(a rule with the effect "alert only" is a threshold and nothing else). Large email providers,
AWAZ_ALERT_IGNORED_DOMAINS and domain entries with the effect "no alerts" never alert on a
domain.
"""

from datetime import datetime, timezone

from django.conf import settings
from django.db import IntegrityError, transaction

from awaz.core import email_domains, ratelimit
from awaz.core.network import domain_rate_key, email_domain_label
from awaz.defences import rules as defence_rules
from awaz.defences.models import Alert, Rule

WINDOW = 3600
# Alerts this process already recorded (or found recorded): no second INSERT for each signature
# of a flood. Bounded; forgetting only costs one INSERT that the constraint refuses.
_recorded: set[tuple] = set()
MEMORY = 10000


def counters(*, petition_id: int, signer: defence_rules.Signer) -> list[tuple[ratelimit.Rule, str]]:
    group = email_domains.registrable_domain(signer.domain) if signer.domain else ""
    checks = [
        (ratelimit.Rule("alert-network", 0, WINDOW, count_only=True), f"{petition_id}:{signer.network}"),
        (ratelimit.Rule("alert-petition", 0, WINDOW, count_only=True), str(petition_id)),
    ]
    if group:
        checks.append((ratelimit.Rule("alert-domain", 0, WINDOW, count_only=True), f"{petition_id}:{domain_rate_key(group)}"))
    return checks


def domain_is_quiet(domain: str, petition) -> bool:
    group = email_domains.registrable_domain(domain)
    if email_domains.is_large_provider(group) or email_domains.is_large_provider(domain):
        return True
    if group in settings.ALERT_IGNORED_DOMAINS or domain in settings.ALERT_IGNORED_DOMAINS:
        return True
    return any(
        rule.kind == Rule.Kind.DOMAIN and rule.effect == Rule.Effect.QUIET and rule.applies_to(petition)
        and defence_rules.domain_matches(rule.value, domain)
        for rule in defence_rules.current().rules
    )


_RULE_KINDS = {
    Rule.Kind.NETWORK_RATE: Alert.Kind.NETWORK, Rule.Kind.DOMAIN_RATE: Alert.Kind.DOMAIN,
    Rule.Kind.PETITION_RATE: Alert.Kind.PETITION, Rule.Kind.COUNTRY: Alert.Kind.PETITION,
}


def crossings(*, petition, signer: defence_rules.Signer, counts: dict, verdict) -> list[tuple[str, str, int, int, int]]:
    """(kind, subject, count, threshold, window) of every threshold this signature crossed."""
    found = []
    thresholds = [
        ("alert-network", Alert.Kind.NETWORK, settings.ALERT_NETWORK_PER_HOUR),
        ("alert-domain", Alert.Kind.DOMAIN, settings.ALERT_DOMAIN_PER_HOUR),
        ("alert-petition", Alert.Kind.PETITION, settings.ALERT_PETITION_PER_HOUR),
    ]
    for name, kind, threshold in thresholds:
        if threshold and counts.get(name, 0) >= threshold:
            found.append((kind, counts[name], threshold, WINDOW))
    for rule, estimate in verdict.crossed:
        found.append((_RULE_KINDS[rule.kind], estimate, rule.limit, rule.window))
    result = []
    for kind, estimate, threshold, window in found:
        if kind == Alert.Kind.DOMAIN and domain_is_quiet(signer.domain, petition):
            continue
        subject = {Alert.Kind.NETWORK: signer.tag, Alert.Kind.DOMAIN: email_domain_label(signer.domain)}.get(kind, "")
        result.append((kind, subject, int(estimate), threshold, window))
    return result


def alerts_record(*, petition, found: list[tuple[str, str, int, int, int]], at: float | None = None) -> int:
    """Record each crossing once per window; returns how many alerts are new."""
    at = ratelimit.now() if at is None else at
    new = 0
    for kind, subject, count, threshold, window in found:
        start = datetime.fromtimestamp(int(at // window) * window, timezone.utc)
        memo = (petition.pk, kind, subject, start)
        if memo in _recorded:
            continue
        try:
            with transaction.atomic():
                Alert.objects.create(petition=petition, kind=kind, subject=subject, window_start=start,
                                     window_seconds=window, count=count, threshold=threshold)
            new += 1
        except IntegrityError:
            pass  # another process (or an earlier life of this one) raised it in this window
        if len(_recorded) > MEMORY:
            _recorded.clear()
        _recorded.add(memo)
    return new


def forget() -> None:
    _recorded.clear()
