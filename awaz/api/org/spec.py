"""OpenAPI paths and schemas of this part (see awaz.api.openapi)."""

PATHS: dict = {}
SCHEMAS: dict = {}
