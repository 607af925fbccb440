"""“You may like”: the posts closest in content to a post, in pure Python.

Each public post becomes a bag of words from the text a reader of the language sees (title
twice, summary and body once) plus its tags as language-neutral terms (three times, as a tag is
the campaigner's own statement of what a post is about). Terms are weighted by TF-IDF
(1 + log tf) * log((1 + N) / (1 + df)), so words that every post uses weigh nothing, and posts
are ranked by the cosine of their vectors.

Posts readable in the reader's language come first; ties go to the newer post, then the higher
id, so the answer never depends on dictionary order or on the database. Results are cached per
language and per state of the corpus, which any edit or publication changes.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models import Count, Max

from awaz.core.markdown import plain_excerpt

RELATED_LIMIT = 3
CACHE_SECONDS = 3600
TITLE_WEIGHT = 2
TAG_WEIGHT = 3
MIN_WORD_LENGTH = 3

# Words that say nothing about a post's subject. IDF alone gives them little weight, but in a
# small newsroom "and" or "pour" is in most posts but not all, and would link unrelated ones.
STOP_WORDS = frozenset(
    """
    about after all also and any are been before being but can could did does for from had has
    have her his how into its more most not now off one only other our out over own she should
    some such than that the their them then there these they this those through too under until
    very was were what when where which while who why will with would you your
    aux avec ces cette comme dans des donc elle elles est ils les leur leurs mais même nos notre
    nous par pas plus pour qui que quel sans ses son sont sur une vos votre vous été être
    """.split()
)
_WORD = re.compile(r"\w+")
# Chinese and Japanese are written without spaces: they are compared by pairs of characters.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Document:
    id: int
    terms: dict[str, int]
    same_language: bool
    published_at: float  # a timestamp, so the document pickles small


def tokenize(text: str) -> list[str]:
    tokens = []
    for word in _WORD.findall((text or "").casefold()):
        if _CJK.search(word):
            tokens.extend(word[i : i + 2] for i in range(max(1, len(word) - 1)))
        elif len(word) >= MIN_WORD_LENGTH and not word.isdigit() and word not in STOP_WORDS:
            tokens.append(word)
    return tokens


def make_document(*, id: int, title: str, body: str, tags: list[str], same_language: bool, published_at: datetime | None) -> Document:
    terms = Counter()
    for token in tokenize(title):
        terms[token] += TITLE_WEIGHT
    terms.update(tokenize(body))
    for tag in tags:
        terms[f"#{tag}"] += TAG_WEIGHT
    return Document(id, dict(terms), same_language, published_at.timestamp() if published_at else 0.0)


def _vector(terms: dict[str, int], idf: dict[str, float]) -> dict[str, float]:
    vector = {term: (1 + math.log(n)) * idf.get(term, 0.0) for term, n in terms.items()}
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {term: w / norm for term, w in vector.items() if w} if norm else {}


def rank_related(target: Document, corpus: list[Document], limit: int = RELATED_LIMIT) -> list[int]:
    """Ids of the `limit` documents of `corpus` most similar to `target`, best first."""
    documents = {doc.id: doc for doc in corpus}
    documents[target.id] = target
    frequency = Counter(term for doc in documents.values() for term in doc.terms)
    n = len(documents)
    idf = {term: math.log((1 + n) / (1 + df)) for term, df in frequency.items()}
    target_vector = _vector(target.terms, idf)
    scored = []
    for doc in documents.values():
        if doc.id == target.id:
            continue
        vector = _vector(doc.terms, idf)
        score = sum(weight * vector.get(term, 0.0) for term, weight in target_vector.items())
        if score > 1e-9:
            # Rounded so that equal scores computed in a different order compare equal.
            scored.append((not doc.same_language, -round(score, 9), -doc.published_at, -doc.id))
    scored.sort()
    return [-key[3] for key in scored[:limit]]


def document_for(post, language: str) -> Document:
    text, is_fallback = post.translated(language)
    return make_document(
        id=post.pk,
        title=text.title if text else "",
        body=plain_excerpt(f"{text.summary}\n\n{text.body}", words=5000) if text else "",
        tags=[tag.slug for tag in post.tags.all()],
        same_language=bool(text) and not is_fallback,
        published_at=post.publish_at,
    )


def _corpus_version() -> str:
    from awaz.news.models import Post

    state = Post.objects.public().aggregate(
        n=Count("id", distinct=True), posts=Max("updated_at"), texts=Max("translations__updated_at")
    )
    stamp = [state["n"]] + [value.timestamp() if value else 0 for value in (state["posts"], state["texts"])]
    return "-".join(str(part) for part in stamp)


def _corpus(language: str, version: str) -> list[Document]:
    from awaz.news.models import Post

    key = f"awaz:news:corpus:{language}:{version}"
    corpus = cache.get(key)
    if corpus is None:
        posts = Post.objects.public().prefetch_related("translations", "tags")
        corpus = [document_for(post, language) for post in posts]
        cache.set(key, corpus, CACHE_SECONDS)
    return corpus


def related_posts(post, language: str, limit: int = RELATED_LIMIT) -> list:
    """The public posts most like `post`, for a reader of `language`, best first."""
    from awaz.news.models import Post

    version = _corpus_version()
    key = f"awaz:news:related:{language}:{version}:{post.pk}:{limit}"
    ids = cache.get(key)
    if ids is None:
        corpus = _corpus(language, version)
        target = next((doc for doc in corpus if doc.id == post.pk), None) or document_for(post, language)
        ids = rank_related(target, corpus, limit)
        cache.set(key, ids, CACHE_SECONDS)
    posts = {p.pk: p for p in Post.objects.public().filter(pk__in=ids).select_related("organization").prefetch_related("translations")}
    return [posts[pk] for pk in ids if pk in posts]
