"""Checks a real response against the OpenAPI document: its status is documented for the
operation, and its body validates against the documented schema (JSON Schema 2020-12)."""

import json
import re

from jsonschema import Draft202012Validator, FormatChecker

from awaz.api.openapi import document

PREFIX = "/api/v1"


def operation_for(path: str, method: str = "get") -> dict:
    doc = document()
    path = path.split("?", 1)[0].removeprefix(PREFIX)
    for template, item in doc["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method in item:
            return item[method]
    raise AssertionError(f"{method.upper()} {path} is not in the OpenAPI document")


def assert_conforms(path: str, response, method: str = "get") -> None:
    operation = operation_for(path, method)
    responses = operation["responses"]
    documented = responses.get(str(response.status_code)) or responses.get("default")
    assert documented, f"{response.status_code} is not documented for {path}"
    if response.status_code == 304 or not response.content:
        return
    content_type = response["Content-Type"].split(";")[0]
    assert content_type in documented["content"], f"{content_type} is not documented for {path} {response.status_code}"
    schema = {**documented["content"][content_type]["schema"], "components": document()["components"]}
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(json.loads(response.content)), key=lambda e: list(e.path))
    assert not errors, f"{path}: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    for name in documented.get("headers", {}):
        if name in ("ETag", "Cache-Control", "Access-Control-Allow-Origin"):
            assert name in response, f"{path} has no {name} header"
