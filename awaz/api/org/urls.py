from django.urls import include, path

from awaz.api.org import views

osdi = ([
    path("", views.entry_point, name="entry_point"),
    path("petitions", views.petitions, name="petitions"),
    path("petitions/<slug:slug>", views.petition, name="petition"),
    path("petitions/<slug:slug>/signatures", views.signatures, name="signatures"),
    path("petitions/<slug:slug>/signatures/<int:signature_id>", views.signature, name="signature"),
], "api_org")

urlpatterns = [path("osdi/", include(osdi))]
