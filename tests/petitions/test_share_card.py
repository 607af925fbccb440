"""The share card: a 1200x630 PNG per petition and language, drawn again only when the count
crosses a display step, and announced with og:image and its size and alt text."""

import io
import re

import pytest
from django.core.cache import cache
from PIL import Image

from awaz.front.cards import card_directory, display_count
from awaz.signatures.counts import tally_add
from tests.factories import make_petition


@pytest.fixture(autouse=True)
def _cards_in_tmp(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def _card(client, petition, language="en"):
    cache.clear()  # the count is kept for a second
    response = client.get(f"/{language}/petitions/{petition.slug}/card.png")
    assert response.status_code == 200
    return response


def test_display_steps():
    assert [display_count(n) for n in (0, 7, 99, 100, 199, 1234, 56789)] == [0, 7, 99, 100, 190, 1200, 56000]


def test_it_is_a_1200_by_630_png(client, petition):
    response = _card(client, petition)
    assert response["Content-Type"] == "image/png"
    assert response.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert 5_000 < len(response.content) < 400_000
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG" and image.size == (1200, 630)


@pytest.mark.parametrize("language", ["ar", "ug", "ja", "zh-hans", "ru"])
def test_it_draws_a_card_in_every_script(client, db, language):
    petition = make_petition(original_language=language, translations={
        language: {"title": {"ar": "أوقفوا جمع الحمض النووي", "ug": "DNA توپلاشنى توختىتىڭ", "ja": "DNA収集を止めて",
                             "zh-hans": "停止收集DNA", "ru": "Остановите сбор ДНК"}[language], "summary": "", "body": "B"}})
    image = Image.open(io.BytesIO(_card(client, petition, language).content))
    assert image.size == (1200, 630)
    # Ink on the title's lines: something was drawn there in that script's font.
    title_band = image.crop((64, 124, 1136, 300)).convert("L")
    assert title_band.getextrema()[0] < 60


def test_it_changes_when_the_count_crosses_a_step_and_not_before(client, petition):
    tally_add(petition_id=petition.pk, country="DE", delta=120)
    first = _card(client, petition).content
    tally_add(petition_id=petition.pk, country="DE", delta=5)  # 125: still the 120 step
    assert _card(client, petition).content == first
    tally_add(petition_id=petition.pk, country="DE", delta=6)  # 131: the 130 step
    crossed = _card(client, petition).content
    assert crossed != first
    files = list((card_directory() / str(petition.pk)).glob("en-*.png"))
    assert len(files) == 1 and files[0].read_bytes() == crossed


def test_the_page_announces_the_card_with_its_size_and_alt(client, petition):
    page = client.get(f"/en/petitions/{petition.slug}/").content.decode()
    image = re.search(r'<meta property="og:image" content="([^"]+)">', page).group(1)
    assert re.fullmatch(rf"http://[^/]+/en/petitions/{petition.slug}/card\.png\?v=[0-9a-f]{{16}}", image)
    assert '<meta property="og:image:width" content="1200">' in page
    assert '<meta property="og:image:height" content="630">' in page
    assert re.search(r'<meta property="og:image:alt" content="Protect the data[^"]+people have signed', page)
    assert f'<meta name="twitter:image" content="{image}">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
