"""Concurrent confirmations crossing one threshold together, on PostgreSQL, each thread on its
own connection: the threshold acts exactly once.

SQLite runs one writer at a time, so there is no race to test there.
"""

import threading

import pytest
from django.core import mail
from django.db import connection

from awaz.outcomes import services
from awaz.outcomes.models import AuditEntry, Campaign, CampaignTeam, Threshold
from awaz.signatures.services import LinkState, signature_confirm
from tests.factories import make_pending_signature, make_petition, make_target, make_threshold
from tests.factories import make_signature
from tests.fraud.test_invalidate_concurrency import Worker

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"),
]

CONFIRMERS = 8
WAIT = 20


def test_it_acts_once_when_concurrent_confirmations_cross_a_threshold_together(monkeypatch):
    petition = make_petition()
    CampaignTeam.objects.create(organization=petition.organization, alert_emails="team@org.example")
    target = make_target(petition)
    threshold = make_threshold(petition, 10, alert_team=True, email_targets=True, mark_ready=True)
    for i in range(8):
        make_signature(petition, email=f"before{i}@example.org")
    tokens = [make_pending_signature(petition, email=f"racer{i}@example.org")[1] for i in range(CONFIRMERS)]
    mail.outbox.clear()

    # Every confirmation thread starts at once; every one that reaches the claim waits there
    # (up to a second) for the others, so several claims really run together.
    start = threading.Barrier(CONFIRMERS, timeout=WAIT)
    claimers, claimers_lock, crowd = [], threading.Lock(), threading.Event()
    real_claim = services._claim_threshold

    def claim_in_a_crowd(threshold, count):
        with claimers_lock:
            claimers.append(count)
            if len(claimers) >= 3:
                crowd.set()
        crowd.wait(1.0)
        return real_claim(threshold, count)

    monkeypatch.setattr(services, "_claim_threshold", claim_in_a_crowd)

    def confirm(token):
        start.wait()
        return signature_confirm(token=token)[0]

    workers = [Worker(lambda token=token: confirm(token)) for token in tokens]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(WAIT)
        assert worker.error is None, worker.error
    assert [w.result for w in workers] == [LinkState.VALID] * CONFIRMERS

    assert len(claimers) >= 2, "the claims did not race"
    threshold.refresh_from_db()
    assert threshold.reached_at is not None and threshold.reached_count >= 10
    assert AuditEntry.objects.filter(petition=petition, action="threshold").count() == 1
    assert AuditEntry.objects.filter(petition=petition, action="ready").count() == 1
    assert Campaign.objects.get(petition=petition).ready_to_deliver_at is not None
    assert [m.to for m in mail.outbox if m.to == [target.email]] == [[target.email]]
    assert [m.to for m in mail.outbox if m.to == ["team@org.example"]] == [["team@org.example"]]
    assert Threshold.objects.filter(petition=petition, reached_at__isnull=False).count() == 1
