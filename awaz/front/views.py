"""The home page, search and an organization's page: each shows petitions and news together."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from awaz.core import languages
from awaz.front.search import MAX_QUERY_LENGTH, clean_query, search
from awaz.news.models import Post
from awaz.news.presenters import present_all
from awaz.petitions.models import Organization, Petition
from awaz.signatures.presenters import summarize

PAGE_SIZE = 10
HOME_POSTS = 5
HOME_PETITIONS = 6
# Anonymous visitors all see the same page; a proxy may keep it for a minute.
PAGE_MAX_AGE = 60


def _cacheable(response: HttpResponse, request) -> HttpResponse:
    if not request.user.is_authenticated:
        patch_cache_control(response, public=True, max_age=PAGE_MAX_AGE)
    return response


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


@require_safe
def home(request):
    language = languages.current()
    open_petitions = Petition.objects.open().prefetch_related("translations").order_by("-featured", "-created_at")
    # Every open petition is listed; "featured" only puts it first.
    petitions = list(open_petitions[:HOME_PETITIONS])
    context = {
        "summaries": [summarize(petition, language) for petition in petitions],
        "posts": present_all(Post.objects.public().listed()[:HOME_POSTS], language),
    }
    return _cacheable(render(request, "front/home.html", context), request)


@require_safe
def organization_detail(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    language = languages.current()
    petitions = Petition.objects.public().filter(organization=organization).prefetch_related("translations")
    petitions = petitions.order_by("status", "-created_at")
    page = _page(request, Post.objects.public().listed().filter(organization=organization))
    context = {
        "organization": organization,
        "description": organization.described(language),
        "summaries": [summarize(petition, language) for petition in petitions],
        "page": page,
        "posts": present_all(page.object_list, language),
    }
    return _cacheable(render(request, "front/organization.html", context), request)


@require_safe
def search_view(request):
    raw = request.GET.get("q", "")
    query = clean_query(raw)
    results = search(query, languages.current()) if query else []
    page = _page(request, results)
    context = {
        "query": query,
        "shortened": len(" ".join(raw.split())) > MAX_QUERY_LENGTH,
        "page": page,
        "page_query": urlencode({"q": query}) + "&" if query else "",
    }
    return _cacheable(render(request, "front/search.html", context), request)
