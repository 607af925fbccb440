"""The public read API: petitions, counts, timelines and news; no personal data."""

from django.urls import path

from awaz.api.public import views

# No trailing slashes: /api/v1/petitions/{slug} as the OpenAPI document spells it.
urlpatterns = [
    path("petitions", views.petition_list, name="api_petitions"),
    path("petitions/<str:slug>", views.petition_detail, name="api_petition"),
    path("news", views.post_list, name="api_posts"),
    path("news/<str:slug>", views.post_detail, name="api_post"),
    path("organizations", views.organization_list, name="api_organizations"),
    path("organizations/<str:slug>", views.organization_detail, name="api_organization"),
]
