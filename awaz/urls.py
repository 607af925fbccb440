from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from awaz.core import views as core_views
from awaz.front import petitions as front_petitions
from awaz.front import views as front_views
from awaz.news import views as news_views
from awaz.sitemaps import sitemap_view

urlpatterns = [
    # Two-factor login in place of the admin's own login view (same URL, matched first).
    path(f"{settings.ADMIN_URL}/login/", include("awaz.accounts.urls")),
    path(f"{settings.ADMIN_URL}/", admin.site.urls),
    # The campaigners' studio, behind the same password + code login as the admin.
    path(f"{settings.STUDIO_URL}/login/", include("awaz.studio.login_urls")),
    # The studio's pages for the organizations' API (tokens, webhooks, CRM exports).
    path(f"{settings.STUDIO_URL}/<slug:org>/api/", include("awaz.api.org.studio_urls")),
    path(f"{settings.STUDIO_URL}/", include("awaz.studio.urls")),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("sitemap.xml", sitemap_view, name="sitemap"),
    re_path(r"^media/(?P<path>.+)$", news_views.media, name="media"),
    # The short address printed on posters; it redirects to the reader's language.
    path("p/<slug:slug>/", front_petitions.petition_short, name="petition_short"),
    path("log/", include("awaz.transparency.urls")),
    path("api/v1/", include("awaz.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", front_views.home, name="home"),
    path("petitions/", include("awaz.front.petition_urls")),
    path("petitions/", include("awaz.outcomes.urls")),  # the live counter
    path("petitions/<slug:slug>/verify/", front_petitions.verify, name="log_verify"),
    path("news/", include("awaz.news.urls")),
    path("search/", front_views.search_view, name="search"),
    path("organizations/<slug:slug>/", front_views.organization_detail, name="organization"),
    path("", include("awaz.signatures.urls")),
    prefix_default_language=True,
)

handler400 = "awaz.core.errors.bad_request"
handler404 = "awaz.core.errors.not_found"
handler500 = "awaz.core.errors.server_error"
