"""Runs on SQLite and on PostgreSQL (full-text search): the answers must be the same."""

import pytest

from awaz.news.models import Post
from awaz.front.search import MAX_QUERY_LENGTH, search
from awaz.petitions.models import Petition
from tests.factories import make_petition, make_post

pytestmark = pytest.mark.django_db


def _titles(results):
    return [result.text.title for result in results]


def test_it_finds_posts_and_petitions_with_title_matches_first(days_ago):
    make_post(translations={"en": {"title": "A report", "body": "The genome of a person tells about their family."}})
    make_petition(translations={"en": {"title": "Protect the genome of a people", "body": "Sign now."}})
    make_post(translations={"en": {"title": "Cotton", "body": "Forced labour in the fields."}})

    results = search("genome", "en")

    assert _titles(results) == ["Protect the genome of a people", "A report"]
    assert [r.kind for r in results] == ["petition", "post"]


def test_it_needs_every_word_of_the_query():
    make_post(translations={"en": {"title": "Police database", "body": "Blood samples kept by the police."}})
    make_post(translations={"en": {"title": "Police stations", "body": "New police stations."}})

    assert _titles(search("police blood", "en")) == ["Police database"]


def test_it_ignores_case_in_any_script():
    make_post(translations={"en": {"title": "Сбор ДНК", "body": "Полиция собирает ДНК."}})
    make_post(translations={"en": {"title": "Génome", "body": "Les ÉCHANTILLONS."}})

    assert _titles(search("днк", "ru")) == ["Сбор ДНК"]
    assert _titles(search("GÉNOME", "fr")) == ["Génome"]


def test_it_searches_the_text_the_reader_sees():
    make_post(translations={"en": {"title": "Forced transfers", "body": "Workers moved."}, "fr": {"title": "Transferts forcés", "body": "Travailleurs déplacés."}})
    make_post(translations={"en": {"title": "Workers only in English", "body": "Not translated."}})

    assert _titles(search("travailleurs", "fr")) == ["Transferts forcés"]
    # A French reader sees the French text of the first post, and the English of the second.
    assert _titles(search("workers", "fr")) == ["Workers only in English"]
    assert _titles(search("workers", "en")) == ["Workers only in English", "Forced transfers"]


def test_it_finds_chinese_words_inside_a_sentence():
    make_post(translations={"zh-hans": {"title": "基因数据", "body": "警察收集基因样本"}}, original_language="zh-hans")

    assert _titles(search("基因", "zh-hans")) == ["基因数据"]


def test_it_never_finds_unpublished_posts_or_draft_petitions():
    make_post(status=Post.Status.DRAFT, translations={"en": {"title": "Secret genome", "body": "x"}})
    make_petition(status=Petition.Status.DRAFT, translations={"en": {"title": "Draft genome", "body": "x"}})

    assert search("genome", "en") == []


def test_it_handles_empty_and_odd_queries():
    make_post(translations={"en": {"title": "DNA", "body": "x"}})

    assert search("", "en") == []
    assert search("   ", "en") == []
    assert search("\"DNA\" -or- !!! & | ( ' :*", "en") is not None
    assert search("x" * 5000, "en") == []


def test_the_results_page_is_paginated_and_keeps_the_query(client, days_ago):
    for day in range(12):
        make_post(publish_at=days_ago(day + 1), translations={"en": {"title": f"Uyghur news {day}", "body": "x"}})

    first = client.get("/en/search/", {"q": "uyghur"})
    second = client.get("/en/search/", {"q": "uyghur", "page": 2})

    assert first.status_code == 200
    assert "12 results for" in first.text
    assert len(first.context["page"].object_list) == 10
    assert 'href="?q=uyghur&amp;page=2"' in first.text
    assert len(second.context["page"].object_list) == 2


def test_the_results_page_without_a_query_asks_for_one(client):
    response = client.get("/en/search/")

    assert response.status_code == 200
    assert "Type one or more words" in response.text


def test_the_results_page_caps_the_query_length(client):
    response = client.get("/en/search/", {"q": "a" * (MAX_QUERY_LENGTH + 50)})

    assert response.status_code == 200
    assert len(response.context["query"]) == MAX_QUERY_LENGTH
    assert "shortened" in response.text


def test_the_news_index_has_a_search_form(client):
    response = client.get("/en/news/")

    assert '<form class="search-form" role="search" action="/en/search/" method="get">' in response.text
    assert '<label for="search-q">' in response.text
