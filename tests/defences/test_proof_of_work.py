"""The proof of work: off for a normal petition, on after an abnormal burst, checked on signing."""

import base64
import json

import altcha
import pytest

from awaz.signatures import proof_of_work
from tests.defences.conftest import sign, stored

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick_work(settings):
    # Tiny puzzles, so the test solves them in milliseconds; the checks are the same.
    settings.POW_COST = 1
    settings.POW_MAX_COUNTER = 20
    settings.POW_MIN_BURST = 10
    settings.POW_SURGE_FACTOR = 4
    settings.POW_ABSOLUTE = 0
    settings.POW_COOLDOWN_SECONDS = 1800
    settings.RATE_NETWORK_UNSOLVED_PER_HOUR = 2


def challenge(client, petition) -> dict:
    """What the widget fetches: a challenge, whether or not the switch is on."""
    response = client.get(f"/en/petitions/{petition.slug}/challenge.json?issue=1")
    assert response.status_code == 200
    return response.json()


def solve(data: dict) -> str:
    found = altcha.Challenge.from_dict(data)
    solution = altcha.solve_challenge(found)
    return base64.b64encode(json.dumps({"challenge": data, "solution": solution.to_dict()}).encode()).decode()


def burst(client, petition, n: int) -> None:
    """n signatures from n different networks within a minute: a surge on a quiet petition."""
    for i in range(n):
        assert sign(client, petition, ip=f"10.{i // 250}.{i % 250}.1").status_code == 302


def switch_on(client, petition) -> None:
    burst(client, petition, 10)
    assert challenge(client, petition)["required"] is True


def test_it_asks_for_no_work_on_a_normal_petition(client, petition, clock):
    burst(client, petition, 9)  # below the minimum burst

    assert challenge(client, petition)["required"] is False
    assert sign(client, petition).status_code == 302


def test_it_answers_the_browsers_probe_without_work_while_off(client, petition, clock):
    response = client.get(f"/en/petitions/{petition.slug}/challenge.json")

    assert response.json() == {"required": False}
    assert response["Cache-Control"] == "no-store"


def test_it_sends_a_challenge_with_the_probe_while_on(client, petition, clock, settings):
    settings.POW_MODE = "always"

    data = client.get(f"/en/petitions/{petition.slug}/challenge.json").json()

    assert data["required"] is True
    assert data["parameters"]["algorithm"] == "PBKDF2/SHA-256"


def test_it_serves_challenges_that_nobody_may_cache(client, petition, clock):
    response = client.get(f"/en/petitions/{petition.slug}/challenge.json?issue=1")

    assert response["Cache-Control"] == "no-store"
    assert response.json()["parameters"]["data"] == {"petition": petition.pk}
    assert response.json()["parameters"]["nonce"] != challenge(client, petition)["parameters"]["nonce"]


def test_it_switches_on_after_an_abnormal_burst(client, petition, clock):
    switch_on(client, petition)


def test_it_stays_off_for_a_steady_busy_petition(client, petition, clock, settings):
    settings.RATE_NETWORK_UNSOLVED_PER_HOUR = 0
    # 10 signatures every 5 minutes for two hours: busy, but what this petition always does.
    # (Its launch, from nothing to 10 in 5 minutes, is a surge and switches on for a while.)
    for round in range(24):
        for i in range(10):
            assert sign(client, petition, ip=f"10.1.{i}.1", email=f"steady{round}-{i}@gmail.com").status_code == 302
        clock.advance(300)

    assert challenge(client, petition)["required"] is False
    # A sudden jump to five times the usual rate is abnormal again.
    for i in range(50):
        sign(client, petition, ip=f"10.2.{i}.1", email=f"jump{i}@gmail.com")
    assert challenge(client, petition)["required"] is True


def test_it_switches_on_above_the_absolute_threshold_whatever_the_past(client, petition, clock, settings):
    settings.POW_ABSOLUTE = 5
    settings.POW_MIN_BURST = 1000

    burst(client, petition, 5)

    assert challenge(client, petition)["required"] is True


def test_it_switches_off_after_the_cool_down(client, petition, clock):
    switch_on(client, petition)

    clock.advance(1799)
    assert challenge(client, petition)["required"] is True
    clock.advance(2)
    assert challenge(client, petition)["required"] is False


def test_it_accepts_a_valid_solution(client, petition, clock):
    switch_on(client, petition)
    before = stored(petition)

    for _ in range(4):  # more than the allowance for unsolved signatures
        response = sign(client, petition, altcha=solve(challenge(client, petition)))
        assert response.status_code == 302
    assert stored(petition) == before + 4


def test_it_refuses_a_replayed_solution(client, petition, clock):
    switch_on(client, petition)
    payload = solve(challenge(client, petition))
    assert sign(client, petition, altcha=payload).status_code == 302

    response = sign(client, petition, altcha=payload, ip="203.0.113.50")

    assert response.status_code == 400
    assert b"automatic check against fake signatures did not succeed" in response.content


def test_it_refuses_a_tampered_solution(client, petition, clock):
    switch_on(client, petition)
    data = challenge(client, petition)
    payload = json.loads(base64.b64decode(solve(data)))
    payload["solution"]["derivedKey"] = "00" * 32
    before = stored(petition)

    response = sign(client, petition, altcha=base64.b64encode(json.dumps(payload).encode()).decode())

    assert response.status_code == 400
    assert stored(petition) == before


def test_it_refuses_a_challenge_signed_for_another_petition(client, petition, clock):
    from tests.factories import make_petition

    switch_on(client, petition)
    other = make_petition()

    response = sign(client, petition, altcha=solve(challenge(client, other)))

    assert response.status_code == 400


def test_it_refuses_an_expired_solution(client, petition, clock, settings):
    switch_on(client, petition)
    settings.POW_CHALLENGE_SECONDS = 60
    payload = solve(challenge(client, petition))

    clock.advance(61)
    response = sign(client, petition, altcha=payload)

    assert response.status_code == 400


def test_it_refuses_garbage_in_the_solution_field(client, petition, clock):
    switch_on(client, petition)

    assert sign(client, petition, altcha="not base64 {").status_code == 400
    assert sign(client, petition, altcha="x" * 5000).status_code == 400


def test_it_accepts_signatures_without_javascript_within_the_stricter_limit(client, petition, clock):
    switch_on(client, petition)
    before = stored(petition)

    statuses = [sign(client, petition, ip="192.0.2.10").status_code for _ in range(3)]

    assert statuses == [302, 302, 429]
    assert stored(petition) == before + 2
    # Another network has its own allowance, and a solved signature is not held back at all.
    assert sign(client, petition, ip="192.0.3.10").status_code == 302
    assert sign(client, petition, ip="192.0.2.10", altcha=solve(challenge(client, petition))).status_code == 302


def test_it_explains_the_stricter_limit_on_the_429_page(client, petition, clock):
    switch_on(client, petition)
    for _ in range(2):
        sign(client, petition, ip="192.0.2.10")

    response = sign(client, petition, ip="192.0.2.10")

    assert response.status_code == 429
    assert b"With JavaScript turned on, you can sign without waiting." in response.content


def test_it_can_be_forced_on_or_off(client, petition, clock, settings):
    settings.POW_MODE = "always"
    assert challenge(client, petition)["required"] is True

    settings.POW_MODE = "never"
    burst(client, petition, 10)
    assert challenge(client, petition)["required"] is False


def test_it_answers_404_for_a_challenge_of_an_unknown_petition(client, db):
    assert client.get("/en/petitions/no-such-petition/challenge.json").status_code == 404


def test_it_verifies_in_one_step_without_redoing_the_work(petition, clock, settings):
    # The server keeps a keyed hash of the answer, so checking costs one HMAC, not the work.
    settings.POW_COST = 100000
    settings.POW_MAX_COUNTER = 2
    data = proof_of_work.challenge_create(petition_id=petition.pk)

    assert data["parameters"]["keySignature"]
