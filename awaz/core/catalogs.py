"""Translation catalogues: extraction, headers, and the checks that keep them complete.

Used by `awaz update_catalogs` (for developers) and by the catalogue tests (for CI).
"""

import contextlib
import io
import os
import re
import shutil
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.core.management import call_command

PACKAGE_DIR = Path(settings.PACKAGE_DIR)

# gettext locale name and plural rule of every interface language except the source (English).
CATALOGS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "ja": "nplurals=1; plural=0;",
    # Django's own Russian catalogue has a fourth form (fractions); ours must match it.
    "ru": "nplurals=4; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : "
    "n%10==0 || (n%10>=5 && n%10<=9) || (n%100>=11 && n%100<=14) ? 2 : 3);",
    "tr": "nplurals=2; plural=(n > 1);",
    "zh_Hans": "nplurals=1; plural=0;",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
    "ug": "nplurals=2; plural=(n != 1);",
    "ug_Latn": "nplurals=2; plural=(n != 1);",
}
BABEL_LOCALES = {"ug_Latn": "ug"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
# The placeholder that carries the counted number of a plural entry, by the names Awaz and Django use.
NUMBER_PLACEHOLDERS = ("count", "counter", "total", "days", "minutes", "seconds", "limit_value", "n")
# Languages that write the number of their single-number forms as a word: Arabic says "شخصان"
# ("two people"), never "2 شخصان"; its forms for 0, 1 and 2 must leave the number out.
NUMBER_AS_WORD = {"ar"}


def po_path(locale_dir: Path, locale: str) -> Path:
    return locale_dir / locale / "LC_MESSAGES" / "django.po"


def extract(package_dir: Path = PACKAGE_DIR) -> None:
    """Run makemessages over the package and give each catalogue its language's header."""
    cwd = os.getcwd()
    os.chdir(package_dir)
    try:
        call_command(
            "makemessages", locale=list(CATALOGS), no_location=True, no_obsolete=True,
            ignore_patterns=["static/*", "locale/*"], no_wrap=True, verbosity=0,
        )
    finally:
        os.chdir(cwd)
    for locale, plural in CATALOGS.items():
        path = po_path(package_dir / "locale", locale)
        text = path.read_text(encoding="utf-8")
        text = re.sub(r'"Language: [^"]*\\n"', f'"Language: {locale}\\\\n"', text, count=1)
        text = re.sub(r'"Plural-Forms: .*?\\n"', f'"Plural-Forms: {plural}\\\\n"', text, count=1, flags=re.S)
        text = text.replace('"Content-Type: text/plain; charset=CHARSET\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"')
        text = re.sub(r'^#, fuzzy\nmsgid ""', 'msgid ""', text, count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")
        _pad_plural_forms(path, locale)


def _pad_plural_forms(path: Path, locale: str) -> None:
    """Give every plural entry exactly as many forms as the language has (msgmerge always
    writes two), so translators see one slot per form: six for Arabic, one for Japanese."""
    catalog = read_catalog(path, locale)
    for message in catalog:
        if message.pluralizable and isinstance(message.string, tuple):
            forms = list(message.string[: catalog.num_plurals])
            message.string = tuple(forms + [""] * (catalog.num_plurals - len(forms)))
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, ignore_obsolete=True)


def read_catalog(path: Path, locale: str):
    # Babel needs the language for its plural count; CLDR has no Uyghur in Latin script.
    # Babel prints (rather than logs) a warning for entries with surplus plural forms, which
    # msgmerge writes and _pad_plural_forms removes; keep it off the terminal.
    with path.open("rb") as handle, contextlib.redirect_stdout(io.StringIO()):
        return read_po(handle, locale=BABEL_LOCALES.get(locale, locale))


def msgids(path: Path, locale: str) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in read_catalog(path, locale) if m.id}


def drift() -> dict[str, tuple[set[str], set[str]]]:
    """Per locale, (strings in the code missing from the catalogue, stale strings in it)."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "awaz"
        shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
        locale_paths = settings.LOCALE_PATHS
        settings.LOCALE_PATHS = [copy / "locale"]
        try:
            extract(copy)
        finally:
            settings.LOCALE_PATHS = locale_paths
        result = {}
        for locale in CATALOGS:
            fresh = msgids(po_path(copy / "locale", locale), locale)
            committed = msgids(po_path(PACKAGE_DIR / "locale", locale), locale)
            result[locale] = (fresh - committed, committed - fresh)
        return result


def problems(locale: str) -> list[str]:
    """Untranslated, fuzzy or placeholder-breaking entries of one catalogue."""
    found = []
    catalog = read_catalog(po_path(PACKAGE_DIR / "locale", locale), locale)
    for message in catalog:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[-1]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        label = source[:60]
        if message.fuzzy:
            found.append(f"fuzzy: {label}")
        if not all(s.strip() for s in strings):
            found.append(f"untranslated: {label}")
            continue
        wanted = set(PLACEHOLDER.findall(source))
        counted = next((name for name in NUMBER_PLACEHOLDERS if name in wanted), None)
        single = single_number_forms(locale) if isinstance(message.id, tuple) and counted else set()
        for index, translated in enumerate(strings):
            got = set(PLACEHOLDER.findall(translated))
            if index in single and got | {counted} == wanted:
                if locale in NUMBER_AS_WORD and counted in got:
                    found.append(f"number as a digit where the word is written: {label} -> {translated[:60]}")
            elif got != wanted:
                found.append(f"placeholders differ: {label} -> {translated[:60]}")
    return found


def single_number_forms(locale: str) -> set[int]:
    """The plural forms that stand for exactly one number (Arabic's 0, 1 and 2; none in Russian,
    whose "one" is also 21, 31...), by the catalogue's CLDR plural rule. Only these may write the
    number as a word and leave its placeholder out."""
    import gettext

    rule = gettext.c2py(CATALOGS[locale].split("plural=", 1)[1].rstrip(";"))
    numbers: dict[int, set[int]] = {}
    for n in range(1000):
        numbers.setdefault(rule(n), set()).add(n)
    return {form for form, values in numbers.items() if len(values) == 1}


DERIVED_MARK = "converted from ug by awaz.core.uyghur; edit to override"
SENTENCE_START = re.compile(r"(^|[.!?:]\s+|\n)([a-zéöü])")


def _capitalize_sentences(text: str) -> str:
    text = SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)
    return re.sub(r"\bawaz\b", "Awaz", text)


def derive_uyghur_latin(locale_dir: Path | None = None) -> int:
    """Fill the Latin-script Uyghur catalogue from the Arabic-script one.

    The two scripts correspond letter by letter, so the converter gives a faithful text; an
    entry a translator edited by hand (it no longer carries the mark) is left alone.
    """
    from awaz.core.uyghur import arabic_to_latin

    locale_dir = locale_dir or PACKAGE_DIR / "locale"
    arabic = {m.id: m for m in read_catalog(po_path(locale_dir, "ug"), "ug") if m.id}
    latin_path = po_path(locale_dir, "ug_Latn")
    latin = read_catalog(latin_path, "ug_Latn")
    changed = 0
    for message in latin:
        source = arabic.get(message.id)
        if not message.id or source is None:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        # msgmerge's fuzzy guesses are never a translator's work; only unmarked, reviewed entries are.
        hand_made = any(s.strip() for s in strings) and DERIVED_MARK not in message.user_comments and not message.fuzzy
        if hand_made:
            continue
        message.flags.discard("fuzzy")
        converted = tuple(_capitalize_sentences(arabic_to_latin(s)) if s else "" for s in
                          (source.string if isinstance(source.string, tuple) else (source.string,)))
        new = converted if isinstance(message.string, tuple) else converted[0]
        if new != message.string:
            message.string = new
            changed += 1
        if DERIVED_MARK not in message.user_comments:
            message.user_comments.append(DERIVED_MARK)
    with latin_path.open("wb") as handle:
        write_po(handle, latin, width=0, ignore_obsolete=True)
    return changed


# Django ships no Latin-script Uyghur. Its Arabic-script catalogues (the framework's and every
# contrib app's: the admin, auth, forms' messages) are converted into one catalogue per domain
# here, read after Awaz's own (settings.LOCALE_PATHS), so the admin speaks ug-latn too.
DJANGO_LOCALE_DIR = PACKAGE_DIR / "locale_django"


def derive_django_uyghur_latin(target: Path = DJANGO_LOCALE_DIR) -> int:
    """Write locale_django/ug_Latn/LC_MESSAGES/{django,djangojs}.po; returns the entry count."""
    from datetime import datetime, timezone

    import django
    from babel.messages.catalog import Catalog

    from awaz.core.uyghur import arabic_to_latin

    root = Path(django.__file__).parent
    written = 0
    for domain in ("django", "djangojs"):
        # Fixed dates: the file changes only when Django's strings do.
        stamp = datetime(2000, 1, 1, tzinfo=timezone.utc)
        catalog = Catalog(locale="ug", domain=domain, project=f"Django {django.__version__} (converted by Awaz)",
                          fuzzy=False, creation_date=stamp, revision_date=stamp)
        for source in sorted(root.glob(f"**/locale/ug/LC_MESSAGES/{domain}.po")):
            for message in read_catalog(source, "ug"):
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                if not message.id or message.fuzzy or not all(s.strip() for s in strings):
                    continue
                if catalog.get(message.id, context=message.context) is not None:
                    continue  # the first app that translates a string wins, as in Django
                converted = tuple(_capitalize_sentences(arabic_to_latin(s)) for s in strings)
                catalog.add(message.id, converted if isinstance(message.string, tuple) else converted[0],
                            context=message.context, flags=message.flags - {"fuzzy"})
        path = target / "ug_Latn" / "LC_MESSAGES" / f"{domain}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=0, omit_header=False)
        written += len(catalog)
    return written
