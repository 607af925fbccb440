"""An organization cannot take a slug that the studio's own pages use (/studio/site/…,
/studio/logout/, /studio/invitation/…): its pages there would be answered by Awaz's."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import URLPattern
from django.utils import translation

from awaz.petitions.models import RESERVED_ORGANIZATION_SLUGS, Organization
from awaz.studio import urls as studio_urls

pytestmark = pytest.mark.django_db


def test_every_fixed_first_segment_of_the_studio_is_reserved():
    fixed = {
        str(pattern.pattern).split("/")[0]
        for pattern in studio_urls.urlpatterns
        if isinstance(pattern, URLPattern) and str(pattern.pattern) and not str(pattern.pattern).startswith("<")
    }
    assert fixed and fixed <= RESERVED_ORGANIZATION_SLUGS


@pytest.mark.parametrize("slug", ["site", "Logout", "invitation"])
def test_the_model_refuses_a_reserved_slug_in_the_users_language(slug):
    organization = Organization(name="Uyghur Voices", slug=slug)
    said = {}
    for language in ("en", "ar"):
        with translation.override(language):
            with pytest.raises(ValidationError) as refused:
                organization.full_clean()
            said[language] = [str(message) for message in refused.value.messages]
        assert refused.value.error_dict["slug"][0].code == "reserved"
    assert said["en"] == ["This address is used by the site itself; choose another."]
    assert said["ar"] != said["en"]  # in the user's language


def test_the_invite_command_refuses_a_reserved_slug_and_creates_nothing():
    with pytest.raises(CommandError, match="used by the site itself"):
        call_command("invite", "first@example.org", "--org", "site", "--role", "owner")
    assert not Organization.objects.filter(slug="site").exists()


def test_an_ordinary_slug_is_still_welcome():
    Organization(name="Site Workers' Union", slug="site-workers").full_clean()
