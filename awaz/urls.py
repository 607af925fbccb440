from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from awaz.core import views as core_views
from awaz.petitions import views as petition_views

urlpatterns = [
    path(f"{settings.ADMIN_URL}/", admin.site.urls),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
]

urlpatterns += i18n_patterns(
    path("", petition_views.petition_list, name="home"),
    path("petitions/", include("awaz.petitions.urls")),
    path("", include("awaz.signatures.urls")),
    prefix_default_language=True,
)

handler404 = "awaz.core.errors.not_found"
handler500 = "awaz.core.errors.server_error"
