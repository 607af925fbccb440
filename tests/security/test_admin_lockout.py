"""Issue #10 item 8: an outsider cannot lock the real user out. Failures are throttled per
network, and a locked account never refuses the right password and code from a network that
has not failed; guessing stays bounded as before."""

from tests.security.helpers import CODE, submit_code, submit_password, wrong_code

ATTACKER = {"REMOTE_ADDR": "203.0.113.9"}
OWNER = {"REMOTE_ADDR": "198.51.100.7"}



def test_it_lets_the_owner_in_after_an_attacker_locked_the_account(client, superuser, enrolled, staff_password):
    for _ in range(5):
        submit_password(client, "boss", "guess", **ATTACKER)
    assert submit_password(client, "boss", staff_password, **ATTACKER).status_code == 429
    owner = client.__class__()
    assert submit_password(owner, "boss", staff_password, **OWNER)["Location"] == CODE
    response = submit_code(owner, enrolled, **OWNER)
    assert response.status_code == 302
    assert owner.get("/admin/", **OWNER).status_code == 200


def test_it_lets_the_owner_in_after_a_distributed_attack(client, superuser, enrolled, staff_password):
    for n in range(20):
        submit_password(client, "boss", "guess", REMOTE_ADDR=f"192.0.{n}.1")
    owner = client.__class__()
    assert submit_password(owner, "boss", staff_password, **OWNER)["Location"] == CODE
    assert submit_code(owner, enrolled, **OWNER).status_code == 302


def test_it_keeps_refusing_the_attackers_network_even_with_the_right_password(client, superuser, enrolled, staff_password):
    for _ in range(5):
        submit_password(client, "boss", "guess", **ATTACKER)
    assert submit_password(client, "boss", staff_password, **ATTACKER).status_code == 429
    assert submit_password(client, "boss", staff_password, REMOTE_ADDR="203.0.113.200").status_code == 429  # same /24


def test_it_gives_a_fresh_network_one_guess_once_the_account_is_locked(client, superuser, enrolled, staff_password):
    for n in range(5):
        submit_password(client, "boss", "guess", REMOTE_ADDR=f"192.0.{n}.1")
    assert submit_password(client, "boss", "guess", REMOTE_ADDR="192.0.50.1").status_code == 200  # counted
    assert submit_password(client, "boss", staff_password, REMOTE_ADDR="192.0.50.1").status_code == 429


def test_it_still_locks_one_network_after_five_failures_on_any_accounts(client, superuser, enrolled, staff_password):
    for n in range(5):
        submit_password(client, f"user{n}", "guess", **ATTACKER)
    assert submit_password(client, "boss", staff_password, **ATTACKER).status_code == 429
    assert submit_password(client, "boss", staff_password, **OWNER)["Location"] == CODE


def test_it_refuses_the_code_step_from_a_failing_network_of_a_locked_account(client, superuser, enrolled, staff_password):
    submit_password(client, "boss", staff_password, **OWNER)
    client.post(CODE, {"code": wrong_code(enrolled)}, **OWNER)  # the owner's network failed once
    other = client.__class__()
    for _ in range(5):
        submit_password(other, "boss", "guess", **ATTACKER)
    assert submit_code(client, enrolled, **OWNER).status_code == 429
    fresh = client.__class__()
    assert submit_password(fresh, "boss", staff_password, REMOTE_ADDR="192.0.2.44")["Location"] == CODE
    assert submit_code(fresh, enrolled, REMOTE_ADDR="192.0.2.44").status_code == 302
