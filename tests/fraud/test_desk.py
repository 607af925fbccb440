"""The fraud desk: who signs a petition in bulk, shown to staff without any address."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from awaz.core.network import email_domain_label
from awaz.fraud import desk
from awaz.fraud.criteria import Criteria
from awaz.signatures.models import Signature
from tests.factories import sign_form_data
from tests.factories import make_signature, staff_user

FLOOD_NET = "3f0a"
HOME_NET = "1a2b"


def desk_url(petition):
    return reverse("admin:fraud_desk", args=[petition.pk])


def test_it_shows_the_busiest_networks_and_domains_of_the_last_hour(client, petition):
    for _ in range(3):
        make_signature(petition, network=FLOOD_NET, domain="spam.example")
    make_signature(petition, network=FLOOD_NET, domain="spam.example", confirmed=False)
    make_signature(petition, network=HOME_NET, domain="real.example")
    client.force_login(staff_user("fraud.view_invalidation"))
    response = client.get(desk_url(petition))
    assert response.status_code == 200
    hour = response.context["periods"][0]
    networks = [(row.key, row.total, row.confirmed, row.unconfirmed) for row, _ in hour["networks"]]
    assert networks == [(FLOOD_NET, 4, 3, 1), (HOME_NET, 1, 1, 0)]
    domains = [(row.key, row.total) for row, _ in hour["domains"]]
    assert domains == [(email_domain_label("spam.example"), 4), (email_domain_label("real.example"), 1)]
    html = response.content.decode()
    assert FLOOD_NET in html
    assert email_domain_label("spam.example") in html
    assert "spam.example" not in html  # a small domain is known by its tag only


def test_it_counts_older_signatures_in_the_day_but_not_in_the_hour(client, petition):
    make_signature(petition, network=FLOOD_NET, created_at=timezone.now() - timedelta(hours=3))
    make_signature(petition, network=FLOOD_NET, created_at=timezone.now() - timedelta(days=2))
    client.force_login(staff_user("fraud.view_invalidation"))
    hour, day = client.get(desk_url(petition)).context["periods"]
    assert hour["totals"].total == 0
    assert day["totals"].total == 1
    assert [row.total for row, _ in day["networks"]] == [1]


def test_it_never_shows_a_network_address(client, petition):
    response = client.post(f"/en/petitions/{petition.slug}/sign/", sign_form_data(petition), REMOTE_ADDR="203.0.113.77")
    assert response.status_code == 302
    signature = Signature.objects.get()
    client.force_login(staff_user("fraud.view_invalidation"))
    html = client.get(desk_url(petition)).content.decode()
    assert len(signature.network_hash) == 4 and signature.network_hash in html
    assert "203.0.113" not in html


def test_it_counts_signatures_per_ten_minutes(petition):
    now = timezone.now().replace(minute=35, second=0, microsecond=0)
    make_signature(petition, created_at=now - timedelta(minutes=1))  # 10:30-10:40 bucket
    make_signature(petition, created_at=now - timedelta(minutes=4), confirmed=False)  # same bucket
    make_signature(petition, created_at=now - timedelta(minutes=6))  # 10:20-10:30
    make_signature(petition, created_at=now - timedelta(hours=7))  # outside the table
    buckets = desk.volumes(petition, now=now)
    assert len(buckets) == 36
    assert buckets[-1].start == now.replace(minute=30)
    assert (buckets[-1].total, buckets[-1].confirmed, buckets[-1].unconfirmed) == (2, 1, 1)
    assert (buckets[-2].start, buckets[-2].total) == (now.replace(minute=20), 1)
    assert sum(b.total for b in buckets) == 3


def test_it_narrows_volumes_to_a_network(petition):
    now = timezone.now()
    make_signature(petition, network=FLOOD_NET)
    make_signature(petition, network=HOME_NET)
    assert sum(b.total for b in desk.volumes(petition, now=now, criteria=Criteria(network_hash=FLOOD_NET))) == 1


def test_it_links_each_row_to_a_review_of_its_signatures(client, petition):
    make_signature(petition, network=FLOOD_NET, domain="spam.example")
    client.force_login(staff_user("fraud.view_invalidation", "fraud.add_invalidation"))
    response = client.get(desk_url(petition))
    _, review_url = response.context["periods"][0]["networks"][0]
    assert f"network_hash={FLOOD_NET}" in review_url
    preview = client.get(review_url)
    assert preview.status_code == 200
    assert preview.context["match"].total == 1


def test_it_hides_removal_forms_from_staff_who_may_only_look(client, petition):
    make_signature(petition, network=FLOOD_NET)
    client.force_login(staff_user("fraud.view_invalidation"))
    html = client.get(desk_url(petition)).content.decode()
    assert "Review matching signatures" not in html


def test_it_refuses_staff_without_the_permission(client, petition):
    client.force_login(staff_user())
    assert client.get(desk_url(petition)).status_code == 403


def test_it_sends_visitors_to_the_login_page(client, petition):
    response = client.get(desk_url(petition))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_it_is_linked_from_the_petition_list_in_the_admin(admin_client, petition):
    html = admin_client.get(reverse("admin:petitions_petition_changelist")).content.decode()
    assert desk_url(petition) in html
