"""The OpenAPI 3.1 document at /api/v1/openapi.json, assembled from the parts that own the paths.

Each part is a module with `PATHS` (OpenAPI path items) and `SCHEMAS` (component schemas), and
may have `SECURITY_SCHEMES`; a path, schema or operationId named twice is a programming error.
The public part prefixes its schemas with `Public`.
"""

import importlib
from functools import cache

PARTS = ("awaz.api.public.spec", "awaz.api.org.spec")
SCHEMAS = {
    "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details. `type` names the kind of problem (docs/api.md lists them); "
                       "members other than these are extensions.",
        "required": ["type", "title", "status"],
        "properties": {
            "type": {"type": "string", "format": "uri"},
            "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": {"type": "string"},
            "invalid-params": {
                "type": "array",
                "description": "The query parameters that were refused, and why.",
                "items": {
                    "type": "object",
                    "required": ["name", "reason"],
                    "properties": {"name": {"type": "string"}, "reason": {"type": "string"}},
                },
            },
        },
    },
}


@cache
def document() -> dict:
    from django.conf import settings

    paths, schemas, security = {}, dict(SCHEMAS), {}
    for name in PARTS:
        part = importlib.import_module(name)
        for key, target in ((paths, part.PATHS), (schemas, part.SCHEMAS), (security, getattr(part, "SECURITY_SCHEMES", {}))):
            twice = set(key) & set(target)
            if twice:
                raise ValueError(f"{name} names {sorted(twice)} again")
            key.update(target)
    operation_ids = [op["operationId"] for item in paths.values() for op in item.values() if "operationId" in op]
    if len(operation_ids) != len(set(operation_ids)):
        raise ValueError(f"operationId named twice: {sorted({i for i in operation_ids if operation_ids.count(i) > 1})}")
    components = {"schemas": schemas}
    if security:
        components["securitySchemes"] = security
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Awaz API",
            "version": "1",
            "description": "Public petition data, and the organizations' OSDI-shaped API. See docs/api.md.",
        },
        "servers": [{"url": settings.BASE_URL + "/api/v1"}],
        "paths": paths,
        "components": components,
    }
