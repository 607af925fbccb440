import json

import pytest
from django.core.management import call_command

from awaz.news.demo_loader import DEMO_FILE
from awaz.news.models import Post
from awaz.petitions.models import Organization, Petition

pytestmark = pytest.mark.django_db


def test_the_demo_news_loads_once_with_translations_and_the_featured_petition(client):
    call_command("load_demo")
    call_command("load_demo_news")
    call_command("load_demo_news")

    expected = json.loads(DEMO_FILE.read_text())["posts"]
    assert Post.objects.count() == len(expected) >= 3
    press_release = Post.objects.get(slug="uyghur-workers-and-students-moved-to-distant-provinces")
    assert {t.language for t in press_release.translations.all()} >= {"en", "fr", "ar"}
    assert press_release.original().place
    dna = Post.objects.get(slug="report-mass-collection-of-uyghur-dna-and-biodata")
    assert dna.featured_petition == Petition.objects.get(slug="stop-dna-collection")
    assert Post.objects.public().count() >= 3
    assert client.get(f"/ar/news/{press_release.slug}/").status_code == 200


def test_the_demo_news_loads_without_the_demo_petitions():
    call_command("load_demo_news")

    assert Post.objects.exists()
    assert Organization.objects.count() == 1
    assert Post.objects.filter(featured_petition__isnull=False).count() == 0
