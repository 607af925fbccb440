"""The full-screen live counter: the count, the progress, the latest public names; it updates
itself with a small script and reloads without one."""

import pytest
from django.core.cache import cache

from tests.factories import make_signature

pytestmark = pytest.mark.django_db(transaction=True)


def _public_signer(petition, name, country="DE"):
    from awaz.signatures.models import Signature

    signature = make_signature(petition, email=f"{name.split()[0].lower()}@example.org", name=name, country=country)
    Signature.objects.filter(pk=signature.pk).update(show_publicly=True)


def test_it_shows_the_count_the_progress_and_the_latest_public_names(client, petition):
    _public_signer(petition, "Gulnar Visible")
    make_signature(petition, email="hidden@example.org", name="Hidden Signer")
    cache.clear()
    response = client.get(f"/fr/petitions/{petition.slug}/live/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-live-count>2<' in html
    assert '<progress class="live-bar" max="100" value="2"' in html
    assert "Gulnar Visible" in html and "Allemagne" in html and "Hidden Signer" not in html
    assert '<noscript><meta http-equiv="refresh" content="15"></noscript>' in html
    assert 'src="/static/outcomes/live.js"' in html and "<script>" not in html
    assert 'lang="fr"' in html


def test_its_numbers_reload_as_json(client, petition):
    _public_signer(petition, "Gulnar Visible")
    cache.clear()
    data = client.get(f"/ar/petitions/{petition.slug}/live.json").json()
    assert data["count"] == 1 and data["goal"] == 100 and data["percent"] == 1
    assert data["names"] == [{"name": "Gulnar Visible", "country": "ألمانيا"}]
    assert "email" not in str(data)


def test_a_draft_has_no_live_counter(client):
    from tests.factories import make_petition

    draft = make_petition(status="draft")
    assert client.get(f"/en/petitions/{draft.slug}/live/").status_code == 404
