"""Schemathesis, property-based, against the organizations' part of the OpenAPI document: each
operation gets generated requests (valid and invalid) through the real WSGI application, with
a token of every scope, and every response must be what the document says (status, content
type, schema) and never a server error."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from awaz.api.openapi import document
from awaz.wsgi import django_application
from tests.api.org_helpers import make_token, signer
from tests.factories import make_organization, make_petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def wsgi():
    # As Django's test client does: the request signals must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield django_application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_organizations_operation_answers_as_documented(wsgi, settings):
    settings.API_TOKEN_PER_MINUTE = 0  # the limit is tested elsewhere; here it would only answer 429
    organization = make_organization(slug="uyghur-voices")
    petition = make_petition(organization=organization, slug="free-them")
    signer(petition, "agreed@example.org")
    _token, text = make_token(organization, "read-petitions", "read-signatures", "write-signatures")
    schema = schemathesis.openapi.from_dict(document())
    schema.app = wsgi
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [op for op in operations if op.path.startswith("/osdi/")]
    assert len(operations) == 6
    for operation in operations:
        @given(case=operation.as_strategy())
        @hypothesis_settings(max_examples=25, deadline=None, database=None,
                             suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(headers={"Authorization": f"Bearer {text}"})

        check()
