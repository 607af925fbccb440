"""The limits on signing: which counters every signature counts against, and the reasons a
refusal gives. The counting itself is the generic limiter's (awaz.core.ratelimit); defaults and
their reasons are in docs/abuse-defences.md."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from awaz.core.email_domains import is_large_provider, registrable_domain
from awaz.core.network import domain_rate_key
from awaz.core.ratelimit import Rule

# Why a request was refused, shown on the 429 page under the general explanation.
REASONS = {
    "network-minute": _(
        "Many signatures have come from your network (a school, an office or a mobile provider, "
        "for example) in the last few minutes."
    ),
    "network-hour": _(
        "Many signatures have come from your network (a school, an office or a mobile provider, "
        "for example) in the last hour."
    ),
    "network-unsolved": _(
        "Your browser did not complete the automatic check that protects this petition right now. "
        "With JavaScript turned on, you can sign without waiting."
    ),
    "domain-hour": _("Many signatures have come with addresses at the same email domain in the last hour."),
    "petition-minute": _("This petition is receiving more signatures than we can take at once."),
}


RECENT_WINDOW = 5 * 60
BASELINE_WINDOW = 60 * 60


def signing_rules() -> dict[str, Rule]:
    return {
        "network-minute": Rule("network-minute", settings.RATE_NETWORK_PER_MINUTE, 60),
        "network-hour": Rule("network-hour", settings.RATE_NETWORK_PER_HOUR, 3600),
        "network-unsolved": Rule("network-unsolved", settings.RATE_NETWORK_UNSOLVED_PER_HOUR, 3600),
        "domain-hour": Rule("domain-hour", settings.RATE_DOMAIN_PER_HOUR, 3600),
        "large-domain-hour": Rule("domain-hour", settings.RATE_LARGE_DOMAIN_PER_HOUR, 3600),
        "petition-minute": Rule("petition-minute", settings.RATE_PETITION_PER_MINUTE, 60),
    }


def signing_checks(*, petition_id: int, network: str, domain: str) -> list[tuple[Rule, str]]:
    """The limits that every signature counts against."""
    rules = signing_rules()
    group = registrable_domain(domain)
    large = is_large_provider(group) or is_large_provider(domain)
    domain_rule = rules["large-domain-hour"] if large else rules["domain-hour"]
    return [
        (rules["network-minute"], f"{petition_id}:{network}"),
        (rules["network-hour"], f"{petition_id}:{network}"),
        # A small domain is counted under a keyed hash: no cache dump names a personal domain.
        (domain_rule, f"{petition_id}:{domain_rate_key(group)}"),
        (rules["petition-minute"], str(petition_id)),
        # The petition's recent rate against its own baseline: the proof-of-work switch.
        (Rule("petition-recent", 0, RECENT_WINDOW, count_only=True), str(petition_id)),
        (Rule("petition-baseline", 0, BASELINE_WINDOW, count_only=True), str(petition_id)),
    ]


def unsolved_check(*, petition_id: int, network: str) -> list[tuple[Rule, str]]:
    """The stricter limit on signatures sent without a proof of work while it is asked for."""
    return [(signing_rules()["network-unsolved"], f"{petition_id}:{network}")]
