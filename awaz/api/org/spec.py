"""OpenAPI paths and schemas of the organizations' API (see awaz.api.openapi).

Paths start with /osdi/ and schemas with Org, so neither clashes with the public part's.
tests/api/test_org_api.py validates real responses against these schemas.
"""

BEARER = [{"apiToken": []}]
SECURITY_SCHEMES = {
    "apiToken": {
        "type": "http", "scheme": "bearer",
        "description": "An API token an owner created in the studio (API → API tokens): awz_<id>_<secret>.",
    },
}


def _problem(description: str) -> dict:
    return {"description": description, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}


def _hal(ref: str, description: str) -> dict:
    return {"description": description, "content": {"application/hal+json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


AUTH_PROBLEMS = {
    "401": _problem("No token, or an unknown, revoked or expired one."),
    "403": _problem("The token lacks the scope this operation needs."),
    "429": _problem("The token's rate limit; see the Retry-After header."),
}
SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}}
PAGING = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 25}},
]
LINK = {"type": "object", "required": ["href"], "properties": {"href": {"type": "string", "format": "uri"}}}
DATE = {"type": ["string", "null"], "format": "date-time"}


def _collection(item: str, name: str) -> dict:
    return {
        "type": "object",
        "required": ["total_pages", "per_page", "page", "total_records", "_links", "_embedded"],
        "properties": {
            "total_pages": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer"},
            "page": {"type": "integer"},
            "total_records": {"type": "integer", "minimum": 0},
            "_links": {"type": "object", "required": ["self"], "properties": {
                "self": LINK, "next": LINK, "prev": LINK, name: {"type": "array", "items": LINK}}},
            "_embedded": {"type": "object", "required": [name], "properties": {
                name: {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}}}},
        },
    }


SCHEMAS = {
    "OrgEntryPoint": {
        "type": "object", "required": ["_links"],
        "properties": {"motd": {"type": "string"}, "vendor_name": {"type": "string"}, "osdi_version": {"type": "string"},
                       "_links": {"type": "object", "required": ["osdi:petitions"], "properties": {"osdi:petitions": LINK}}},
    },
    "OrgPetition": {
        "type": "object",
        "required": ["identifiers", "origin_system", "title", "browser_url", "total_signatures", "awaz:status", "_links"],
        "properties": {
            "identifiers": {"type": "array", "items": {"type": "string"}},
            "origin_system": {"type": "string"},
            "created_date": DATE, "modified_date": DATE,
            "title": {"type": "string"}, "summary": {"type": "string"}, "petition_text": {"type": "string"},
            "browser_url": {"type": "string", "format": "uri"},
            "total_signatures": {"type": "integer", "minimum": 0},
            "target": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}}}},
            "awaz:status": {"enum": ["draft", "open", "closed"]},
            "awaz:privacy_mode": {"enum": ["standard", "sealed", "count-only"]},
            "awaz:original_language": {"type": "string"},
            "awaz:closes_at": DATE,
            "_links": {"type": "object", "required": ["self", "osdi:signatures"], "properties": {
                "self": LINK, "osdi:signatures": LINK, "osdi:record_signature_helper": LINK}},
        },
    },
    "OrgPerson": {
        "description": "A signer who agreed to be contacted by the organization. In a sealed petition only "
                       "`awaz:sealed` (base64 of the sealed blob, opened with `awaz unseal`). Awaz asks for one "
                       "name: it is all in given_name.",
        "type": "object",
        "properties": {
            "given_name": {"type": "string"}, "family_name": {"type": "string"},
            "email_addresses": {"type": "array", "items": {"type": "object", "required": ["address"], "properties": {
                "address": {"type": "string"}, "primary": {"type": "boolean"}}}},
            "postal_addresses": {"type": "array", "items": {"type": "object", "properties": {
                "country": {"type": "string", "pattern": "^[A-Z]{2}$"}, "primary": {"type": "boolean"}}}},
            "languages_spoken": {"type": "array", "items": {"type": "string"}},
            "awaz:sealed": {"type": "string", "contentEncoding": "base64"},
        },
    },
    "OrgSignature": {
        "type": "object", "required": ["identifiers", "origin_system", "_links", "_embedded"],
        "properties": {
            "identifiers": {"type": "array", "items": {"type": "string"}},
            "origin_system": {"type": "string"},
            "created_date": DATE, "modified_date": DATE, "action_date": DATE,
            "comments": {"type": "string"},
            "_links": {"type": "object", "required": ["self", "osdi:petition"], "properties": {"self": LINK, "osdi:petition": LINK}},
            "_embedded": {"type": "object", "required": ["osdi:person"], "properties": {
                "osdi:person": {"$ref": "#/components/schemas/OrgPerson"}}},
        },
    },
    "OrgPetitionCollection": _collection("OrgPetition", "osdi:petitions"),
    "OrgSignatureCollection": _collection("OrgSignature", "osdi:signatures"),
    "OrgRecordSignature": {
        "description": "The OSDI record-signature helper's body. The signer is emailed a confirmation link.",
        "type": "object", "required": ["person"],
        "properties": {
            "person": {"type": "object", "required": ["given_name", "email_addresses", "postal_addresses"], "properties": {
                "given_name": {"type": "string", "minLength": 1, "maxLength": 120}, "family_name": {"type": "string"},
                "email_addresses": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["address"],
                                    "properties": {"address": {"type": "string", "format": "email", "maxLength": 254}}}},
                "postal_addresses": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["country"],
                                     "properties": {"country": {"type": "string", "pattern": "^[A-Z]{2}$",
                                                                "description": "ISO 3166-1 alpha-2"}}}},
                "languages_spoken": {"type": "array", "items": {"type": "string"}},
            }},
            "comments": {"type": "string"},
            "awaz:organization_contact": {"type": "boolean", "default": False,
                                          "description": "Only true if the signer ticked it on your own form."},
            "awaz:show_publicly": {"type": "boolean", "default": False},
            "awaz:wants_updates": {"type": "boolean", "default": False},
        },
    },
    "OrgRecordSignatureAccepted": {
        "type": "object", "required": ["awaz:status", "_links"],
        "properties": {"awaz:status": {"const": "confirmation-sent"}, "awaz:detail": {"type": "string"},
                       "_links": {"type": "object", "properties": {"osdi:petition": LINK}}},
    },
    "OrgInvalidSignature": {
        "allOf": [{"$ref": "#/components/schemas/Problem"}, {"type": "object", "required": ["errors"], "properties": {
            "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}}}],
    },
    "OrgWebhookEvent": {
        "description": "The body of a webhook delivery (not a path: Awaz POSTs it to your endpoint).",
        "type": "object", "required": ["id", "type", "created", "organization", "data"],
        "properties": {
            "id": {"type": "string", "format": "uuid", "description": "The idempotency key, the same on every retry."},
            "type": {"enum": ["signature.confirmed", "signature.withdrawn", "petition.threshold_reached",
                              "petition.closed", "defence.alert", "test"]},
            "created": {"type": "string", "format": "date-time"},
            "organization": {"type": "string"},
            "data": {"type": "object", "properties": {
                "petition": {"type": "object"}, "threshold": {"type": "integer"},
                "signature": {"type": "object"}, "message": {"type": "string"},
                "alert": {"type": "object", "description": "A defence alert's kind (network, domain or petition), "
                          "subject (a network code or domain label), count, threshold and window."}}},
        },
    },
}

PATHS = {
    "/osdi/": {"get": {
        "operationId": "orgEntryPoint", "summary": "The OSDI entry point", "tags": ["organizations"],
        "responses": {"200": _hal("OrgEntryPoint", "Where the collections are.")},
    }},
    "/osdi/petitions": {"get": {
        "operationId": "orgPetitions", "summary": "The organization's petitions", "tags": ["organizations"],
        "security": BEARER, "parameters": PAGING,
        "responses": {"200": _hal("OrgPetitionCollection", "One page of petitions, oldest first."),
                      "400": _problem("Bad paging."), **AUTH_PROBLEMS},
    }},
    "/osdi/petitions/{slug}": {"get": {
        "operationId": "orgPetition", "summary": "One of the organization's petitions", "tags": ["organizations"],
        "security": BEARER, "parameters": [SLUG],
        "responses": {"200": _hal("OrgPetition", "The petition."), "404": _problem("Not this organization's."),
                      **AUTH_PROBLEMS},
    }},
    "/osdi/petitions/{slug}/signatures": {
        "get": {
            "operationId": "orgSignatures", "tags": ["organizations"],
            "summary": "Confirmed signatures of signers who agreed to be contacted (scope read-signatures)",
            "security": BEARER, "parameters": [SLUG, *PAGING],
            "responses": {"200": _hal("OrgSignatureCollection", "One page, oldest first."),
                          "400": _problem("Bad paging."), "404": _problem("Not this organization's."), **AUTH_PROBLEMS},
        },
        "post": {
            "operationId": "orgRecordSignature", "tags": ["organizations"],
            "summary": "The record-signature helper (scope write-signatures): the sign form's rules, double opt-in",
            "security": BEARER, "parameters": [SLUG],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrgRecordSignature"}}}},
            "responses": {
                "202": _hal("OrgRecordSignatureAccepted", "Stored or signed before (the same answer): the signer is emailed."),
                "400": _problem("Not a JSON object."),
                "404": _problem("Not this organization's."),
                "409": _problem("The petition takes no signatures."),
                "503": _problem("An operator paused signing (Retry-After)."),
                "422": {"description": "A rule of the sign form refused a field.",
                        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/OrgInvalidSignature"}}}},
                **AUTH_PROBLEMS,
            },
        },
    },
    "/osdi/petitions/{slug}/signatures/{signature_id}": {"get": {
        "operationId": "orgSignature", "summary": "One signature (scope read-signatures)", "tags": ["organizations"],
        "security": BEARER,
        "parameters": [SLUG, {"name": "signature_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
        "responses": {"200": _hal("OrgSignature", "The signature."),
                      "404": _problem("Not found, not this organization's, or the signer did not agree to be contacted."),
                      **AUTH_PROBLEMS},
    }},
}
