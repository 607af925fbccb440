import pytest
from django.urls import reverse

from awaz.petitions.models import Petition
from awaz.studio.models import AuditEntry

pytestmark = pytest.mark.django_db


def _url(name, organization, petition, *args):
    return reverse(f"studio:{name}", args=[organization.slug, petition.pk, *args])


def _fill(petition, **overrides):
    data = {"title": "Free Ilham Tohti", "summary": "He is a scholar.", "body": "Read **this**.",
            "addressees": "The UN", "goal": "", "closes_on": "", "slug": petition.slug}
    data.update(overrides)
    return data


def test_it_creates_a_draft_from_a_title_with_an_address_made_from_it(studio_client, organization):
    response = studio_client.post(reverse("studio:petition_new", args=[organization.slug]),
                                  {"title": "Libérez Ilham Tohti", "language": "fr"})
    petition = Petition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("petition_edit", organization, petition)
    assert petition.slug == "liberez-ilham-tohti"
    assert petition.status == "draft" and petition.original_language == "fr"
    assert petition.original().title == "Libérez Ilham Tohti"
    assert AuditEntry.objects.filter(action="petition_created", petition=petition).exists()


def test_it_previews_the_markdown_with_the_public_sanitizer_without_saving(studio_client, organization, own_petition):
    response = studio_client.post(_url("petition_edit", organization, own_petition),
                                  _fill(own_petition, body="**bold** <script>alert(1)</script>", preview="1"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "<strong>bold</strong>" in text
    assert "<script>alert(1)" not in text
    own_petition.refresh_from_db()
    assert own_petition.original().body == "Read **this**."


def test_it_saves_the_text_and_lets_the_address_change_before_publication(studio_client, organization, own_petition):
    response = studio_client.post(_url("petition_edit", organization, own_petition),
                                  _fill(own_petition, slug="free-ilham", goal="500", closes_on="2031-05-01"))
    assert response.status_code == 302
    own_petition.refresh_from_db()
    assert own_petition.slug == "free-ilham" and own_petition.goal == 500
    assert own_petition.original().title == "Free Ilham Tohti"
    assert own_petition.closes_at.isoformat().startswith("2031-05-02T00:00")


def test_publish_needs_a_confirmation_then_opens_the_petition_and_fixes_its_address(studio_client, organization, own_petition):
    url = _url("petition_state", organization, own_petition, "publish")
    page = studio_client.get(url)
    assert page.status_code == 200 and b"Publish this petition?" in page.content
    own_petition.refresh_from_db()
    assert own_petition.status == "draft"

    assert studio_client.post(url, {"confirmed": "yes"}).status_code == 302
    own_petition.refresh_from_db()
    assert own_petition.status == "open" and own_petition.published_at is not None
    assert AuditEntry.objects.filter(action="petition_published", petition=own_petition).count() == 1

    studio_client.post(_url("petition_edit", organization, own_petition), _fill(own_petition, slug="another-address"))
    old_slug = own_petition.slug
    own_petition.refresh_from_db()
    assert own_petition.slug == old_slug


def test_it_refuses_to_publish_a_petition_without_text(studio_client, organization, own_petition):
    own_petition.translations.update(body="")
    response = studio_client.post(_url("petition_state", organization, own_petition, "publish"), {"confirmed": "yes"}, follow=True)
    assert "Write the title and the text before publishing." in response.content.decode()
    own_petition.refresh_from_db()
    assert own_petition.status == "draft"


def test_close_and_reopen_are_audited(studio_client, organization, own_petition):
    studio_client.post(_url("petition_state", organization, own_petition, "publish"), {"confirmed": "yes"})
    studio_client.post(_url("petition_state", organization, own_petition, "close"), {"confirmed": "yes"})
    own_petition.refresh_from_db()
    assert own_petition.status == "closed" and own_petition.closed_at
    studio_client.post(_url("petition_state", organization, own_petition, "reopen"), {"confirmed": "yes"})
    own_petition.refresh_from_db()
    assert own_petition.status == "open" and own_petition.closed_at is None
    actions = list(AuditEntry.objects.filter(petition=own_petition).values_list("action", flat=True))
    assert {"petition_published", "petition_closed", "petition_reopened"} <= set(actions)


def test_a_post_without_the_confirmation_changes_nothing(studio_client, organization, own_petition):
    studio_client.post(_url("petition_state", organization, own_petition, "publish"))
    own_petition.refresh_from_db()
    assert own_petition.status == "draft"


def test_a_published_petition_is_on_the_home_page_without_being_featured(studio_client, client, organization, own_petition):
    studio_client.post(_url("petition_state", organization, own_petition, "publish"), {"confirmed": "yes"})
    from django.test import Client

    assert own_petition.original().title in Client().get("/en/").content.decode()


def test_the_translations_page_shows_each_languages_status(studio_client, organization, own_petition):
    page = studio_client.get(_url("translations", organization, own_petition))
    statuses = {item["code"]: item["status"].value for item in page.context["items"]}
    assert statuses["en"] == "original" and statuses["fr"] == "missing"

    studio_client.post(_url("translate", organization, own_petition, "fr"),
                       {"title": "Libérez-le", "summary": "", "body": "Lisez.", "addressees": ""})
    page = studio_client.get(_url("translations", organization, own_petition))
    assert {i["code"]: i["status"].value for i in page.context["items"]}["fr"] == "current"

    studio_client.post(_url("petition_edit", organization, own_petition), _fill(own_petition, body="Changed."))
    page = studio_client.get(_url("translations", organization, own_petition))
    assert {i["code"]: i["status"].value for i in page.context["items"]}["fr"] == "outdated"


def test_a_uyghur_translation_can_start_from_the_other_script(studio_client, organization, own_petition):
    studio_client.post(_url("translate", organization, own_petition, "ug"),
                       {"title": "ئىلھام توختى", "summary": "", "body": "ئوقۇڭ", "addressees": ""})
    page = studio_client.post(_url("translate", organization, own_petition, "ug-latn"), {"convert": "1"})
    assert page.status_code == 200
    assert "ilham toxti" in page.content.decode()


def test_the_preview_shows_the_draft_public_page_in_the_chosen_language(studio_client, organization, own_petition):
    page = studio_client.get(_url("petition_preview", organization, own_petition, "ar"))
    assert page.status_code == 200
    text = page.content.decode()
    assert own_petition.original().title in text
    assert 'dir="rtl"' in text
    assert "no-store" in page["Cache-Control"]
