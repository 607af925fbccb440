"""A rule saved while signatures pour in applies on every app server within 10 seconds, without a
restart (issue #17): two real `awaz serve` processes, each signing under load, on one database."""

import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model

from awaz.core.public_forms import issue_form_token
from awaz.defences.models import Rule
from awaz.defences.services import rule_add
from awaz.signatures.forms import sign_form_scope
from awaz.signatures.models import Signature
from awaz.signatures.services import email_index_for
from tests.deploy.test_nginx import NoRedirect
from tests.deploy.test_serve import running_server
from tests.factories import make_petition

pytestmark = pytest.mark.django_db(transaction=True)

LOAD = {
    # The load comes from one address (127.0.0.1): the environment's own limits and the proof
    # of work would refuse it, and this test is about the moderators' rules.
    "AWAZ_RATE_NETWORK_PER_MINUTE": "0", "AWAZ_RATE_NETWORK_PER_HOUR": "0", "AWAZ_RATE_DOMAIN_PER_HOUR": "0",
    "AWAZ_POW_MODE": "never",
}
BEFORE_RULE = 3.0  # seconds of load before the rule is saved
AFTER_RULE = 12.0  # and after
WITHIN = 10.0


def _load(base, petition, name, stop, sent):
    opener = urllib.request.build_opener(NoRedirect)
    n = 0
    while not stop.is_set():
        n += 1
        email = f"{name}-{n}@load.example"
        body = urlencode({"name": "Load Signer", "email": email, "country": "DE",
                          "form_token": issue_form_token(sign_form_scope(petition.pk))}).encode()
        at = time.monotonic()
        try:
            opener.open(urllib.request.Request(f"{base}/en/petitions/{petition.slug}/sign/", data=body), timeout=10)
            code = 200
        except urllib.error.HTTPError as answer:
            code = answer.code
        sent.append((name, at, email, code))


def test_a_rule_saved_under_load_applies_on_both_servers_within_10_seconds(transactional_db, tmp_path):
    petition = make_petition()
    operator = get_user_model().objects.create_user(username="operator", email="op@example.org", is_staff=True)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    sent: list[tuple[str, float, str, int]] = []
    stop = threading.Event()
    with running_server(tmp_path / "a", **LOAD) as (first, _), running_server(tmp_path / "b", **LOAD) as (second, _):
        threads = [threading.Thread(target=_load, args=(base, petition, name, stop, sent), daemon=True)
                   for base, name in ((first, "a"), (second, "b"))]
        for thread in threads:
            thread.start()
        time.sleep(BEFORE_RULE)
        rule_add(actor=operator, kind=Rule.Kind.NETWORK, value="127.0.0.0/8", effect=Rule.Effect.QUARANTINE)
        saved_at = time.monotonic()
        time.sleep(AFTER_RULE)
        stop.set()
        for thread in threads:
            thread.join(15)

    held = {s.email_index: s.held_at is not None for s in Signature.objects.filter(petition=petition)}
    for name in ("a", "b"):
        mine = sorted((at, email, code) for server, at, email, code in sent if server == name)
        assert all(code == 302 for _at, _email, code in mine), "every signature is answered as usual"
        outcome = [(at, held[email_index_for(email)]) for at, email, _code in mine]
        before = [was_held for at, was_held in outcome if at < saved_at - 1]
        assert before and not any(before), f"server {name} held signatures before the rule existed"
        # The first request from which every later one was held: the rule's arrival on this server.
        late = [at for at, was_held in outcome if not was_held]
        arrived = max(late) if late else saved_at
        after = [at for at, _was_held in outcome if at > arrived]
        assert after, f"server {name} took no signature after the rule applied"
        assert arrived - saved_at <= WITHIN, f"server {name} applied the rule after {arrived - saved_at:.1f} s"
