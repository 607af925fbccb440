"""The Redis cache reuses one client per process; the country choices are prepared once."""

import uuid

import pytest
from django.core.cache import cache, caches

from awaz.core.cache import RedisCache
from awaz.signatures.forms import SignatureForm, country_choices, sign_form_scope


def test_it_reuses_one_redis_client():
    if not isinstance(caches["default"], RedisCache):
        pytest.skip("the suite runs without REDIS_URL here; CI's PostgreSQL run sets it")
    backend = caches["default"]
    assert backend._cache.get_client() is backend._cache.get_client()
    cache.set("awaz:test:reuse", 1, 5)
    assert cache.get("awaz:test:reuse") == 1


def test_it_prepares_country_choices_once_per_language():
    assert country_choices("fr") is country_choices("fr")
    assert ("DE", "Allemagne") in list(country_choices("fr"))
    assert list(country_choices("fr"))[0] == ("", "Choisissez votre pays")


def test_it_still_refuses_an_unknown_country():
    form = SignatureForm({"country": "XX"}, petition_scope=sign_form_scope(1), language="en")
    form.is_valid()
    assert "Select a valid choice" in str(form.errors["country"])


def test_it_counts_rate_limits_in_one_redis_round_trip_when_redis_is_configured(monkeypatch):
    from awaz.core import ratelimit

    if not isinstance(caches["default"], RedisCache):
        pytest.skip("the suite runs without REDIS_URL here; CI's PostgreSQL run sets it")
    commands = []
    client = caches["default"]._cache.get_client(write=True)
    real = type(client).execute_command

    def recording(self, *args, **kwargs):
        commands.append(args[0])
        return real(self, *args, **kwargs)

    monkeypatch.setattr(type(client), "execute_command", recording)
    rules = [ratelimit.Rule(name=f"test-{n}", window=60, limit=5) for n in range(3)]
    key = uuid.uuid4().hex  # fresh counters, whatever earlier runs left in this Redis
    ratelimit.consume([(rule, key) for rule in rules])  # the first call may load the script
    commands.clear()
    outcome = ratelimit.consume([(rule, key) for rule in rules], reads=["some-flag"])
    assert outcome.allowed and outcome.counts == {f"test-{n}": 2 for n in range(3)}
    assert commands == ["EVALSHA"]  # three counters and a read: one command, one round trip
