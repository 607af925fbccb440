"""The petition page: the count and goal, the languages, the public signers, the countries."""

from django.utils import timezone

from awaz.signatures.counts import tally_add
from awaz.signatures.models import Signature
from tests.factories import make_pending_signature, make_petition


def _page(client, petition, language="en") -> str:
    response = client.get(f"/{language}/petitions/{petition.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def _countries_table(page: str) -> str:
    return page.split('<table class="countries">', 1)[1].split("</table>", 1)[0]


def _confirm_many(petition, country, n):
    for _ in range(n):
        tally_add(petition_id=petition.pk, country=country, delta=1)


def test_it_shows_zero_and_the_first_milestone(client, petition):
    assert "0 people have signed. Let&#x27;s get to 100!" in _page(client, petition)


def test_it_uses_the_singular_for_one_signer(client, petition):
    _confirm_many(petition, "DE", 1)
    assert "1 person has signed. Let&#x27;s get to 100!" in _page(client, petition)


def test_it_formats_big_numbers_for_the_language(client, petition):
    _confirm_many(petition, "DE", 1)
    tally_add(petition_id=petition.pk, country="FR", delta=7_499)
    assert "7,500 people have signed. Let&#x27;s get to 10,000!" in _page(client, petition)


def test_it_aims_at_a_fixed_goal(client, db):
    petition = make_petition(goal=7_500)
    page = _page(client, petition)
    assert "Let&#x27;s get to 7,500!" in page
    assert '<progress class="count-bar" max="7500" value="0"' in page


def test_it_groups_small_countries_together(client, petition):
    _confirm_many(petition, "DE", 6)
    _confirm_many(petition, "IS", 2)
    _confirm_many(petition, "LU", 1)
    table = _countries_table(_page(client, petition))
    assert "Germany" in table
    assert "Iceland" not in table and "Luxembourg" not in table
    assert "Other countries</td><td>3</td>" in table


def test_it_names_countries_in_the_readers_language(client, petition):
    _confirm_many(petition, "DE", 5)
    assert "Allemagne" in _countries_table(_page(client, petition, "fr"))


def test_it_lists_only_signers_who_chose_to_be_shown(client, petition):
    shown, _ = make_pending_signature(petition, email="shown@example.org", name="Shown Person", show_publicly=True)
    hidden, _ = make_pending_signature(petition, email="hidden@example.org", name="Hidden Person")
    unconfirmed, _ = make_pending_signature(petition, email="later@example.org", name="Unconfirmed Person", show_publicly=True)
    Signature.objects.filter(pk__in=[shown.pk, hidden.pk]).update(confirmed_at=timezone.now())
    page = _page(client, petition)
    assert "<bdi>Shown Person</bdi>" in page
    assert "Hidden Person" not in page and "Unconfirmed Person" not in page
    assert "shown@example.org" not in page


def test_it_isolates_names_with_bidi_characters(client, petition):
    signer, _ = make_pending_signature(petition, email="b@example.org", name="\u202eevil", show_publicly=True)
    Signature.objects.filter(pk=signer.pk).update(confirmed_at=timezone.now())
    assert "<bdi>\u202eevil</bdi>" in _page(client, petition)


def test_it_falls_back_to_the_original_with_a_notice(client, db):
    petition = make_petition(
        translations={
            "en": {"title": "Stop it", "body": "English body"},
            "fr": {"title": "Arrêtez", "body": "Texte français"},
            "ar": {"title": "أوقفوا", "body": "نص عربي"},
        }
    )
    page = _page(client, petition, "ja")
    assert "Stop it" in page
    assert 'lang="ja"' in page  # the interface stays in Japanese…
    assert '<article class="petition" lang="en" dir="ltr">' in page  # …the text is marked as English
    for name in ("English", "Français", "العربية"):
        assert name in page
    assert f'href="/fr/petitions/{petition.slug}/"' in page
    french = _page(client, petition, "fr")
    assert "Arrêtez" in french and "Texte français" in french


def test_it_marks_right_to_left_pages(client, db):
    petition = make_petition(translations={"ar": {"title": "أوقفوا", "body": "نص"}}, original_language="ar")
    page = _page(client, petition, "ar")
    assert '<html lang="ar" dir="rtl">' in page
    assert '<article class="petition" lang="ar" dir="rtl">' in page


def test_it_offers_share_links_that_load_nothing(client, petition):
    page = _page(client, petition)
    for host in ("x.com/intent/post", "facebook.com/sharer", "wa.me/", "t.me/share", "mailto:"):
        assert host in page
    assert "<script src=\"http" not in page and "<img src=\"http" not in page


def test_it_is_cacheable_for_anonymous_visitors(client, petition):
    response = client.get(f"/en/petitions/{petition.slug}/")
    assert "public" in response["Cache-Control"] and "stale-while-revalidate" in response["Cache-Control"]
    assert "Set-Cookie" not in response.headers


def test_it_lists_hreflang_alternates(client, petition, settings):
    page = _page(client, petition)
    assert f'hreflang="ug-Latn" href="{settings.BASE_URL}/ug-latn/petitions/{petition.slug}/"' in page
    assert 'hreflang="zh-Hans"' in page and 'hreflang="x-default"' in page


def test_it_renders_markdown_safely(client, db):
    petition = make_petition(translations={"en": {"title": "T", "body": "**bold** <script>alert(1)</script>"}})
    page = _page(client, petition)
    assert "<strong>bold</strong>" in page
    assert "<script>alert(1)</script>" not in page


def test_it_redirects_a_first_visit_by_accept_language(client, db):
    response = client.get("/", headers={"Accept-Language": "ar,en;q=0.5"})
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


def test_it_remembers_the_chosen_language(client, petition):
    response = client.post("/i18n/setlang/", {"language": "ug-latn", "next": f"/en/petitions/{petition.slug}/"})
    assert response.status_code == 303
    assert response["Location"] == f"/ug-latn/petitions/{petition.slug}/"
    assert client.get("/", headers={"Accept-Language": "fr"})["Location"] == "/ug-latn/"


def test_it_switches_between_the_uyghur_scripts_from_a_prefixed_page(client, petition):
    for source, target in (("ug", "ug-latn"), ("ug-latn", "ug"), ("ar", "fr")):
        response = client.post("/i18n/setlang/", {"language": target, "next": f"/{source}/petitions/{petition.slug}/"})
        assert response["Location"] == f"/{target}/petitions/{petition.slug}/"


def test_it_serves_anonymous_visitors_a_page_at_most_a_second_old(client, petition, django_assert_num_queries):
    first = _page(client, petition)
    tally_add(petition_id=petition.pk, country="DE", delta=1)
    with django_assert_num_queries(0):
        assert _page(client, petition) == first
    from django.core.cache import cache

    cache.clear()  # what one second does
    assert "1 person has signed" in _page(client, petition)
