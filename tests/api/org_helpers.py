"""What the organizations' API tests share: tokens, signers who agreed to be contacted, and
validation of responses against the OpenAPI document."""

import json
from datetime import timedelta

from django.utils import timezone
from jsonschema import Draft202012Validator

from awaz.api.openapi import document
from awaz.api.org.tokens import token_create
from tests.factories import make_member, make_signature


def make_token(organization, *scopes, days=30, **kwargs):
    """(token row, the full token text)."""
    member = make_member(organization, role="owner")
    return token_create(organization=organization, actor=member.user, name="CRM", scopes=list(scopes),
                        expires_at=timezone.now() + timedelta(days=days), **kwargs)


def bearer(text: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {text}"}


def signer(petition, email, *, contact=True, confirmed=True, name="Amina Tursun", country="DE", comment=""):
    """A French-speaking signer who, by default, agreed to be contacted by the organization."""
    return make_signature(petition, email=email, name=name, country=country, comment=comment, language="fr",
                          organization_contact=contact, confirmed=confirmed)


def assert_matches(response, path: str, method: str = "get"):
    """The response's body is valid against what the OpenAPI document says of its status."""
    doc = document()
    spec = doc["paths"][path][method]["responses"][str(response.status_code)]
    (content_type, media), = spec["content"].items()
    assert response["Content-Type"].split(";")[0] == content_type
    schema = {**media["schema"], "components": doc["components"]}
    Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(json.loads(response.content))
