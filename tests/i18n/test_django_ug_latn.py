"""Django's own strings (the admin's, forms' messages) in Latin-script Uyghur, converted from
Django's Arabic-script catalogues with Awaz's converter."""

import pytest
from django.utils import translation

from awaz.core.catalogs import DJANGO_LOCALE_DIR, derive_django_uyghur_latin


def test_the_admin_speaks_latin_script_uyghur():
    with translation.override("ug-latn"):
        assert translation.gettext("Site administration") == "Tor béket bashqurush"
        assert translation.gettext("Change password") != "Change password"
    with translation.override("ug"):
        assert translation.gettext("Site administration") == "تور بېكەت باشقۇرۇش"


def test_awaz_own_translations_win_over_the_converted_ones():
    from awaz.core.catalogs import PACKAGE_DIR, read_catalog

    own = {m.id: m.string for m in read_catalog(PACKAGE_DIR / "locale/ug_Latn/LC_MESSAGES/django.po", "ug_Latn") if m.id}
    with translation.override("ug-latn"):
        assert translation.gettext("Log in") == own["Log in"]


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_converted_catalogue_is_up_to_date_with_django(tmp_path, domain):
    derive_django_uyghur_latin(tmp_path)
    committed = (DJANGO_LOCALE_DIR / "ug_Latn" / "LC_MESSAGES" / f"{domain}.po").read_text(encoding="utf-8")
    assert (tmp_path / "ug_Latn" / "LC_MESSAGES" / f"{domain}.po").read_text(encoding="utf-8") == committed, (
        "Django's catalogues changed: run `awaz update_catalogs`"
    )


@pytest.mark.django_db
def test_the_admin_login_page_is_in_latin_script_uyghur(client):
    client.cookies["awaz_language"] = "ug-latn"
    page = client.get("/admin/login/")
    assert 'lang="ug-latn"' in page.content.decode() or "ug-latn" in page.content.decode()
    assert "Username" not in page.content.decode()
