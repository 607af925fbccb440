"""Alerts (issue #17): a flood from one network, one domain or to one petition emails the
organization's moderators once per window, in their language, with the figures and the desk."""

import pytest
from django.core import mail

from awaz.defences import alerts
from awaz.defences.models import Alert, AlertLanguage, Rule
from awaz.defences.services import rule_add
from awaz.studio.alerts import alerts_send_due
from tests.defences.conftest import sign
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(petition):
    moderator = make_member(petition.organization, role="moderator", email="mod@example.org")
    AlertLanguage.objects.create(user=moderator.user, language="fr")
    make_member(petition.organization, role="owner", email="owner@example.org")
    make_member(petition.organization, role="editor", email="editor@example.org")
    return moderator


def _flood(client, petition, n, *, ip="198.51.100.7", domain="campus.example"):
    for i in range(n):
        assert sign(client, petition, ip=ip, email=f"f{i}-{ip}@{domain}").status_code == 302


def test_a_flood_from_one_network_alerts_the_moderators_once(client, petition, team, clock, settings):
    settings.ALERT_NETWORK_PER_HOUR = 5
    _flood(client, petition, 12)
    assert Alert.objects.filter(kind=Alert.Kind.NETWORK).count() == 1
    alert = Alert.objects.get(kind=Alert.Kind.NETWORK)
    assert alert.count == 5 and alert.threshold == 5 and len(alert.subject) == 4

    assert alerts_send_due() >= 1
    network_emails = [m for m in mail.outbox if alert.subject in m.body]
    assert sorted(m.to[0] for m in network_emails) == ["mod@example.org", "owner@example.org"]
    french = next(m for m in network_emails if m.to == ["mod@example.org"])
    assert "signatures" in french.subject and "Alerte" in french.subject
    assert f"/studio/{petition.organization.slug}/petitions/{petition.pk}/held/" in french.body
    assert "198.51.100" not in french.body  # the fraud desk's code, never the address

    mail.outbox.clear()
    _flood(client, petition, 10)
    assert alerts_send_due() == 0 and mail.outbox == []
    assert Alert.objects.filter(kind=Alert.Kind.NETWORK).count() == 1


def test_the_alert_fires_again_in_the_next_window(client, petition, team, clock, settings):
    settings.ALERT_NETWORK_PER_HOUR = 3
    _flood(client, petition, 4)
    clock.advance(2 * 3600)
    alerts.forget()  # another process, or this one after a restart: the database decides
    _flood(client, petition, 4)
    assert Alert.objects.filter(kind=Alert.Kind.NETWORK).count() == 2


def test_a_restarted_process_does_not_fire_the_same_alert_again(client, petition, team, clock, settings):
    settings.ALERT_NETWORK_PER_HOUR = 3
    _flood(client, petition, 4)
    alerts.forget()
    _flood(client, petition, 4)
    assert Alert.objects.filter(kind=Alert.Kind.NETWORK).count() == 1


def test_large_providers_and_ignored_domains_never_alert(client, petition, team, clock, settings):
    settings.ALERT_DOMAIN_PER_HOUR = 3
    settings.ALERT_IGNORED_DOMAINS = frozenset({"union.example"})
    for i, domain in enumerate(["gmail.com", "union.example"]):
        for j in range(5):
            sign(client, petition, ip=f"192.0.{i}.{j + 1}", email=f"s{j}@{domain}")
    assert not Alert.objects.filter(kind=Alert.Kind.DOMAIN).exists()
    for j in range(5):
        sign(client, petition, ip=f"192.0.9.{j + 1}", email=f"s{j}@catchall.example")
    assert Alert.objects.filter(kind=Alert.Kind.DOMAIN).count() == 1


def test_a_quiet_domain_rule_keeps_a_domain_from_alerting(client, petition, team, clock, settings):
    settings.ALERT_DOMAIN_PER_HOUR = 3
    rule_add(actor=team.user, kind=Rule.Kind.DOMAIN, value="*.uni.example", effect=Rule.Effect.QUIET,
             organization=petition.organization)
    from awaz.defences import rules

    rules.forget()
    for j in range(5):
        sign(client, petition, ip=f"192.0.2.{j + 1}", email=f"s{j}@mail.uni.example")
    assert not Alert.objects.filter(kind=Alert.Kind.DOMAIN).exists()


def test_a_petition_rate_alerts_without_a_subject(client, petition, team, clock, settings):
    settings.ALERT_PETITION_PER_HOUR = 4
    for j in range(6):
        sign(client, petition, ip=f"192.0.2.{j + 1}")
    alert = Alert.objects.get(kind=Alert.Kind.PETITION)
    assert alert.subject == ""
    alerts_send_due()
    assert any("whole petition" in m.body for m in mail.outbox)


def test_two_workers_send_an_alert_once(client, petition, team, clock, settings):
    settings.ALERT_NETWORK_PER_HOUR = 2
    _flood(client, petition, 3)
    assert alerts_send_due() == 1
    assert alerts_send_due() == 0
    assert len(mail.outbox) == 2


def test_an_alert_reaches_the_organizations_webhooks_with_its_figures_and_no_address(client, petition, team, clock, settings):
    import json

    from awaz.api.org.webhooks import endpoint_add, webhooks_run
    from tests.api.receiver import Receiver

    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.ALERT_NETWORK_PER_HOUR = 5
    owner = make_member(petition.organization, role="owner", email="owner-hook@campaign.example")
    with Receiver() as receiver:
        endpoint_add(organization=petition.organization, actor=owner.user, url=receiver.url, events=["defence.alert"])
        _flood(client, petition, 6)
        assert alerts_send_due() == 1
        webhooks_run()
    (body,) = [json.loads(raw) for _headers, raw in receiver.requests]
    alert = Alert.objects.get(kind=Alert.Kind.NETWORK)
    assert body["type"] == "defence.alert"
    assert body["data"]["alert"]["kind"] == "network" and body["data"]["alert"]["subject"] == alert.subject
    assert (body["data"]["alert"]["count"], body["data"]["alert"]["threshold"]) == (alert.count, 5)
    assert "@" not in json.dumps(body["data"])  # no signer's address, not even a domain's
