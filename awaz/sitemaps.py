"""/sitemap.xml: petitions, news posts and the main pages, each in every site language.

Every URL carries its alternates (hreflang) and an x-default. The address of the site comes
from BASE_URL, never from the request, and the Sites framework is not needed.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils.cache import patch_cache_control

from awaz.news.models import Post
from awaz.petitions.models import Petition

SITEMAP_MAX_AGE = 3600


@dataclass(frozen=True)
class _BaseUrlSite:
    domain: str
    name: str


class BaseUrlSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def get_urls(self, page=1, site=None, protocol=None):
        base = urlsplit(settings.BASE_URL)
        site = _BaseUrlSite(domain=base.netloc + base.path.rstrip("/"), name="Awaz")
        return super().get_urls(page=page, site=site, protocol=base.scheme)


class PagesSitemap(BaseUrlSitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "petitions:list", "news:index"]

    def location(self, name):
        return reverse(name)


class PetitionSitemap(BaseUrlSitemap):
    changefreq = "daily"

    def items(self):
        return Petition.objects.public().annotate(edited=Max("translations__updated_at")).order_by("pk")

    def lastmod(self, petition):
        return max(filter(None, [petition.created_at, petition.closed_at, petition.edited]))


class PostSitemap(BaseUrlSitemap):
    changefreq = "weekly"

    def items(self):
        return Post.objects.public().order_by("pk")

    def lastmod(self, post):
        return post.updated_at


SITEMAPS = {"pages": PagesSitemap, "petitions": PetitionSitemap, "news": PostSitemap}


def sitemap_view(request):
    response = sitemap(request, sitemaps=SITEMAPS)
    patch_cache_control(response, public=True, max_age=SITEMAP_MAX_AGE)
    return response
