"""The Redis cache reuses one client per process; the country choices are prepared once."""

import pytest
from django.core.cache import cache

from awaz.core.cache import RedisCache
from awaz.signatures.forms import SignatureForm, country_choices


def test_it_reuses_one_redis_client():
    if not isinstance(cache, RedisCache):
        pytest.skip("the suite runs without REDIS_URL here; CI's PostgreSQL run sets it")
    assert cache._cache.get_client() is cache._cache.get_client()
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
