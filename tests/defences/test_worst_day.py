"""Issue #17, tried as a new user would: during a flood from one network a moderator gets the alert
email (over real SMTP), opens the desk, holds the network's signatures for review, releases the
real signers among them, removes the rest, and the public count is right at every step."""

import email
import re
from email import policy

import pytest

from awaz.signatures.models import Signature
from awaz.studio.alerts import alerts_send_due
from tests.defences.helpers import public_numbers
from tests.factories import make_member, make_petition, sign_form_data
from tests.signatures.test_smtp import smtp_server  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

FLOOD = "198.51.100."
ELSEWHERE = "192.0.2."


def _text(message) -> str:
    parsed = email.message_from_bytes(message.as_bytes(), policy=policy.default)
    return parsed.get_body(preferencelist=("plain",)).get_content()


def _to(server, address):
    return [m for m in server.messages if m["To"] == address]


def _link(text: str, kind: str) -> str:
    return re.search(rf"https?://[^/\s]+(/[a-z-]+/{kind}/[A-Za-z0-9_-]+/)", text).group(1)


def test_the_worst_day(client, smtp_server, settings, django_capture_on_commit_callbacks):  # noqa: F811
    capture = django_capture_on_commit_callbacks
    settings.ALERT_NETWORK_PER_HOUR = 10
    petition = make_petition()
    moderator = make_member(petition.organization, role="moderator", email="desk@example.org")
    visitor = type(client)()  # the public, in its own session

    def sign(address, ip, *, confirm):
        with capture(execute=True):
            visitor.post(f"/en/petitions/{petition.slug}/sign/", sign_form_data(petition, email=address), REMOTE_ADDR=ip)
        if confirm:
            text = _text(_to(smtp_server, address)[-1])
            with capture(execute=True):
                assert visitor.post(_link(text, "confirm")).status_code == 200

    # Ordinary signers from elsewhere.
    for i in range(3):
        sign(f"early{i}@example.org", f"{ELSEWHERE}{i + 1}", confirm=True)
    assert public_numbers(visitor, petition) == {"count": 3, "data": 3, "log": 3, "removed": 0}

    # The flood: one network, addresses nobody reads (never confirmed).
    for i in range(12):
        sign(f"bot{i}@catchall.example", f"{FLOOD}{i % 250 + 1}", confirm=False)
    assert public_numbers(visitor, petition)["count"] == 3

    # The worker emails the alert; the moderator reads it.
    assert alerts_send_due() == 1
    [alert] = _to(smtp_server, "desk@example.org")
    text = _text(alert)
    assert "signatures" in alert["Subject"]
    code = re.search(r"\): ([0-9a-f]{4})", text).group(1)
    rule_path = re.search(r"https?://[^/\s]+(/studio/\S+/defences/\?\S+)", text).group(1)
    queue_path = re.search(r"https?://[^/\s]+(/studio/\S+/held/)", text).group(1)
    assert alerts_send_due() == 0  # once per window

    # The moderator opens the link: the rule form comes filled in with the network's code.
    client.force_login(moderator.user)
    page = client.get(rule_path)
    assert page.status_code == 200 and f'value="{code}"' in page.content.decode()
    with capture(execute=True):  # the commit: this process reads the rules again at once, others within 2 s
        response = client.post(rule_path, {"form": "rule", "kind": "network_tag", "value": code, "window": "3600",
                                           "effect": "quarantine", "petition": str(petition.pk)}, follow=True)
    assert "Rule saved" in response.content.decode()

    # The flood goes on, held; three real people on that network sign and confirm, held too.
    for i in range(12, 30):
        sign(f"bot{i}@catchall.example", f"{FLOOD}{i % 250 + 1}", confirm=False)
    for i in range(3):
        sign(f"real{i}@example.org", f"{FLOOD}{200 + i}", confirm=True)
    sign("late@example.org", f"{ELSEWHERE}99", confirm=True)
    assert public_numbers(visitor, petition) == {"count": 4, "data": 4, "log": 4, "removed": 0}
    assert Signature.objects.held().filter(petition=petition).count() == 21

    # The desk: release the ones their signers confirmed.
    queue = client.get(queue_path + "?confirmed=yes").content.decode()
    assert "3 signatures held for review." in queue
    with capture(execute=True):
        client.post(queue_path + "?confirmed=yes", {"decision": "release", "everything": "on", "confirmed": "yes"})
    assert public_numbers(visitor, petition) == {"count": 7, "data": 7, "log": 7, "removed": 0}

    # And remove the rest as a flood: shown publicly, the count unchanged.
    response = client.post(queue_path, {"decision": "remove", "everything": "on", "reason": "flood"}, follow=True)
    assert "18 signatures removed." in response.content.decode()
    assert public_numbers(visitor, petition) == {"count": 7, "data": 7, "log": 7, "removed": 18}
    page = visitor.get(f"/en/petitions/{petition.slug}/").content.decode()
    assert "18 signatures were removed as fraudulent" in page
