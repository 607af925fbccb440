import pytest

from tests.sealed.conftest import org_key, sealed_petition  # noqa: F401 - shared fixtures


@pytest.fixture
def org_api_headers(transactional_db) -> list[str]:
    """Headers ("Name: value") that the Schemathesis run sends with every request, so it can
    reach the organizations' API (awaz.api.org) as well: override this fixture to create a
    token in the test database and return ["Authorization: Bearer <token>"]. Empty for now;
    the public API needs none."""
    return []
