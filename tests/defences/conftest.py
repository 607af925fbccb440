"""Helpers for the signing defences: a movable clock, and a visitor posting the sign form."""

import itertools

import pytest

from awaz.core import ratelimit
from awaz.signatures.models import Signature
from tests.factories import sign_form_data

_emails = itertools.count(1)


class Clock:
    """Stands in for awaz.core.ratelimit.now, which every window and the switch read."""

    def __init__(self, start: float):
        self.value = start

    def __call__(self) -> float:
        return self.value

    def advance(self, seconds: float) -> None:
        self.value += seconds


@pytest.fixture
def clock(monkeypatch):
    # A whole hour (and minute) of Unix time, so windows start where a test expects them to.
    fake = Clock(1_800_000_000.0)
    monkeypatch.setattr(ratelimit, "now", fake)
    return fake


def form_data(petition, **overrides) -> dict:
    """The sign form of tests/factories.py, from a new address each time."""
    return sign_form_data(petition, **{"name": "Dilnur Ablimit", "email": f"signer{next(_emails)}@campus.example", **overrides})


def sign(client, petition, *, ip: str = "198.51.100.7", language: str = "en", headers: dict | None = None, **fields):
    """Post the sign form from an address, as a browser on that network would."""
    url = f"/{language}/petitions/{petition.slug}/sign/"
    return client.post(url, form_data(petition, **fields), REMOTE_ADDR=ip, **(headers or {}))


def stored(petition) -> int:
    return Signature.objects.filter(petition=petition).count()
