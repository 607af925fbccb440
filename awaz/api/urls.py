import json

from django.http import HttpResponse
from django.urls import include, path

from awaz.api.openapi import document
from awaz.api.public.http import public_read


@public_read(max_age=300, shared_max_age=300)
def openapi_json(request):
    return HttpResponse(json.dumps(document(), ensure_ascii=False), content_type="application/json")


urlpatterns = [
    path("openapi.json", openapi_json, name="api_openapi"),
    path("", include("awaz.api.public.urls")),
    path("", include("awaz.api.org.urls")),
]
