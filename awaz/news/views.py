from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_safe
from django.views.static import serve

from awaz.core import languages
from awaz.news.models import Post, Tag
from awaz.news.presenters import absolute_url, present, present_all
from awaz.news.related import related_posts
from awaz.petitions.models import Petition
from awaz.signatures.presenters import summarize

PAGE_SIZE = 10
# Anonymous visitors all see the same page; a proxy may keep it for a minute.
PAGE_MAX_AGE = 60
# Uploads get a new random name each time, so a browser may keep one for a day.
MEDIA_MAX_AGE = 24 * 3600


def _cacheable(response: HttpResponse, request) -> HttpResponse:
    if not request.user.is_authenticated:
        patch_cache_control(response, public=True, max_age=PAGE_MAX_AGE)
    return response


def _public_posts():
    return Post.objects.public().listed()


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


@require_safe
def post_list(request):
    page = _page(request, _public_posts())
    context = {"page": page, "posts": present_all(page.object_list, languages.current())}
    return _cacheable(render(request, "news/list.html", context), request)


@require_safe
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    page = _page(request, _public_posts().filter(tags=tag))
    context = {"tag": tag, "page": page, "posts": present_all(page.object_list, languages.current())}
    return _cacheable(render(request, "news/tag.html", context), request)


def _post_queryset(queryset):
    return queryset.select_related("organization", "featured_petition").prefetch_related(
        "translations", "tags", "featured_petition__translations"
    )


def _render_post(request, post: Post, *, preview: bool = False) -> HttpResponse:
    language = languages.current()
    neighbours = Post.objects.public().prefetch_related("translations")
    older, newer = neighbours.before(post).first(), neighbours.after(post).first()
    petition = post.featured_petition
    context = {
        "view": present(post, language),
        "preview": preview,
        "tags": list(post.tags.all()),
        "cta": summarize(petition, language) if petition and petition.status != Petition.Status.DRAFT else None,
        "previous": present(older, language) if older else None,
        "next": present(newer, language) if newer else None,
        "related": present_all(related_posts(post, language), language),
        "share_url": absolute_url(post.get_absolute_url()),
        "image_url": absolute_url(post.featured_image.url) if post.featured_image else "",
    }
    return render(request, "news/detail.html", context)


@require_safe
def post_detail(request, slug):
    post = get_object_or_404(_post_queryset(Post.objects.public()), slug=slug)
    return _cacheable(_render_post(request, post), request)


@staff_member_required
@require_safe
def post_preview(request, pk):
    """Any post as it will look, for staff, whatever its status. Never cached, never indexed."""
    post = get_object_or_404(_post_queryset(Post.objects.all()), pk=pk)
    response = _render_post(request, post, preview=True)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def media(request, path):
    """Images uploaded through the admin. Served by Django: a newsroom has few and small ones."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    patch_cache_control(response, public=True, max_age=MEDIA_MAX_AGE)
    return response
