"""OpenAPI paths and schemas of the public read API (see awaz.api.openapi).

Every schema closes its objects (`additionalProperties: false`), so a field added to a
response without being documented here fails tests/api/test_public_schema.py.
"""

from django.conf import settings

from awaz.fraud.models import InvalidationReason
from awaz.outcomes.models import OutcomeKind
from awaz.petitions.models import Petition


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(properties: dict, *, optional: tuple = (), description: str = "") -> dict:
    schema = {
        "type": "object",
        "required": [name for name in properties if name not in optional],
        "properties": properties,
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


STRING = {"type": "string"}
URL = {"type": "string", "format": "uri"}
COUNT = {"type": "integer", "minimum": 0}
MOMENT = _nullable({"type": "string", "format": "date-time"})
LANGUAGES = [code for code, _name in settings.LANGUAGES]
LANGUAGE_CODE = {"type": "string", "description": "A language code such as en, fr, zh-hans, ug-latn."}

# --- Parameters -------------------------------------------------------------------------------

SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}
LANGUAGE = {
    "name": "language", "in": "query", "required": False,
    "description": "A site language. On lists: only what is written in it, with its texts in it. "
                   "On one object: the language of texts chosen for the reader (titles of the timeline, "
                   "the texts of `title`/`summary`), falling back to the original.",
    "schema": {"type": "string", "enum": LANGUAGES},
}
ORGANIZATION = {
    "name": "organization", "in": "query", "required": False,
    "description": "Only those of the organization with this slug.", "schema": {"type": "string"},
}
PAGE = {"name": "page", "in": "query", "required": False, "description": "1 for the first page.",
        "schema": {"type": "integer", "minimum": 1, "default": 1}}
PER_PAGE = {"name": "per_page", "in": "query", "required": False,
            "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}}
IF_NONE_MATCH = {
    "name": "If-None-Match", "in": "header", "required": False,
    "description": "An ETag from an earlier answer: 304 Not Modified while it still matches.",
    "schema": {"type": "string"},
}
STATUS = {
    "name": "status", "in": "query", "required": False,
    "description": "open: taking signatures; closed: closed by hand or past its closing date.",
    "schema": {"type": "string", "enum": ["open", "closed"]},
}
TAG = {"name": "tag", "in": "query", "required": False, "description": "Only posts with this tag (its slug).",
       "schema": {"type": "string"}}

# --- Responses --------------------------------------------------------------------------------

CACHE_HEADERS = {
    "ETag": {"description": "A strong validator of this representation.", "schema": {"type": "string"}},
    "Cache-Control": {"schema": {"type": "string"}},
    "Access-Control-Allow-Origin": {"schema": {"type": "string", "const": "*"}},
}


def _problem(description: str, headers: dict | None = None) -> dict:
    response = {"description": description, "content": {"application/problem+json": {"schema": _ref("Problem")}}}
    if headers:
        response["headers"] = headers
    return response


def _ok(schema_name: str, description: str, *, paged: bool = False) -> dict:
    headers = dict(CACHE_HEADERS)
    if paged:
        headers["Link"] = {"description": "RFC 8288 links: self, first, last, prev, next.",
                           "schema": {"type": "string"}}
    return {"description": description, "headers": headers, "content": {"application/json": {"schema": _ref(schema_name)}}}


COMMON_RESPONSES = {
    "304": {"description": "Not modified: the If-None-Match ETag still matches.",
            "headers": {"ETag": CACHE_HEADERS["ETag"]}},
    "429": _problem(
        "Too many requests from this client's network.",
        {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "string"}}},
    ),
    "default": _problem("Any other error, as RFC 9457 problem details."),
}


def _get(summary: str, parameters: list, responses: dict, operation_id: str, description: str = "") -> dict:
    operation = {
        "operationId": operation_id,
        "summary": summary,
        "tags": ["public"],
        "parameters": parameters + [IF_NONE_MATCH],
        "responses": {**responses, **COMMON_RESPONSES},
    }
    if description:
        operation["description"] = description
    return {"get": operation}


BAD_PARAMS = _problem("A query parameter is invalid; `invalid-params` names it.")
NOT_FOUND = _problem("No public object has this slug.")

PATHS = {
    "/petitions": _get(
        "Public petitions, newest first", [STATUS, ORGANIZATION, LANGUAGE, PAGE, PER_PAGE],
        {"200": _ok("PublicPetitionPage", "A page of petitions.", paged=True), "400": BAD_PARAMS},
        "listPetitions",
        "Open and closed petitions (never drafts), with their counts. Counts are cached for a "
        "few seconds (Cache-Control).",
    ),
    "/petitions/{slug}": _get(
        "One petition with every translation, its counts by country and its timeline", [SLUG, LANGUAGE],
        {"200": _ok("PublicPetitionDetail", "The petition."), "400": BAD_PARAMS, "404": NOT_FOUND},
        "getPetition",
        f"Countries with fewer than {settings.COUNTRY_MIN_GROUP} signatures are added up in "
        "`other_countries`, as on the petition's page. No signer is ever named.",
    ),
    "/news": _get(
        "Published news posts, newest first", [ORGANIZATION, TAG, LANGUAGE, PAGE, PER_PAGE],
        {"200": _ok("PublicPostPage", "A page of posts.", paged=True), "400": BAD_PARAMS},
        "listNews",
    ),
    "/news/{slug}": _get(
        "One news post with every translation", [SLUG, LANGUAGE],
        {"200": _ok("PublicPostDetail", "The post."), "400": BAD_PARAMS, "404": NOT_FOUND},
        "getNewsPost",
    ),
    "/organizations": _get(
        "Organizations, by name", [PAGE, PER_PAGE],
        {"200": _ok("PublicOrganizationPage", "A page of organizations.", paged=True), "400": BAD_PARAMS},
        "listOrganizations",
    ),
    "/organizations/{slug}": _get(
        "One organization", [SLUG],
        {"200": _ok("PublicOrganization", "The organization."), "404": NOT_FOUND},
        "getOrganization",
    ),
}

# --- Schemas ----------------------------------------------------------------------------------

ORGANIZATION_REF = _object({"slug": STRING, "name": STRING, "url": URL})

PETITION_SUMMARY = {
    "slug": STRING,
    "url": {**URL, "description": "This petition in the API."},
    "html_url": {**URL, "description": "Its public page, in the language of `title`."},
    "status": {"type": "string", "enum": ["open", "closed"]},
    "privacy_mode": {
        "type": "string", "enum": [mode.value for mode in Petition.PrivacyMode],
        "description": "What the server keeps of signers: standard, sealed (to the organization's key) or count-only.",
    },
    "organization": _ref("PublicOrganizationRef"),
    "original_language": LANGUAGE_CODE,
    "languages": {"type": "array", "items": LANGUAGE_CODE, "description": "Every language it is written in."},
    "language": {**LANGUAGE_CODE, "description": "The language of `title` and `summary`."},
    "title": STRING,
    "summary": STRING,
    "signature_count": {**COUNT, "description": "Confirmed signatures, as the page shows them."},
    "goal": {"type": "integer", "minimum": 1, "description": "The fixed goal, or the next milestone."},
    "featured": {"type": "boolean"},
    "image_url": _nullable(URL),
    "created_at": MOMENT,
    "published_at": MOMENT,
    "closes_at": MOMENT,
    "closed_at": MOMENT,
}

TIMELINE_EVENT = _object(
    {
        "kind": {"type": "string", "enum": ["opened", "threshold", "delivered", "response", "outcome"]},
        "date": {"type": "string", "format": "date"},
        "title": STRING,
        "count": _nullable(COUNT),
        "language": LANGUAGE_CODE,
        "place": STRING,
        "to": STRING,
        "note": STRING,
        "photo_url": STRING,
        "photo_alt": STRING,
        "from": STRING,
        "text": STRING,
        "source_url": STRING,
        "document_url": STRING,
        "outcome": {"type": "string", "enum": [kind.value for kind in OutcomeKind]},
    },
    optional=("count", "language", "place", "to", "note", "photo_url", "photo_alt", "from", "text", "source_url",
              "document_url", "outcome"),
    description="One step of the petition's story; which fields are present depends on `kind`.",
)

PAGE_META = _object({"page": {"type": "integer", "minimum": 1}, "per_page": {"type": "integer", "minimum": 1},
                     "count": COUNT, "pages": {"type": "integer", "minimum": 1}})
PAGE_LINKS = _object({"self": URL, "first": URL, "last": URL, "prev": _nullable(URL), "next": _nullable(URL)})


def _page(item: str) -> dict:
    return _object({"data": {"type": "array", "items": _ref(item)}, "meta": _ref("PublicPageMeta"),
                    "links": _ref("PublicPageLinks")})


POST_SUMMARY = {
    "slug": STRING,
    "url": URL,
    "html_url": URL,
    "organization": _ref("PublicOrganizationRef"),
    "original_language": LANGUAGE_CODE,
    "languages": {"type": "array", "items": LANGUAGE_CODE},
    "language": LANGUAGE_CODE,
    "title": STRING,
    "place": STRING,
    "summary": STRING,
    "published_at": MOMENT,
    "tags": {"type": "array", "items": _object({"slug": STRING, "name": STRING})},
    "featured_petition": _nullable({**URL, "description": "The featured petition in the API."}),
    "image_url": _nullable(URL),
}

SCHEMAS = {
    "PublicOrganizationRef": ORGANIZATION_REF,
    "PublicPageMeta": PAGE_META,
    "PublicPageLinks": PAGE_LINKS,
    "PublicPetition": _object(PETITION_SUMMARY),
    "PublicPetitionPage": _page("PublicPetition"),
    "PublicPetitionTranslation": _object({
        "language": LANGUAGE_CODE, "title": STRING, "summary": STRING,
        "body": {**STRING, "description": "Markdown."},
        "addressees": {"type": "array", "items": STRING}, "image_alt": STRING,
    }),
    "PublicTimelineEvent": TIMELINE_EVENT,
    "PublicPetitionDetail": _object({
        **PETITION_SUMMARY,
        "translations": {"type": "array", "items": _ref("PublicPetitionTranslation")},
        "signatures": _object({
            "total": COUNT,
            "by_country": {
                "type": "array",
                "description": f"Countries with at least {settings.COUNTRY_MIN_GROUP} signatures, largest first.",
                "items": _object({"country": {"type": "string", "description": "ISO 3166-1 alpha-2."}, "count": COUNT}),
            },
            "other_countries": {**COUNT,
                                "description": "Signatures from the countries below that threshold, added up."},
            "countries_hidden": {"type": "boolean", "description": (
                "The operators hid the counts by country for now (during an attack, say): then "
                "`by_country` is empty and `other_countries` 0.")},
            "removed_as_fraudulent": _object({
                "total": COUNT,
                "by_reason": {"type": "array", "items": _object({
                    "reason": {"type": "string", "enum": [reason.value for reason in InvalidationReason]},
                    "count": COUNT,
                })},
                "reversed": {**COUNT, "description": "Removed, then put back after a review: counted again."},
            }),
        }),
        "thresholds": {
            "type": "array", "description": "Thresholds reached (the ones still ahead are the campaign's own).",
            "items": _object({"count": {"type": "integer", "minimum": 1},
                              "reached_on": {"type": "string", "format": "date",
                                             "description": "The day (UTC), as the page shows it."}}),
        },
        "targets": {"type": "array", "items": _object({
            "name": STRING, "role": STRING, "organization": STRING,
            "contact": {**STRING, "description": "A public contact the campaign chose to show, or empty."},
            "language": LANGUAGE_CODE,
        })},
        "timeline": {"type": "array", "items": _ref("PublicTimelineEvent")},
        "outcome": _nullable({"type": "string", "enum": [kind.value for kind in OutcomeKind]}),
        "transparency_log": _object({
            "url": {**URL, "description": "The petition's Merkle log (docs/transparency.md)."},
            "key": {**STRING, "description": "The log's verifier key."},
        }),
    }),
    "PublicPost": _object(POST_SUMMARY),
    "PublicPostPage": _page("PublicPost"),
    "PublicPostDetail": _object({
        **POST_SUMMARY,
        "translations": {"type": "array", "items": _object({
            "language": LANGUAGE_CODE, "title": STRING, "place": STRING, "summary": STRING,
            "body": {**STRING, "description": "Markdown."}, "image_alt": STRING,
        })},
    }),
    "PublicOrganization": _object({
        "slug": STRING, "url": URL, "html_url": URL, "name": STRING, "website": STRING, "description": STRING,
        "descriptions": {"type": "array", "items": _object({"language": LANGUAGE_CODE, "description": STRING})},
        "logo_url": _nullable(URL),
        "petitions": {**URL, "description": "Its petitions in the API."},
        "news": {**URL, "description": "Its news posts in the API."},
    }),
    "PublicOrganizationPage": _page("PublicOrganization"),
}
