import json

from django.urls import URLResolver, get_resolver
from openapi_spec_validator import validate

from awaz.api.openapi import document


def test_it_serves_an_openapi_3_1_document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = json.loads(response.content)
    assert doc["openapi"] == "3.1.0"
    assert "Problem" in doc["components"]["schemas"]
    assert response["Access-Control-Allow-Origin"] == "*" and response["ETag"]


def test_the_document_is_valid_openapi_3_1():
    validate(document())  # raises on any error


def test_an_invalid_document_is_refused_by_the_validator():
    import pytest
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    broken = json.loads(json.dumps(document()))
    broken["paths"]["/petitions"]["get"]["responses"] = {"200": {"content": {}}}  # no description
    with pytest.raises(OpenAPIValidationError):
        validate(broken)


def _api_routes() -> set[str]:
    """The routes under /api/v1/ as OpenAPI templates (`petitions/<str:slug>` → `/petitions/{slug}`)."""
    import re

    api = next(p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and str(p.pattern) == "api/v1/")
    routes = set()

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                routes.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", prefix + str(pattern.pattern)))

    walk(api.url_patterns)
    return routes


def test_every_route_of_the_api_is_documented():
    routes = _api_routes() - {"/openapi.json"}
    assert {"/petitions", "/petitions/{slug}", "/news", "/news/{slug}", "/organizations"} <= routes
    assert routes <= set(document()["paths"]), routes - set(document()["paths"])


def test_an_unknown_api_path_is_not_a_language_redirect(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_part_that_names_a_path_or_an_operation_twice_is_refused(monkeypatch):
    import sys
    import types

    import pytest

    from awaz.api import openapi

    twin = types.ModuleType("tests_api_twin_part")
    twin.SCHEMAS = {}
    twin.PATHS = {"/elsewhere": {"get": {"operationId": "listPetitions", "responses": {}}}}
    monkeypatch.setitem(sys.modules, twin.__name__, twin)
    monkeypatch.setattr(openapi, "PARTS", (*openapi.PARTS, twin.__name__))
    openapi.document.cache_clear()
    try:
        with pytest.raises(ValueError, match="listPetitions"):
            openapi.document()
        twin.PATHS = {"/petitions": {}}
        with pytest.raises(ValueError, match="/petitions"):
            openapi.document()
    finally:
        openapi.document.cache_clear()
