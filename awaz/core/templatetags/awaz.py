from django import template

from awaz.core import languages
from awaz.core.markdown import plain_excerpt, render_markdown

register = template.Library()


@register.filter
def number(value):
    """A number written the way the page's language writes numbers."""
    return languages.format_number(int(value or 0))


@register.filter
def longdate(value):
    return languages.format_long_date(value) if value else ""


@register.filter
def listing(items):
    return languages.format_list(items)


@register.filter
def country(code):
    return languages.country_name(code)


@register.filter
def markdown(text):
    return render_markdown(text)


@register.filter
def excerpt(text, words=40):
    return plain_excerpt(text, int(words))


@register.filter
def direction(code):
    return languages.direction(code)


@register.filter
def bcp47(code):
    from awaz.core.context_processors import bcp47 as to_bcp47

    return to_bcp47(code)


@register.filter
def absolute(path):
    """A path made into a link that leaves the page, from AWAZ_BASE_URL (awaz.core.links)."""
    from awaz.core.links import absolute_url

    return absolute_url(str(path))
