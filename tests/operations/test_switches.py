"""Each switch changes the public page in every language within 10 seconds, is audited, and a
paused petition refuses signatures politely (503 + Retry-After), through the express lane too."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation

from awaz.core import page_cache, switches
from awaz.core.switches import PAUSE_REASONS
from awaz.operations.models import SwitchChange
from awaz.operations.services import petition_switches_set, site_switches_set
from awaz.signatures.models import Signature
from tests.factories import make_pending_signature, sign_form_data
from tests.factories import staff_user
from tests.signatures.test_express import post, sign_path

pytestmark = pytest.mark.django_db
LANGUAGES = [code for code, _name in settings.LANGUAGES]
BOUND = 10  # seconds: what the issue asks


def test_the_languages_are_the_nine():
    assert sorted(LANGUAGES) == sorted(["en", "ar", "fr", "ja", "ru", "tr", "ug", "ug-latn", "zh-hans"])


def test_a_change_is_in_force_on_every_process_within_ten_seconds():
    """The bound: what a process holds (MEMO_SECONDS) plus the anonymous page cache."""
    assert switches.MEMO_SECONDS + page_cache.PAGE_SECONDS <= BOUND


@pytest.fixture
def operator(db):
    return staff_user(username="operator")


@pytest.fixture
def later(monkeypatch):
    """Move this process's clock on, as another process would find it after the memo expired."""
    offset = [0.0]
    real = time.monotonic
    monkeypatch.setattr("awaz.core.switches.time.monotonic", lambda: real() + offset[0])

    def advance(seconds):
        offset[0] += seconds
    return advance


def _page(client, petition, language):
    return client.get(f"/{language}/petitions/{petition.slug}/").content.decode()


def _changed_elsewhere(set_switch, **kwargs):
    """The change is made by another process: this one keeps its copy until it expires."""
    held = dict(switches._memo)
    set_switch(**kwargs)
    switches._memo.update(held)


def _wait_for(client, petition, language, later, check):
    page_cache.cache.clear()  # the one-second page cache, already counted in the bound
    later(switches.MEMO_SECONDS)
    return check(_page(client, petition, language))


@pytest.mark.parametrize("language", LANGUAGES)
def test_pausing_replaces_the_form_with_the_reason_in_every_language(client, petition, operator, later, language):
    until = timezone.now() + timedelta(hours=3)
    assert 'name="email"' in _page(client, petition, language)
    _changed_elsewhere(petition_switches_set, petition=petition, operator=operator, via="admin", paused=True,
                       pause_reason="attack", resume_at=until)
    page_cache.cache.clear()
    assert 'name="email"' in _page(client, petition, language), "the other process's copy is still fresh"
    page = None

    def paused(text):
        nonlocal page
        page = text
        return 'name="email"' not in text
    assert _wait_for(client, petition, language, later, paused)
    with translation.override(language):
        reason = str(PAUSE_REASONS["attack"])
        come_back = switches.Pause("attack", until).come_back()
    if language != "en":
        with translation.override("en"):
            assert reason != str(PAUSE_REASONS["attack"]), f"no {language} translation"
    assert reason in page
    assert come_back in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_hiding_country_counts_takes_the_table_off_every_language(client, petition, operator, later, language):
    from tests.factories import confirm_signature as confirm

    for n in range(5):
        confirm(make_pending_signature(petition, email=f"c{n}@example.org", country="FR")[0])
    with translation.override(language):
        from django.utils.translation import gettext
        heading = gettext("Signatures by country")
    assert heading in _page(client, petition, language)
    _changed_elsewhere(petition_switches_set, petition=petition, operator=operator, via="admin", paused=False,
                       hide_countries=True)
    assert _wait_for(client, petition, language, later, lambda page: heading not in page)
    data = client.get(f"/{language}/petitions/{petition.slug}/data.json").json()
    assert data["signatures_by_country"] is None and data["signature_count"] == 5


@pytest.mark.parametrize("language", LANGUAGES)
def test_hiding_recent_signers_takes_their_names_off_every_language(client, petition, operator, later, language):
    from tests.factories import confirm_signature as confirm

    confirm(make_pending_signature(petition, email="shown@example.org", name="Dilnur Shown", show_publicly=True)[0])
    assert "Dilnur Shown" in _page(client, petition, language)
    _changed_elsewhere(petition_switches_set, petition=petition, operator=operator, via="studio", paused=False,
                       hide_recent=True)
    assert _wait_for(client, petition, language, later, lambda page: "Dilnur Shown" not in page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_incident_banner_is_on_every_public_page_in_every_language(client, petition, operator, later, language):
    text = "Some emails from us are delayed tonight."
    assert text not in _page(client, petition, language)
    _changed_elsewhere(site_switches_set, operator=operator, via="admin", paused=False, banner=text, banner_language="en")
    assert _wait_for(client, petition, language, later, lambda page: text in page)
    for path in (f"/{language}/", f"/{language}/petitions/", f"/{language}/news/"):
        page = client.get(path).content.decode()
        assert text in page and 'lang="en"' in page, path


def test_a_paused_petition_refuses_a_signature_with_503_and_retry_after(client, petition, operator):
    petition_switches_set(petition=petition, operator=operator, via="admin", paused=True, pause_reason="review",
                          resume_at=timezone.now() + timedelta(minutes=30))
    response = client.post(f"/fr/petitions/{petition.slug}/sign/", sign_form_data(petition),
                           headers={"origin": "http://testserver"})
    assert response.status_code == 503
    assert 1700 <= int(response["Retry-After"]) <= 1800
    with translation.override("fr"):
        assert str(PAUSE_REASONS["review"]) in response.content.decode()
    assert not Signature.objects.exists()


def test_the_express_lane_refuses_too_and_stores_nothing(petition, operator):
    site_switches_set(operator=operator, via="admin", paused=True, pause_reason="maintenance")
    answer = post(sign_path(petition, "ar"), sign_form_data(petition))
    assert answer.status == 503
    assert answer.headers["Retry-After"] == str(switches.DEFAULT_RETRY_SECONDS)
    with translation.override("ar"):
        assert str(PAUSE_REASONS["maintenance"]) in answer.body.decode()
    assert not Signature.objects.exists()


def test_signing_works_again_once_the_pause_is_lifted(client, petition, operator):
    petition_switches_set(petition=petition, operator=operator, via="admin", paused=True, pause_reason="attack")
    petition_switches_set(petition=petition, operator=operator, via="admin", paused=False)
    answer = post(sign_path(petition), sign_form_data(petition))
    assert answer.status == 302
    assert Signature.objects.count() == 1


def test_each_change_is_audited_once(petition, operator):
    petition_switches_set(petition=petition, operator=operator, via="studio", paused=True, pause_reason="attack",
                          hide_countries=True)
    petition_switches_set(petition=petition, operator=operator, via="studio", paused=True, pause_reason="attack",
                          hide_countries=True)
    site_switches_set(operator=operator, via="admin", paused=False, banner="Hello", banner_language="en")
    rows = list(SwitchChange.objects.order_by("id").values_list("petition_id", "switch", "value", "operator_name", "via"))
    assert rows == [
        (petition.pk, "pause", "on: attack", "operator", "studio"),
        (petition.pk, "hide_countries", "on", "operator", "studio"),
        (None, "banner", "[en] Hello", "operator", "admin"),
    ]


def test_the_public_api_hides_country_counts_too(client, petition, operator):
    from tests.factories import confirm_signature as confirm

    for n in range(5):
        confirm(make_pending_signature(petition, email=f"api{n}@example.org", country="FR")[0])
    shown = client.get(f"/api/v1/petitions/{petition.slug}").json()["signatures"]
    assert shown["by_country"] == [{"country": "FR", "count": 5}] and shown["countries_hidden"] is False
    petition_switches_set(petition=petition, operator=operator, via="admin", paused=False, hide_countries=True)
    page_cache.cache.clear()
    hidden = client.get(f"/api/v1/petitions/{petition.slug}").json()["signatures"]
    assert (hidden["by_country"], hidden["other_countries"], hidden["countries_hidden"], hidden["total"]) == ([], 0, True, 5)
