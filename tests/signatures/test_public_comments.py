"""Public comments: only for signers who chose to show them, confirmed, and approved by a
moderator unless the petition turned pre-moderation off."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from awaz.petitions.models import Petition
from awaz.signatures.models import Signature
from tests.factories import make_pending_signature, sign_form_data

pytestmark = pytest.mark.django_db
COMMENT = "My grandmother was taken for a blood sample"


def _page(client, petition) -> str:
    cache.clear()
    return client.get(f"/en/petitions/{petition.slug}/").content.decode()


def _confirmed(petition, email, **fields):
    signature, _ = make_pending_signature(petition, email=email, confirmed_at=timezone.now(), **fields)
    return signature


def test_the_form_stores_the_choice_only_with_the_name_shown(client, petition):
    client.post(f"/en/petitions/{petition.slug}/sign/", sign_form_data(petition, comment=COMMENT, show_publicly="on", show_comment="on"))
    client.post(f"/en/petitions/{petition.slug}/sign/", sign_form_data(petition, email="b@example.org", comment=COMMENT, show_comment="on"))
    shown = dict(Signature.objects.values_list("email_index", "comment_shown"))
    assert sorted(shown.values()) == [False, True]


def test_a_comment_appears_only_after_approval(client, petition, admin_user):
    signature = _confirmed(petition, "a@example.org", comment=COMMENT, show_publicly=True, comment_shown=True)
    assert COMMENT not in _page(client, petition)

    client.force_login(admin_user)
    queue = client.get("/admin/signatures/pendingcomment/")
    assert queue.status_code == 200 and COMMENT in queue.content.decode()
    client.post("/admin/signatures/pendingcomment/", {"action": "approve", "_selected_action": [signature.pk]})
    client.logout()

    assert Signature.objects.get(pk=signature.pk).comment_approved_at is not None
    page = _page(client, petition)
    assert COMMENT in page and "Why people sign" in page


def test_without_pre_moderation_a_comment_appears_at_once(client, petition):
    Petition.objects.filter(pk=petition.pk).update(comments_premoderated=False)
    _confirmed(petition, "a@example.org", comment=COMMENT, show_publicly=True, comment_shown=True)
    assert COMMENT in _page(client, petition)


@pytest.mark.parametrize(
    "fields",
    [
        {"show_publicly": True, "comment_shown": False},  # the signer did not ask
        {"show_publicly": False, "comment_shown": True},  # name hidden: comment hidden too
    ],
)
def test_it_never_shows_a_comment_the_signer_did_not_choose_to_show(client, petition, fields):
    Petition.objects.filter(pk=petition.pk).update(comments_premoderated=False)
    _confirmed(petition, "a@example.org", comment=COMMENT, **fields)
    assert COMMENT not in _page(client, petition)


def test_an_unconfirmed_signature_shows_no_comment(client, petition):
    Petition.objects.filter(pk=petition.pk).update(comments_premoderated=False)
    make_pending_signature(petition, email="a@example.org", comment=COMMENT, show_publicly=True, comment_shown=True)
    assert COMMENT not in _page(client, petition)


def test_a_hidden_comment_leaves_the_page(client, petition, admin_user):
    signature = _confirmed(petition, "a@example.org", comment=COMMENT, show_publicly=True, comment_shown=True)
    client.force_login(admin_user)
    client.post("/admin/signatures/pendingcomment/", {"action": "hide", "_selected_action": [signature.pk]})
    client.logout()
    Petition.objects.filter(pk=petition.pk).update(comments_premoderated=False)
    assert COMMENT not in _page(client, petition)
    assert get_user_model().objects.count() == 1
