"""The interface is complete in every language, and the catalogues follow the code."""

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from django.utils import translation

from awaz.core.catalogs import CATALOGS, DERIVED_MARK, derive_uyghur_latin, drift, po_path, problems


@pytest.mark.parametrize("locale", list(CATALOGS))
def test_it_has_a_complete_catalogue(locale):
    assert problems(locale) == []


def test_it_has_catalogues_that_match_the_source_strings():
    """Fails when someone adds or changes a string without running `awaz update_catalogs`."""
    stale = {locale: (sorted(missing)[:5], sorted(extra)[:5]) for locale, (missing, extra) in drift().items() if missing or extra}
    assert stale == {}


@pytest.mark.parametrize(
    ("language", "english", "expected"),
    [("fr", "Sign the petition", "Signer la pétition"), ("ar", "Country", None), ("ug-latn", "Country", None)],
)
def test_it_translates_at_run_time(language, english, expected):
    with translation.override(language):
        translated = translation.gettext(english)
    assert translated != english
    if expected:
        assert translated == expected


def test_it_uses_the_plural_forms_of_arabic():
    def sentence(n):
        return translation.ngettext(
            "%(count)s person has signed. Let's get to %(goal)s!", "%(count)s people have signed. Let's get to %(goal)s!", n
        )

    with translation.override("ar"):
        forms = [sentence(n) for n in (0, 1, 2, 3, 11, 100)]
    # Two, a few (3-10) and many (11-99) each take their own noun form in Arabic.
    assert len({forms[2], forms[3], forms[4]}) == 3
    assert len(set(forms)) >= 5


def _write(path, locale, entries):
    catalog = Catalog(locale=locale)
    for msgid, msgstr, comments in entries:
        catalog.add(msgid, msgstr, user_comments=comments)
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)


def test_it_derives_latin_uyghur_from_arabic_uyghur(tmp_path):
    _write(po_path(tmp_path, "ug"), "ug", [("Country", "دۆلەت", []), ("Sign", "ئىمزا قويۇڭ. رەھمەت!", []), ("Kept", "ساقلا", [])])
    _write(po_path(tmp_path, "ug_Latn"), "ug", [("Country", "", []), ("Sign", "old", [DERIVED_MARK]), ("Kept", "Hand made", [])])
    assert derive_uyghur_latin(tmp_path) == 2
    with po_path(tmp_path, "ug_Latn").open("rb") as handle:
        result = {m.id: m.string for m in read_po(handle) if m.id}
    assert result == {"Country": "Dölet", "Sign": "Imza qoyung. Rehmet!", "Kept": "Hand made"}
