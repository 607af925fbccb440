"""Campaigner-written Markdown, rendered to HTML that cannot run script or load third parties."""

import html as html_lib

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "i", "img",
    "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"}}


def _is_local_image(src: str) -> bool:
    # Images from other hosts would tell them who reads the page; only our own uploads load.
    return src.startswith("/") and not src.startswith("//")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not _is_local_image(value):
        return None
    return value


def render_markdown(text: str) -> SafeString:
    html = markdown_lib.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)


def plain_excerpt(text: str, words: int = 40) -> str:
    """Markdown reduced to its first words of plain text, for teasers and metadata."""
    html = markdown_lib.markdown(text or "")
    plain = " ".join(html_lib.unescape(nh3.clean(html, tags=set())).split())
    parts = plain.split(" ")
    return plain if len(parts) <= words else " ".join(parts[:words]) + "…"
