"""The Redis cache reuses one client per process; the country choices are prepared once."""

import pytest
from django.core.cache import cache, caches

from awaz.core.cache import RedisCache
from awaz.signatures.forms import SignatureForm, country_choices


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
    form = SignatureForm({"country": "XX"}, petition_scope="sign:1", language="en")
    form.is_valid()
    assert "Select a valid choice" in str(form.errors["country"])


def test_it_counts_rate_limits_in_one_redis_round_trip_when_redis_is_configured(monkeypatch):
    from awaz.core import ratelimit

    if not isinstance(caches["default"], RedisCache):
        pytest.skip("the suite runs without REDIS_URL here; CI's PostgreSQL run sets it")
    single_commands = []
    client = caches["default"]._cache.get_client(write=True)
    monkeypatch.setattr(type(client), "execute_command", lambda self, *a, **k: single_commands.append(a[0]))
    rule = ratelimit.Rule(name="test", window=60, limit=5)
    outcome = ratelimit.consume([(rule, "k")])
    assert outcome.allowed
    assert single_commands == []  # everything went through the pipeline
