"""The defences in the admin: operators add rules and switch them off through the services."""

import pytest
from django.contrib.auth import get_user_model

from awaz.defences.models import Decision, Rule, RulesVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser(username="root", email="root@example.org", password="x" * 16)
    client.force_login(user)
    return client


def test_an_operator_adds_an_address_rule_that_keeps_no_address(admin_client):
    response = admin_client.post("/admin/defences/rule/add/", {
        "kind": "address", "address": "Someone@Example.org", "effect": "quarantine", "value": "", "note": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    rule = Rule.objects.get()
    assert rule.address_index and "someone" not in str(Rule.objects.values().get()).lower()
    assert RulesVersion.objects.get().number == 1
    assert Decision.objects.get().action == Decision.Action.RULE_ADDED


def test_a_bad_network_is_explained(admin_client):
    response = admin_client.post("/admin/defences/rule/add/", {"kind": "network", "value": "10.0.0.300/8",
                                                               "effect": "refuse", "note": ""})
    assert response.status_code == 200
    assert "Not a network" in response.content.decode()
    assert not Rule.objects.exists()


def test_the_admin_action_switches_rules_off_with_an_audit_entry(admin_client):
    from awaz.defences.services import rule_add

    rule = rule_add(actor=None, kind="domain", value="*.flood.example", effect="quarantine")
    response = admin_client.post("/admin/defences/rule/", {"action": "switch_off", "_selected_action": [rule.pk]})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.active is False
    assert Decision.objects.filter(action=Decision.Action.RULE_SWITCHED_OFF).count() == 1


def test_a_saved_rule_is_read_only(admin_client):
    from awaz.defences.services import rule_add

    rule = rule_add(actor=None, kind="domain", value="*.flood.example", effect="quarantine")
    page = admin_client.get(f"/admin/defences/rule/{rule.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
