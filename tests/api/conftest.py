from tests.sealed.conftest import org_key, sealed_petition  # noqa: F401 - shared fixtures

