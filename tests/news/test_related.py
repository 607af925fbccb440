from datetime import UTC, datetime

import pytest

from awaz.news.models import Post
from awaz.news.related import make_document, rank_related, related_posts
from tests.factories import make_post, make_tag

WHEN = datetime(2025, 1, 1, tzinfo=UTC)

CORPUS = {
    1: ("DNA samples taken at health checks", "Police collected blood for DNA profiles and iris scans.", ["surveillance"]),
    2: ("Police DNA database grows", "Blood samples and DNA profiles of a whole population in a police database.", ["surveillance"]),
    3: ("Cotton picked by forced labour", "Workers transferred to cotton fields and factories.", ["forced-labour"]),
    4: ("Factories use transferred workers", "Forced labour in factories making cotton clothes.", ["forced-labour"]),
    5: ("Recipe for bread", "Flour, water, salt and time.", []),
}


def _documents(same_language=lambda i: True, dates=None):
    return [
        make_document(id=i, title=t, body=b, tags=tags, same_language=same_language(i), published_at=(dates or {}).get(i, WHEN))
        for i, (t, b, tags) in CORPUS.items()
    ]


def _related(target_id, documents, limit=3):
    return rank_related(next(d for d in documents if d.id == target_id), documents, limit)


def test_it_finds_the_obviously_related_post_first():
    documents = _documents()

    assert _related(1, documents)[0] == 2
    assert _related(2, documents)[0] == 1
    assert _related(3, documents)[0] == 4
    assert _related(4, documents)[0] == 3


def test_it_leaves_out_posts_with_nothing_in_common():
    documents = _documents()

    assert 5 not in _related(1, documents)
    assert _related(5, documents) == []


def test_it_never_suggests_the_post_itself():
    assert 1 not in _related(1, _documents(), limit=10)


def test_it_prefers_posts_in_the_readers_language():
    documents = _documents(same_language=lambda i: i != 4) + [
        make_document(id=6, title="Workers", body="Workers went on strike.", tags=[], same_language=True, published_at=WHEN)
    ]

    # Post 4 is the closer match, but it is not in the reader's language; post 6 is.
    assert _related(3, _documents() + [documents[-1]]) == [4, 6]
    assert _related(3, documents) == [6, 4]


def test_it_breaks_ties_by_date_then_id():
    same = ("Same title here", "Same words in the body.", ["tag"])
    newer = datetime(2025, 2, 1, tzinfo=UTC)
    documents = [
        make_document(id=1, title="Same title here", body="Other text.", tags=["tag"], same_language=True, published_at=WHEN),
        make_document(id=2, title=same[0], body=same[1], tags=same[2], same_language=True, published_at=WHEN),
        make_document(id=3, title=same[0], body=same[1], tags=same[2], same_language=True, published_at=WHEN),
        make_document(id=4, title=same[0], body=same[1], tags=same[2], same_language=True, published_at=newer),
        make_document(id=9, title="Unrelated", body="Nothing at all.", tags=[], same_language=True, published_at=WHEN),
    ]

    assert _related(1, documents) == [4, 3, 2]
    assert _related(1, list(reversed(documents))) == [4, 3, 2]


def test_it_compares_chinese_text_without_spaces():
    documents = [
        make_document(id=1, title="基因数据", body="警察收集基因样本", tags=[], same_language=True, published_at=WHEN),
        make_document(id=2, title="基因样本", body="收集基因数据的警察", tags=[], same_language=True, published_at=WHEN),
        make_document(id=3, title="棉花工厂", body="强迫劳动的工人", tags=[], same_language=True, published_at=WHEN),
    ]

    assert _related(1, documents) == [2]


def _make_corpus_posts(days_ago):
    tags = {"surveillance": make_tag(slug="surveillance"), "forced-labour": make_tag(slug="forced-labour")}
    posts = {}
    for i, (title, body, tag_slugs) in CORPUS.items():
        posts[i] = make_post(
            publish_at=days_ago(10 - i),
            translations={"en": {"title": title, "body": body}},
            tags=[tags[s] for s in tag_slugs],
        )
    return posts


@pytest.mark.django_db
def test_the_post_page_suggests_the_most_related_published_posts(client, days_ago):
    posts = _make_corpus_posts(days_ago)

    response = client.get(f"/en/news/{posts[3].slug}/")

    related = [view.post for view in response.context["related"]]
    assert related[0] == posts[4]
    assert posts[3] not in related and posts[5] not in related
    assert "You may like" in response.text


@pytest.mark.django_db
def test_it_never_suggests_unpublished_posts(days_ago):
    posts = _make_corpus_posts(days_ago)
    Post.objects.filter(pk=posts[4].pk).update(status=Post.Status.DRAFT)

    assert posts[4] not in related_posts(posts[3], "en")


@pytest.mark.django_db
def test_it_prefers_posts_translated_into_the_readers_language(days_ago):
    posts = _make_corpus_posts(days_ago)
    # Post 1 is about the same thing as post 2 but only post 5 (unrelated) and 4 are in French;
    # a French reader gets the French ones that share something with post 3 first.
    posts[1].translations.create(language="fr", title="ADN", body="Prélèvements d'ADN.")
    posts[3].translations.create(language="fr", title="Coton", body="Travail forcé dans les champs de coton.")
    posts[4].translations.create(language="fr", title="Usines", body="Travail forcé dans les usines de coton.")

    assert related_posts(posts[3], "fr")[0] == posts[4]
    assert related_posts(posts[2], "fr")[0] == posts[1]


@pytest.mark.django_db
def test_it_caches_the_suggestions_until_a_post_changes(days_ago, django_assert_max_num_queries):
    posts = _make_corpus_posts(days_ago)
    related_posts(posts[1], "en")

    with django_assert_max_num_queries(3):
        assert related_posts(posts[1], "en")[0] == posts[2]

    posts[5].translations.update(title="DNA samples taken at police health checks", body="Blood for DNA profiles, iris scans.")
    posts[5].tags.set(posts[1].tags.all())
    Post.objects.filter(pk=posts[5].pk).update(updated_at=days_ago(-1))

    assert related_posts(posts[1], "en")[0] == posts[5]
