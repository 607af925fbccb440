"""Thresholds: reached once, with the actions the campaign chose, audited, with no signer data."""

from itertools import count

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from awaz.outcomes import services
from awaz.outcomes.models import AuditEntry, Campaign, CampaignTeam, Threshold
from tests.factories import make_target, make_threshold
from tests.factories import make_signature

pytestmark = pytest.mark.django_db(transaction=True)


_numbers = count(1)


def _sign(petition, n, **kwargs):
    numbers = [next(_numbers) for _ in range(n)]
    return [make_signature(petition, name=f"Secret Signer {i}", email=f"secret{i}@example.org", **kwargs) for i in numbers]


def test_it_reaches_a_threshold_when_a_confirmation_crosses_it(petition):
    threshold = make_threshold(petition, 3, alert_team=False)
    _sign(petition, 2)
    threshold.refresh_from_db()
    assert threshold.reached_at is None
    _sign(petition, 1)
    threshold.refresh_from_db()
    assert threshold.reached_at is not None and threshold.reached_count == 3
    assert AuditEntry.objects.filter(petition=petition, action="threshold").count() == 1


def test_it_emails_the_targets_the_count_and_the_text_but_no_signer(petition):
    CampaignTeam.objects.create(organization=petition.organization, reply_to="campaign@org.example")
    target = make_target(petition)
    make_target(petition, email="")  # not emailed
    make_threshold(petition, 2, alert_team=False, email_targets=True)
    signers = _sign(petition, 2)
    sent = [m for m in mail.outbox if m.to == [target.email]]
    assert len(sent) == 1, [m.to for m in mail.outbox]
    message = sent[0]
    assert message.reply_to == ["campaign@org.example"]
    assert "Protect the data of a whole people" in message.subject
    html = message.alternatives[0][0]
    for part in (message.subject, message.body, html):
        assert "Read" in part or "people" in part
        for signer in signers:
            assert signer.name not in part and signer.email not in part
    assert "2" in message.body and "Read this" in message.body.replace("**", "")


def test_it_alerts_the_team_and_marks_the_petition_ready(petition):
    CampaignTeam.objects.create(organization=petition.organization, alert_emails="team@org.example\nlead@org.example")
    make_threshold(petition, 1, alert_team=True, mark_ready=True)
    _sign(petition, 1)
    alerts = [m for m in mail.outbox if m.to[0] in ("team@org.example", "lead@org.example")]
    assert sorted(m.to[0] for m in alerts) == ["lead@org.example", "team@org.example"]
    assert "1" in alerts[0].subject
    assert Campaign.objects.get(petition=petition).ready_to_deliver_at is not None
    assert set(AuditEntry.objects.filter(petition=petition).values_list("action", flat=True)) == {"threshold", "ready"}


def test_it_alerts_the_owners_when_the_team_has_no_addresses(petition):
    get_user_model().objects.create_superuser("owner", "owner@awaz.example", "a long password 123")
    make_threshold(petition, 1)
    _sign(petition, 1)
    assert [m.to for m in mail.outbox if m.to == ["owner@awaz.example"]] == [["owner@awaz.example"]]


def test_it_never_reaches_a_threshold_twice(petition):
    threshold = make_threshold(petition, 1, alert_team=False, email_targets=True)
    target = make_target(petition)
    _sign(petition, 3)
    assert services.thresholds_check(petition_id=petition.pk) == []
    assert len([m for m in mail.outbox if m.to == [target.email]]) == 1
    assert Threshold.objects.get(pk=threshold.pk).reached_count == 1


def test_a_threshold_set_below_the_count_is_reached_by_the_sweep(petition):
    from awaz.outcomes.tasks import sweep_thresholds

    _sign(petition, 2)
    threshold = make_threshold(petition, 2, alert_team=False)
    sweep_thresholds.call_local()
    threshold.refresh_from_db()
    assert threshold.reached_count == 2


def test_withdrawals_below_a_reached_threshold_do_not_reach_it_again(petition):
    from awaz.signatures.services import signature_erase

    threshold = make_threshold(petition, 2, alert_team=False)
    signers = _sign(petition, 2)
    first = Threshold.objects.get(pk=threshold.pk).reached_at
    signature_erase(signature=signers[0])
    _sign(petition, 1)
    assert Threshold.objects.get(pk=threshold.pk).reached_at == first
    assert AuditEntry.objects.filter(action="threshold").count() == 1


def test_without_team_addresses_the_organizations_owners_and_editors_are_alerted(petition):
    from awaz.studio.models import Membership

    users = get_user_model().objects
    for username, role in (("org-owner", "owner"), ("org-editor", "editor"), ("org-viewer", "viewer")):
        user = users.create_user(username, f"{username}@org.example", "a long password 123")
        Membership.objects.create(organization=petition.organization, user=user, role=role)
    users.create_superuser("site-owner", "site-owner@awaz.example", "a long password 123")
    make_threshold(petition, 1)
    _sign(petition, 1)
    alerted = sorted(m.to[0] for m in mail.outbox if m.to[0].endswith(("org.example", "awaz.example")))
    assert alerted == ["org-editor@org.example", "org-owner@org.example"]


def test_each_team_member_is_alerted_in_the_language_they_chose_for_alerts(petition):
    from awaz.defences.models import AlertLanguage
    from awaz.studio.models import Membership

    users = get_user_model().objects
    for username, language in (("arabic-owner", "ar"), ("french-editor", "fr"), ("unset-editor", None)):
        user = users.create_user(username, f"{username}@org.example", "a long password 123")
        Membership.objects.create(organization=petition.organization, user=user,
                                  role="owner" if username.endswith("owner") else "editor")
        if language:
            AlertLanguage.objects.create(user=user, language=language)
    make_threshold(petition, 1)
    _sign(petition, 1)
    subjects = {m.to[0].split("@")[0]: m.subject for m in mail.outbox if m.to[0].endswith("org.example")}
    assert set(subjects) == {"arabic-owner", "french-editor", "unset-editor"}
    assert "signatures" in subjects["unset-editor"]  # the site's language, English
    assert "signatures" not in subjects["arabic-owner"] and "توقيع" in subjects["arabic-owner"]
    assert "signatures" in subjects["french-editor"] and "atteint" in subjects["french-editor"]
