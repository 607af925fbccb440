"""What a post looks like to a reader of one language, for pages, feeds and search."""

from dataclasses import dataclass

from django.conf import settings

from awaz.core import languages
from awaz.news.models import Post, PostTranslation


@dataclass
class PostView:
    post: Post
    text: PostTranslation | None
    is_fallback: bool

    @property
    def title(self) -> str:
        return self.text.title if self.text else self.post.slug

    @property
    def text_language(self) -> str:
        return self.text.language if self.text else self.post.original_language

    @property
    def teaser_source(self) -> str:
        """Markdown for an excerpt: the summary when there is one, else the text."""
        if self.text is None:
            return ""
        return self.text.summary or self.text.body

    def available_languages(self) -> list[tuple[str, str]]:
        """(code, native name) of the languages this post is written in, in site order."""
        have = {t.language for t in self.post.translations.all()}
        return [(code, name) for code, name in settings.LANGUAGES if code in have]

    def dateline_date(self) -> str:
        return languages.format_long_date(self.post.publish_at) if self.post.publish_at else ""


def present(post: Post, language: str) -> PostView:
    text, is_fallback = post.translated(language)
    return PostView(post, text, is_fallback)


def present_all(posts, language: str) -> list[PostView]:
    return [present(post, language) for post in posts]


def absolute_url(path: str) -> str:
    """Links that leave the page (feeds, shared links, metadata) use the configured address,
    never the Host header of the request."""
    return settings.BASE_URL + path
