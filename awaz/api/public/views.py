"""The public read API: petitions, news posts and organizations, as JSON (see docs/api.md).

Each view reads what a public page reads (public petitions and posts only) and hands it to
`present`; `http.public_read` gives them caching, CORS, the rate limit and the error format.
A page of 100 petitions costs a fixed handful of queries, whatever its length.
"""

from django.db.models import Prefetch, Q
from django.utils import timezone

from awaz.api import problems
from awaz.api.public import present
from awaz.api.public.http import choice, json_response, language, paginate, public_read
from awaz.news.models import Post, Tag
from awaz.petitions.models import Organization, Petition
from awaz.signatures.counts import petition_numbers, petitions_numbers

# Counts change by the second: browsers keep them briefly, a CDN a little longer.
COUNTS_MAX_AGE, COUNTS_SHARED_MAX_AGE = 5, 10
# News and organizations change rarely.
STABLE_MAX_AGE, STABLE_SHARED_MAX_AGE = 60, 300
STATUSES = {"open", "closed"}


def _petitions():
    return (
        Petition.objects.public()
        .select_related("organization")
        .prefetch_related("translations")
        .order_by("-created_at", "-id")
    )


def _filter_status(queryset, status: str | None):
    now = timezone.now()
    taking = Q(status=Petition.Status.OPEN) & (Q(closes_at__isnull=True) | Q(closes_at__gt=now))
    if status == "open":
        return queryset.filter(taking)
    if status == "closed":
        return queryset.exclude(taking)
    return queryset


@public_read(max_age=COUNTS_MAX_AGE, shared_max_age=COUNTS_SHARED_MAX_AGE)
def petition_list(request):
    wanted = language(request)
    queryset = _filter_status(_petitions(), choice(request, "status", STATUSES))
    if organization := request.GET.get("organization"):
        queryset = queryset.filter(organization__slug=organization)
    if wanted:
        queryset = queryset.filter(translations__language=wanted)
    petitions, meta, links = paginate(request, queryset, request.path)
    numbers = petitions_numbers([p.pk for p in petitions])
    data = [present.petition_summary(p, numbers[p.pk], wanted) for p in petitions]
    return json_response({"data": data, "meta": meta, "links": links}, links=links)


@public_read(max_age=COUNTS_MAX_AGE, shared_max_age=COUNTS_SHARED_MAX_AGE)
def petition_detail(request, slug):
    wanted = language(request)
    petition = _petitions().filter(slug=slug).first()
    if petition is None:
        return problems.not_found("No public petition has this slug.")
    return json_response(present.petition_detail(petition, petition_numbers(petition.pk), wanted))


def _posts():
    return (
        Post.objects.public()
        .select_related("organization", "featured_petition")
        .prefetch_related("translations", Prefetch("tags", queryset=Tag.objects.order_by("slug")))
        .newest_first()
    )


@public_read(max_age=STABLE_MAX_AGE, shared_max_age=STABLE_SHARED_MAX_AGE)
def post_list(request):
    wanted = language(request)
    queryset = _posts()
    if organization := request.GET.get("organization"):
        queryset = queryset.filter(organization__slug=organization)
    if tag := request.GET.get("tag"):
        queryset = queryset.filter(tags__slug=tag)
    if wanted:
        queryset = queryset.filter(translations__language=wanted)
    posts, meta, links = paginate(request, queryset, request.path)
    data = [present.post_summary(post, wanted) for post in posts]
    return json_response({"data": data, "meta": meta, "links": links}, links=links)


@public_read(max_age=STABLE_MAX_AGE, shared_max_age=STABLE_SHARED_MAX_AGE)
def post_detail(request, slug):
    wanted = language(request)
    post = _posts().filter(slug=slug).first()
    if post is None:
        return problems.not_found("No published news post has this slug.")
    return json_response(present.post_detail(post, wanted))


def _organizations():
    return Organization.objects.prefetch_related("translations").order_by("name", "slug")


@public_read(max_age=STABLE_MAX_AGE, shared_max_age=STABLE_SHARED_MAX_AGE)
def organization_list(request):
    organizations, meta, links = paginate(request, _organizations(), request.path)
    data = [present.organization(org) for org in organizations]
    return json_response({"data": data, "meta": meta, "links": links}, links=links)


@public_read(max_age=STABLE_MAX_AGE, shared_max_age=STABLE_SHARED_MAX_AGE)
def organization_detail(request, slug):
    org = _organizations().filter(slug=slug).first()
    if org is None:
        return problems.not_found("No organization has this slug.")
    return json_response(present.organization(org))
