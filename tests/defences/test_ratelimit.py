"""The sliding-window counters behind every signing limit."""

from awaz.core import ratelimit
from awaz.core.email_domains import is_large_provider, registrable_domain
from awaz.core.ratelimit import Rule, consume, retry_after

RULE = Rule("test-minute", 3, 60)


def test_it_allows_up_to_the_limit_and_refuses_the_next(clock):
    outcomes = [consume([(RULE, "k")]) for _ in range(4)]

    assert [o.allowed for o in outcomes] == [True, True, True, False]
    assert outcomes[-1].refused_by == "test-minute"


def test_it_keeps_other_keys_apart(clock):
    for _ in range(3):
        consume([(RULE, "one")])

    assert not consume([(RULE, "one")]).allowed
    assert consume([(RULE, "two")]).allowed


def test_it_resets_once_the_window_has_slid_past(clock):
    for _ in range(3):
        consume([(RULE, "k")])
    clock.advance(60)  # the full bucket is now the previous one, still weighing fully
    assert not consume([(RULE, "k")]).allowed

    clock.advance(60)  # two windows later nothing is left of it

    assert all(consume([(RULE, "k")]).allowed for _ in range(3))


def test_it_lets_the_previous_window_fade_gradually(clock):
    for _ in range(3):
        consume([(RULE, "k")])
    clock.advance(60 + 40)  # the previous bucket weighs 20/60 of its 3: one signature's worth

    assert [consume([(RULE, "k")]).allowed for _ in range(3)] == [True, True, False]


def test_it_says_when_to_come_back(clock):
    for _ in range(3):
        consume([(RULE, "k")])
    clock.advance(30)

    refused = consume([(RULE, "k")])

    assert refused.retry_after == 30 + 20  # the end of this minute, then a third of the next
    clock.advance(refused.retry_after)
    assert consume([(RULE, "k")]).allowed


def test_it_does_not_count_a_refused_request_anywhere(clock):
    generous = Rule("generous", 100, 60)
    for _ in range(3):
        consume([(RULE, "k"), (generous, "g")])

    refused = consume([(RULE, "k"), (generous, "g")])
    allowed = consume([(generous, "g")])

    assert not refused.allowed
    assert allowed.counts["generous"] == 4  # three earlier ones and this one, not the refused one


def test_it_switches_a_rule_off_with_zero(clock):
    off = Rule("off", 0, 60)

    assert all(consume([(off, "k")]).allowed for _ in range(10))


def test_it_counts_without_refusing_for_count_only_rules(clock):
    watch = Rule("watch", 0, 300, count_only=True)
    for _ in range(5):
        outcome = consume([(watch, "k")])

    assert outcome.allowed
    assert outcome.counts["watch"] == 5


def test_it_computes_the_wait_within_the_current_window():
    # 10 in the previous minute, 2 now, limit 5, 15 s into this minute: 10*(45-t)/60 + 3 <= 5.
    assert retry_after(previous=10, current=2, elapsed=15, window=60, limit=5) == 33


def test_it_groups_subdomains_under_the_registrable_domain():
    assert registrable_domain("a1.flood.example") == "flood.example"
    assert registrable_domain("mail.ox.ac.uk") == "ox.ac.uk"
    assert registrable_domain("gmail.com") == "gmail.com"


def test_it_treats_configured_domains_as_large_providers(settings):
    settings.RATE_LARGE_DOMAINS = frozenset({"uni-example.edu"})

    assert is_large_provider("gmail.com")
    assert is_large_provider("uni-example.edu")
    assert not is_large_provider("flood.example")
