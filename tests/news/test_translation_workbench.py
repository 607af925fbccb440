"""News posts share the petitions' translation workbench."""

from awaz.news.models import PostTranslation
from tests.factories import make_post


def test_it_translates_a_post_beside_its_original(admin_client, db):
    post = make_post(translations={"en": {"title": "Original", "place": "Geneva", "body": "English text"}})
    url = f"/admin/news/post/{post.pk}/translate/fr/"
    page = admin_client.get(url).content.decode()
    assert "English text" in page
    response = admin_client.post(url, {"title": "Traduit", "place": "Genève", "summary": "", "body": "Texte", "image_alt": ""})
    assert response.status_code == 302
    french = PostTranslation.objects.get(post=post, language="fr")
    assert french.place == "Genève"
    assert french.source_fingerprint == post.original().fingerprint()
    change_page = admin_client.get(f"/admin/news/post/{post.pk}/change/").content.decode()
    assert "up to date" in change_page
