"""End to end, with the default limits: a script flooding a petition from one network is
slowed and then refused, while people on other networks sign normally."""

import pytest

from awaz.signatures.models import Signature
from tests.defences.conftest import sign
from tests.defences.test_proof_of_work import challenge, solve

pytestmark = pytest.mark.django_db

FLOOD = "198.51.100.{}"


@pytest.fixture(autouse=True)
def quick_puzzles(settings):
    # Only the size of the puzzle is made small, so the test can solve it; every limit and the
    # switch keep their defaults.
    settings.POW_COST = 1
    settings.POW_MAX_COUNTER = 20


def test_it_slows_then_refuses_a_flood_from_one_network_while_others_sign(client, petition, clock):
    statuses = []
    for n in range(300):
        # A script without JavaScript, cycling through the addresses of its /24, 10 a second.
        statuses.append(sign(client, petition, ip=FLOOD.format(n % 250 + 1), email=f"bot{n}@catchall.example").status_code)
        clock.advance(0.1)

    accepted = statuses.count(302)
    # The quiet petition's first 30 go through; then the surge switches on the proof of work, and
    # the script, which does not do it, gets only the small allowance for unsolved signatures.
    assert accepted == 30 + 20
    assert statuses[:accepted] == [302] * accepted
    assert set(statuses[accepted:]) == {429}
    assert Signature.objects.filter(petition=petition).count() == accepted

    # People elsewhere still sign: in a browser that does the work, or without JavaScript.
    assert sign(client, petition, ip="203.0.113.20", email="amina@gmail.com",
                altcha=solve(challenge(client, petition))).status_code == 302
    assert sign(client, petition, ip="2001:db8:77::5", email="erkin@gmail.com").status_code == 302

    # A script that does the work is slowed by it, and still stops at the network's burst limit.
    solved = [
        sign(client, petition, ip=FLOOD.format(7), email=f"worker{n}@catchall.example",
             altcha=solve(challenge(client, petition))).status_code
        for n in range(20)
    ]
    assert solved == [302] * 10 + [429] * 10  # 60 a minute from one network, by default

    refused = sign(client, petition, ip=FLOOD.format(9), email="again@catchall.example")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
