"""RSS 2.0 and Atom feeds of the news, for all posts and per tag, in the URL's language.

A feed under /fr/ carries the French text of each post, or its original where there is no
French yet, exactly as the French pages do. Every link is absolute and built from BASE_URL.
"""

import re

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from awaz.core import languages
from awaz.core.context_processors import bcp47
from awaz.core.markdown import render_markdown
from awaz.news.models import Post, Tag
from awaz.news.presenters import absolute_url, present

FEED_ITEMS = 20
FEED_MAX_AGE = 300
# Sanitized HTML only ever holds site-relative links of this form; feed readers need them whole.
_RELATIVE = re.compile(r'(\s(?:href|src)=")/(?!/)')


def _absolute_links(html: str) -> str:
    return _RELATIVE.sub(lambda m: f"{m.group(1)}{absolute_url('/')}", html)


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed
    author_name = "Awaz"

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
        return response

    @property
    def language(self):
        # The URL's language, activated for this request (one Feed instance serves every thread).
        return bcp47(languages.current())

    def get_object(self, request, slug=None):
        return get_object_or_404(Tag, slug=slug) if slug else None

    def title(self, tag):
        if tag:
            return _("Awaz news: %(tag)s") % {"tag": tag.name}
        return _("Awaz news")

    def description(self, tag):
        if tag:
            return _("News and press releases tagged “%(tag)s”.") % {"tag": tag.name}
        return _("News and press releases from the campaigns on Awaz.")

    def link(self, tag):
        return absolute_url(tag.get_absolute_url() if tag else reverse("news:index"))

    def feed_url(self, tag):
        name = "news:tag_atom" if self.feed_type is Atom1Feed else "news:tag_rss"
        if tag:
            return absolute_url(reverse(name, kwargs={"slug": tag.slug}))
        return absolute_url(reverse("news:atom" if self.feed_type is Atom1Feed else "news:rss"))

    def items(self, tag):
        posts = Post.objects.public().select_related("organization").prefetch_related("translations", "tags")
        if tag:
            posts = posts.filter(tags=tag)
        return [present(post, languages.current()) for post in posts.newest_first()[:FEED_ITEMS]]

    def item_title(self, view):
        return view.title

    def item_description(self, view):
        if view.text is None:
            return ""
        return _absolute_links(render_markdown(view.text.body))

    def item_link(self, view):
        return absolute_url(view.post.get_absolute_url())

    def item_guid(self, view):
        # The slug never changes, so neither does the id a feed reader remembers.
        return absolute_url(view.post.get_absolute_url())

    def item_pubdate(self, view):
        return view.post.publish_at

    def item_updateddate(self, view):
        return max(view.post.updated_at, view.text.updated_at) if view.text else view.post.updated_at

    def item_author_name(self, view):
        return view.post.organization.name

    def item_categories(self, view):
        return [tag.name for tag in view.post.tags.all()]

    def item_guid_is_permalink(self, view):
        return True


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed

    def subtitle(self, tag):
        return self.description(tag)
