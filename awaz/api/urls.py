import json

from django.http import HttpResponse
from django.urls import include, path

from awaz.api.openapi import document


def openapi_json(request):
    response = HttpResponse(json.dumps(document(), ensure_ascii=False), content_type="application/json")
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


urlpatterns = [
    path("openapi.json", openapi_json, name="api_openapi"),
    path("", include("awaz.api.public.urls")),
    path("", include("awaz.api.org.urls")),
]
