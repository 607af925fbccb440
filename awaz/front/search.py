"""Search across news posts and petitions, in the text a reader of one language sees.

For every post and petition that is the reader's translation if there is one, else the
original, exactly as the pages show it. On PostgreSQL that text is matched with full-text
search (a stemming configuration for the languages PostgreSQL has one for, `simple` for the
others) and ranked with ts_rank, title above summary above body. Chinese and Japanese have no
spaces between words for a text search configuration to split on, so for them, and on SQLite,
every word of the query must appear in the text, and matches in the title count most.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q

from awaz.news.models import Post, PostTranslation
from awaz.petitions.models import Petition, PetitionTranslation

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MAX_RESULTS = 300
POSTGRES_CONFIGS = {"en": "english", "fr": "french", "ru": "russian", "tr": "turkish", "ar": "arabic"}
NO_WORD_SPACING = {"ja", "zh-hans"}


@dataclass
class SearchResult:
    kind: str  # "post" or "petition"
    item: Post | Petition
    text: PostTranslation | PetitionTranslation
    rank: float
    date: datetime | None

    @property
    def is_post(self) -> bool:
        return self.kind == "post"

    @property
    def teaser_source(self) -> str:
        return self.text.summary or self.text.body


def clean_query(raw: str) -> str:
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def _reader_texts(model, parent: str, language: str):
    """Translation rows a reader of `language` is shown: theirs, else the original."""
    own = model.objects.filter(**{parent: OuterRef(parent), "language": language})
    original = Q(language=F(f"{parent}__original_language")) & ~Exists(own)
    return model.objects.filter(Q(language=language) | original)


def _fulltext(texts, query: str, language: str) -> list[tuple[object, float]]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    config = POSTGRES_CONFIGS.get(language, "simple")
    vector = (
        SearchVector("title", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector("body", weight="C", config=config)
    )
    search_query = SearchQuery(query, search_type="websearch", config=config)
    rows = texts.annotate(document=vector, rank=SearchRank(vector, search_query)).filter(document=search_query)
    return [(row, float(row.rank)) for row in rows.order_by("-rank")[:MAX_RESULTS]]


def _variants(term: str) -> set[str]:
    # SQLite's LIKE ignores case for ASCII letters only; asking for the usual spellings of a
    # word lets the database narrow the rows, and Python then compares properly.
    return {term, term.lower(), term.upper(), term.capitalize(), term.title()}


def _substring(texts, query: str) -> list[tuple[object, float]]:
    terms = list(dict.fromkeys(query.casefold().split()))[:MAX_TERMS]
    if not terms:
        return []
    for term in terms:
        match = Q()
        for variant in _variants(term):
            match |= Q(title__icontains=variant) | Q(summary__icontains=variant) | Q(body__icontains=variant)
        texts = texts.filter(match)
    results = []
    for row in texts[: MAX_RESULTS * 3]:
        title, summary, body = row.title.casefold(), row.summary.casefold(), row.body.casefold()
        if not all(term in title or term in summary or term in body for term in terms):
            continue
        rank = sum(3 * title.count(t) + 2 * min(summary.count(t), 5) + min(body.count(t), 10) for t in terms)
        results.append((row, float(rank)))
    return results


def _match(texts, query: str, language: str):
    if connection.vendor == "postgresql" and language not in NO_WORD_SPACING:
        return _fulltext(texts, query, language)
    return _substring(texts, query)


def search(query: str, language: str) -> list[SearchResult]:
    """Public posts and petitions matching `query`, best first."""
    query = clean_query(query)
    if not query:
        return []
    posts = _reader_texts(PostTranslation, "post", language).filter(post__in=Post.objects.public()).select_related("post")
    petitions = (
        _reader_texts(PetitionTranslation, "petition", language)
        .filter(petition__in=Petition.objects.public())
        .select_related("petition")
    )
    results = [SearchResult("post", row.post, row, rank, row.post.publish_at) for row, rank in _match(posts, query, language)]
    results += [
        SearchResult("petition", row.petition, row, rank, row.petition.created_at)
        for row, rank in _match(petitions, query, language)
    ]
    results.sort(key=lambda r: (-round(r.rank, 9), -(r.date.timestamp() if r.date else 0), r.kind, -r.item.pk))
    return results[:MAX_RESULTS]
