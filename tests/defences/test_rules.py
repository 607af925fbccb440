"""Defence rules kept in the database (awaz.defences): what each kind matches, and what it does."""

import pytest
from django.contrib.auth import get_user_model

from awaz.core.crypto import blind_index
from awaz.core.email_address import normalize_email
from awaz.defences import rules
from awaz.defences.models import Decision, Rule, RulesVersion
from awaz.defences.services import RuleRefused, rule_add, rule_switch_off
from awaz.signatures.models import Signature
from tests.defences.conftest import sign, stored

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(db):
    return get_user_model().objects.create_user(username="operator", email="operator@example.org", is_staff=True)


def _add(operator, **fields):
    rule = rule_add(actor=operator, **fields)
    rules.forget()  # as the commit does in the process that saved it
    return rule


def _held(petition) -> list[bool]:
    return [s.held_at is not None for s in Signature.objects.filter(petition=petition).order_by("pk")]


def test_a_network_block_holds_signatures_from_it_and_only_from_it(client, petition, operator, clock):
    _add(operator, kind=Rule.Kind.NETWORK, value="198.51.100.0/24", effect=Rule.Effect.QUARANTINE)
    assert sign(client, petition, ip="198.51.100.7").status_code == 302
    assert sign(client, petition, ip="192.0.2.1").status_code == 302
    assert _held(petition) == [True, False]


def test_an_ipv6_block_matches_addresses_inside_it(client, petition, operator, clock):
    _add(operator, kind=Rule.Kind.NETWORK, value="2001:db8:aa::/48", effect=Rule.Effect.QUARANTINE)
    sign(client, petition, ip="2001:db8:aa:1::5")
    sign(client, petition, ip="2001:db8:bb::5")
    assert _held(petition) == [True, False]


def test_a_refusing_block_answers_429_and_stores_nothing(client, petition, operator, clock):
    _add(operator, kind=Rule.Kind.NETWORK, value="198.51.100.0/24", effect=Rule.Effect.REFUSE)
    response = sign(client, petition, ip="198.51.100.7")
    assert response.status_code == 429
    assert Signature.objects.count() == 0


def test_a_domain_glob_matches_subdomains_and_the_domain_itself(client, petition, operator, clock):
    _add(operator, kind=Rule.Kind.DOMAIN, value="*.flood.example", effect=Rule.Effect.QUARANTINE)
    sign(client, petition, email="a@x1.flood.example")
    sign(client, petition, email="b@flood.example")
    sign(client, petition, email="c@notflood.example")
    assert _held(petition) == [True, True, False]


def test_an_address_rule_keeps_only_the_blind_index_and_matches_the_normalized_address(client, petition, operator,
                                                                                       clock):
    rule = _add(operator, kind=Rule.Kind.ADDRESS, address="Troll+x@Example.org", effect=Rule.Effect.QUARANTINE)
    stored = Rule.objects.filter(pk=rule.pk).values().get()
    assert "troll" not in str(stored).lower()
    assert stored["address_index"] == blind_index(normalize_email("troll@example.org"))
    sign(client, petition, email="TROLL@example.org")
    sign(client, petition, email="someone@example.org")
    assert _held(petition) == [True, False]


def test_an_allow_entry_skips_the_other_rules(client, petition, operator, clock):
    _add(operator, kind=Rule.Kind.NETWORK, value="198.51.100.0/24", effect=Rule.Effect.QUARANTINE)
    _add(operator, kind=Rule.Kind.DOMAIN, value="union.example", effect=Rule.Effect.ALLOW)
    sign(client, petition, ip="198.51.100.7", email="member@union.example")
    sign(client, petition, ip="198.51.100.7", email="other@else.example")
    assert _held(petition) == [False, True]


def test_a_network_rate_holds_what_comes_over_it(client, petition, operator, clock):
    _add(operator, kind=Rule.Kind.NETWORK_RATE, limit=3, window_seconds=3600, effect=Rule.Effect.QUARANTINE)
    for _ in range(5):
        assert sign(client, petition, ip="198.51.100.7").status_code == 302
    sign(client, petition, ip="192.0.2.1")
    assert _held(petition) == [False, False, False, True, True, False]


def test_a_country_limit_holds_that_country_beyond_it(client, petition, operator, clock):
    _add(operator, kind=Rule.Kind.COUNTRY, value="fr", limit=1, window_seconds=3600, effect=Rule.Effect.QUARANTINE)
    sign(client, petition, country="FR", ip="192.0.2.1")
    sign(client, petition, country="FR", ip="192.0.2.2")
    sign(client, petition, country="DE", ip="192.0.2.3")
    assert _held(petition) == [False, True, False]


def test_a_petition_rule_leaves_other_petitions_alone(client, petition, operator, clock):
    from tests.factories import make_petition

    other = make_petition(organization=petition.organization)
    _add(operator, kind=Rule.Kind.NETWORK, value="198.51.100.0/24", effect=Rule.Effect.QUARANTINE,
         organization=petition.organization, petition=petition)
    sign(client, petition, ip="198.51.100.7")
    sign(client, other, ip="198.51.100.7")
    assert _held(petition) == [True] and _held(other) == [False]


def test_an_organization_rule_leaves_other_organizations_alone(client, petition, operator, clock):
    from tests.factories import make_petition

    elsewhere = make_petition()
    _add(operator, kind=Rule.Kind.NETWORK, value="198.51.100.0/24", effect=Rule.Effect.QUARANTINE,
         organization=petition.organization)
    sign(client, petition, ip="198.51.100.7")
    sign(client, elsewhere, ip="198.51.100.7")
    assert _held(petition) == [True] and _held(elsewhere) == [False]


def test_a_switched_off_rule_stops_applying_and_both_changes_are_audited(client, petition, operator, clock):
    rule = _add(operator, kind=Rule.Kind.NETWORK, value="198.51.100.0/24", effect=Rule.Effect.QUARANTINE)
    version = RulesVersion.objects.get().number
    assert rule_switch_off(rule=rule, actor=operator) is True
    assert rule_switch_off(rule=rule, actor=operator) is False
    rules.forget()
    assert RulesVersion.objects.get().number == version + 1
    sign(client, petition, ip="198.51.100.7")
    assert _held(petition) == [False]
    assert list(Decision.objects.order_by("pk").values_list("action", flat=True)) == ["rule_added", "rule_off"]


def test_a_process_sees_a_new_rule_only_after_its_poll(client, petition, operator, clock, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(rules.time, "monotonic", lambda: now[0])
    assert rules.current().rules == []
    rule_add(actor=operator, kind=Rule.Kind.NETWORK, value="198.51.100.0/24", effect=Rule.Effect.QUARANTINE)
    assert rules.current().rules == []  # held in memory: no query for each signature
    now[0] += rules.POLL_SECONDS
    assert [r.value for r in rules.current().rules] == ["198.51.100.0/24"]


@pytest.mark.parametrize("fields", [
    {"kind": "network", "value": "not-a-network", "effect": "quarantine"},
    {"kind": "network_rate", "effect": "quarantine"},
    {"kind": "network_rate", "limit": 5, "window_seconds": 60, "effect": "allow"},
    {"kind": "address", "address": "", "effect": "quarantine"},
    {"kind": "country", "value": "France", "limit": 1, "window_seconds": 60, "effect": "quarantine"},
])
def test_it_refuses_a_rule_that_cannot_work(operator, fields):
    with pytest.raises(RuleRefused):
        rule_add(actor=operator, **fields)
    assert Rule.objects.count() == 0


def test_a_refusing_rate_does_not_refuse_the_retry_of_an_attempt_the_server_failed_to_store(
    client, petition, operator, clock, monkeypatch
):
    """Issue #11: what a failed attempt counted is given back, the defence rules' counters too."""
    from django.db import DatabaseError

    from tests.signatures.test_signing import _failing_inserts

    _add(operator, kind=Rule.Kind.NETWORK_RATE, limit=1, window_seconds=3600, effect=Rule.Effect.REFUSE)
    _failing_inserts(monkeypatch, 1)
    with pytest.raises(DatabaseError):
        sign(client, petition, ip="198.51.100.7")
    assert stored(petition) == 0
    assert sign(client, petition, ip="198.51.100.7").status_code == 302  # the first that counts
    assert sign(client, petition, ip="198.51.100.7").status_code == 429  # and the rule still holds
    assert stored(petition) == 1


def test_a_refusing_rate_lets_exactly_its_limit_through_however_hard_it_is_pushed(client, petition, operator, clock):
    _add(operator, kind=Rule.Kind.NETWORK_RATE, limit=3, window_seconds=3600, effect=Rule.Effect.REFUSE)
    answers = [sign(client, petition, ip="198.51.100.7").status_code for _ in range(8)]
    assert answers == [302, 302, 302, 429, 429, 429, 429, 429]
    clock.advance(3600 + 1800)  # half of the previous window still counts: 3 * 0.5 = 1.5
    assert [sign(client, petition, ip="198.51.100.7").status_code for _ in range(2)] == [302, 429]
