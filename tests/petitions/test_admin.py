"""Campaigners' admin: previews of drafts, the translation workbench, Uyghur script drafts."""

from awaz.petitions.models import PetitionTranslation
from tests.factories import make_petition


def test_it_lets_staff_preview_a_draft(admin_client, client, db):
    petition = make_petition(status="draft")
    assert client.get(f"/en/petitions/{petition.slug}/").status_code == 404
    response = admin_client.get(f"/en/petitions/{petition.slug}/")
    assert response.status_code == 200
    assert "Preview: this petition is a draft" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_it_shows_the_status_of_every_language(admin_client, db):
    petition = make_petition(translations={"en": {"title": "Original", "body": "Text"}, "fr": {"title": "Traduit", "body": "Texte"}})
    PetitionTranslation.objects.filter(language="fr").update(source_fingerprint=petition.original().fingerprint())
    page = admin_client.get(f"/admin/petitions/petition/{petition.pk}/change/").content.decode()
    assert "up to date" in page and "missing" in page and "original" in page
    PetitionTranslation.objects.filter(language="en").update(body="Changed text")
    page = admin_client.get(f"/admin/petitions/petition/{petition.pk}/change/").content.decode()
    assert "outdated" in page


def test_it_translates_beside_the_original(admin_client, db):
    petition = make_petition(translations={"en": {"title": "Original title", "body": "Original body"}})
    url = f"/admin/petitions/petition/{petition.pk}/translate/ar/"
    page = admin_client.get(url).content.decode()
    assert "Original body" in page
    assert 'dir="rtl"' in page
    response = admin_client.post(url, {"title": "عنوان", "summary": "", "body": "نص", "addressees": "الأمم المتحدة"})
    assert response.status_code == 302
    arabic = PetitionTranslation.objects.get(petition=petition, language="ar")
    assert arabic.title == "عنوان"
    assert arabic.source_fingerprint == petition.original().fingerprint()


def test_it_drafts_a_uyghur_translation_from_the_other_script(admin_client, db):
    petition = make_petition(translations={"en": {"title": "Stop", "body": "Text"}, "ug": {"title": "ئۇيغۇر", "body": "ئانا تىل"}})
    url = f"/admin/petitions/petition/{petition.pk}/translate/ug-latn/"
    page = admin_client.post(url, {"convert": "1"}).content.decode()
    assert "uyghur" in page and "ana til" in page
    assert not PetitionTranslation.objects.filter(language="ug-latn").exists()  # a draft until saved


def test_it_refuses_an_unknown_language(admin_client, petition):
    assert admin_client.get(f"/admin/petitions/petition/{petition.pk}/translate/xx/").status_code == 404


def test_it_starts_and_stops_the_retention_clock_when_staff_close_and_reopen(admin_client, petition):
    from awaz.petitions.models import Petition

    changelist = "/admin/petitions/petition/"
    for action, status in (("close", "closed"), ("reopen", "open")):
        response = admin_client.post(changelist, {"action": action, "_selected_action": [petition.pk]})
        assert response.status_code == 302
        petition.refresh_from_db()
        assert petition.status == status
        assert (petition.closed_at is not None) == (status == "closed")


def test_it_shows_the_status_read_only(admin_client, petition):
    from awaz.petitions.models import Petition

    url = f"/admin/petitions/petition/{petition.pk}/change/"
    assert 'name="status"' not in admin_client.get(url).content.decode()
    data = {
        "organization": petition.organization_id, "slug": petition.slug, "original_language": "en", "goal": "",
        "closes_at_0": "", "closes_at_1": "", "translations-TOTAL_FORMS": "0", "translations-INITIAL_FORMS": "0",
    }
    assert admin_client.post(url, {**data, "status": "closed"}).status_code == 302
    assert Petition.objects.get(pk=petition.pk).status == Petition.Status.OPEN  # the field is ignored
