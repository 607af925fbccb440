from django.urls import include, path

from awaz.api.org import views

# Plain strings in the paths: whatever is typed there, the views answer with a problem
# (application/problem+json), never with the site's HTML 404 page.
osdi = ([
    path("", views.entry_point, name="entry_point"),
    path("petitions", views.petitions, name="petitions"),
    path("petitions/<str:slug>", views.petition, name="petition"),
    path("petitions/<str:slug>/signatures", views.signatures, name="signatures"),
    path("petitions/<str:slug>/signatures/<str:signature_id>", views.signature, name="signature"),
], "api_org")

urlpatterns = [path("osdi/", include(osdi))]
