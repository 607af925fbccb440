"""Every change to the defences: adding a rule, switching one off, and the audit entry of each.

A change bumps RulesVersion in the same transaction, which is how every app-server process
learns, within awaz.defences.rules.POLL_SECONDS, to read the rules again.
"""

import ipaddress

from django.db import transaction
from django.db.models import F

from django.utils.translation import gettext as _

from awaz.core.crypto import blind_index
from awaz.core.email_address import normalize_email
from awaz.defences import rules
from awaz.defences.models import COUNTED_KINDS, Decision, Rule, RulesVersion


class RuleRefused(ValueError):
    pass


def decision_record(*, action: str, actor, organization=None, petition=None, rule=None, rows: int = 0,
                    reason: str = "", detail: str = "") -> Decision:
    return Decision.objects.create(
        organization=organization, petition=petition, rule=rule, actor=actor,
        actor_name=actor.get_username() if actor is not None else "", action=action, rows=rows, reason=reason,
        detail=detail[:300],
    )


def _bump() -> None:
    if not RulesVersion.objects.filter(pk=1).update(number=F("number") + 1):
        RulesVersion.objects.get_or_create(pk=1, defaults={"number": 1})
    # This process need not wait for its next poll.
    transaction.on_commit(rules.forget)


def clean_value(kind: str, value: str) -> str:
    """The value as a rule keeps it, or RuleRefused with what is wrong."""
    value = (value or "").strip()
    if kind == Rule.Kind.NETWORK:
        try:
            return str(ipaddress.ip_network(value, strict=False))
        except ValueError:
            raise RuleRefused(_("Not a network: write it as 203.0.113.0/24 or 2001:db8::/48.")) from None
    if kind == Rule.Kind.NETWORK_TAG:
        if len(value) != 4 or any(c not in "0123456789abcdef" for c in value.lower()):
            raise RuleRefused(_("A fraud desk code has four characters 0-9 and a-f."))
        return value.lower()
    if kind == Rule.Kind.DOMAIN:
        value = value.lower().lstrip("@")
        if not value or " " in value or "@" in value:
            raise RuleRefused(_("Write a domain, or a pattern such as *.example.ru."))
        return value
    if kind == Rule.Kind.COUNTRY:
        if len(value) != 2 or not value.isalpha():
            raise RuleRefused(_("A country is its two-letter code."))
        return value.upper()
    return ""


def rule_add(*, actor, kind: str, effect: str, organization=None, petition=None, value: str = "", address: str = "",
             limit: int | None = None, window_seconds: int | None = None, note: str = "") -> Rule:
    """Add a rule (site-wide without an organization). An address is kept as its blind index
    only; the address itself is forgotten here."""
    if kind not in Rule.Kind.values or effect not in Rule.Effect.values:
        raise RuleRefused(_("Unknown kind or effect."))
    if petition is not None and organization is not None and petition.organization_id != organization.pk:
        raise RuleRefused(_("The petition belongs to another organization."))
    if effect == Rule.Effect.QUIET and kind != Rule.Kind.DOMAIN:
        raise RuleRefused(_("Only email domains can be kept from alerting."))
    if effect == Rule.Effect.ALLOW and kind in COUNTED_KINDS:
        raise RuleRefused(_("Allow a network, a domain or an address; a rate cannot be allowed."))
    if kind in COUNTED_KINDS:
        if limit is None or not window_seconds:
            raise RuleRefused(_("A rate needs a limit and a window."))
    else:
        limit = window_seconds = None
    address_index = ""
    if kind == Rule.Kind.ADDRESS:
        if "@" not in (address or ""):
            raise RuleRefused(_("Write the whole address."))
        address_index = blind_index(normalize_email(address))
    value = clean_value(kind, value)
    with transaction.atomic():
        rule = Rule.objects.create(
            organization=organization, petition=petition, kind=kind, effect=effect, value=value,
            address_index=address_index, limit=limit, window_seconds=window_seconds, note=note.strip()[:300],
            created_by=actor,
        )
        _bump()
        decision_record(action=Decision.Action.RULE_ADDED, actor=actor, organization=organization, petition=petition,
                        rule=rule, detail=_describe(rule))
    return rule


def rule_switch_off(*, rule: Rule, actor) -> bool:
    """Switch a rule off (kept, for the audit). False if it was off already."""
    with transaction.atomic():
        if not Rule.objects.filter(pk=rule.pk, active=True).update(active=False):
            return False
        _bump()
        decision_record(action=Decision.Action.RULE_SWITCHED_OFF, actor=actor, organization=rule.organization,
                        petition=rule.petition, rule=rule, detail=_describe(rule))
    return True


def _describe(rule: Rule) -> str:
    # Never the address: an address rule is described by its kind alone.
    parts = [rule.kind, rule.value, rule.effect]
    if rule.limit is not None:
        parts.append(f"{rule.limit}/{rule.window_seconds}s")
    return " ".join(part for part in parts if part)
