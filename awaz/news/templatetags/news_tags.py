from django import template

from awaz.core import languages
from awaz.news.models import Post

register = template.Library()

UPDATES_SHOWN = 3


@register.simple_tag
def petition_updates(petition):
    """The latest public posts that feature a petition: its campaign updates."""
    language = languages.current()
    posts = Post.objects.public().filter(featured_petition=petition).prefetch_related("translations")[:UPDATES_SHOWN]
    updates = []
    for post in posts:
        text, _ = post.translated(language)
        if text is not None:
            updates.append({"post": post, "text": text})
    return updates
