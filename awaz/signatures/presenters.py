"""A petition as its signatures show it (the count, the goal, the latest public signers and
comments), gathered in one place for the petition pages, the home page, news and outcomes."""

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awaz.core import languages
from awaz.core import switches as operator_switches
from awaz.core.milestones import goal_for
from awaz.petitions.models import Petition, PetitionTranslation
from awaz.signatures import personal_data
from awaz.signatures.comments import PUBLIC_COMMENTS_SHOWN, visible_comments
from awaz.signatures.counts import PetitionNumbers, petition_numbers, recent_signers_key
from awaz.signatures.models import Signature
from awaz.signatures.personal_data import Purpose

RECENT_CACHE_SECONDS = 2


def count_sentence(count: int, goal: int) -> str:
    """"4 people have signed. Let's get to 100!" with the number written the reader's way.

    The number is inside the translated phrase and the form is chosen by the language's CLDR
    plural rule (the catalogue's Plural-Forms), so Arabic can write its zero, singular and dual
    as words without a digit ("وقّع شخصان") and Russian agrees 21 with the singular.
    """
    values = {"count": languages.format_number(count), "goal": languages.format_number(goal)}
    return ngettext(
        "%(count)s person has signed. Let's get to %(goal)s!",
        "%(count)s people have signed. Let's get to %(goal)s!",
        count,
    ) % values


def closed_sentence(count: int, closed_on) -> str:
    """The result of a closed petition: "Closed on 1 March 2026 with 1,234 signatures"."""
    values = {"count": languages.format_number(count)}
    if closed_on is None:
        return ngettext("Closed with %(count)s signature", "Closed with %(count)s signatures", count) % values
    values["date"] = languages.format_long_date(closed_on)
    return ngettext(
        "Closed on %(date)s with %(count)s signature", "Closed on %(date)s with %(count)s signatures", count
    ) % values


@dataclass
class PetitionSummary:
    petition: Petition
    text: PetitionTranslation | None
    is_fallback: bool
    numbers: PetitionNumbers
    goal: int

    @property
    def count(self) -> int:
        return self.numbers.total

    @property
    def percent(self) -> int:
        return min(100, self.count * 100 // self.goal) if self.goal else 0

    @property
    def sentence(self) -> str:
        return count_sentence(self.count, self.goal)

    @property
    def is_open(self) -> bool:
        return self.petition.is_accepting_signatures()

    @property
    def is_closed(self) -> bool:
        """Closed by hand or past its closing date (a draft is neither open nor closed)."""
        return not self.is_open and self.petition.status != Petition.Status.DRAFT

    @property
    def closes_on(self) -> str:
        """"Closes on 1 March 2026" for an open petition with a closing date, else ""."""
        if not self.is_open or self.petition.closes_at is None:
            return ""
        return _("Closes on %(date)s") % {"date": languages.format_long_date(self._local(self.petition.closes_at))}

    @property
    def result(self) -> str:
        """"Closed on ... with N signatures" for a closed petition, else ""."""
        if not self.is_closed:
            return ""
        closed = self.petition.closed_at or self.petition.closes_at
        return closed_sentence(self.count, self._local(closed) if closed else None)

    @staticmethod
    def _local(moment):
        return timezone.localtime(moment) if timezone.is_aware(moment) else moment

    @cached_property
    def switches(self) -> operator_switches.PetitionSwitches:
        """What the operators switched off on this petition (awaz.core.switches)."""
        return operator_switches.petition_switches(self.petition.pk)

    @cached_property
    def pause(self) -> operator_switches.Pause | None:
        """Why signing is paused, if it is: the form gives way to this message."""
        return operator_switches.signing_pause(self.petition.pk) if self.is_open else None

    @property
    def text_language(self) -> str:
        return self.text.language if self.text else self.petition.original_language

    def available_languages(self) -> list[tuple[str, str]]:
        """(code, native name) of the languages this petition is written in, in site order."""
        have = {t.language for t in self.petition.translations.all()}
        return [(code, name) for code, name in settings.LANGUAGES if code in have]


def summarize(petition: Petition, language: str, numbers: PetitionNumbers | None = None) -> PetitionSummary:
    """`numbers` when the caller has just read them (a confirmation's own count), else the cached ones."""
    text, is_fallback = petition.translated(language)
    numbers = numbers or petition_numbers(petition.pk)
    return PetitionSummary(petition, text, is_fallback, numbers, goal_for(numbers.total, petition.goal))


def public_comments(petition_id: int, language: str) -> list[dict]:
    """The latest comments the page may show (awaz.signatures.comments): name, country, text."""

    def read() -> list[dict]:
        query = (
            visible_comments().filter(petition_id=petition_id).order_by("-confirmed_at").only("country", "confirmed_at")
        )
        query = personal_data.load(query, Purpose.PUBLIC_PAGE, "name", "comment")[:PUBLIC_COMMENTS_SHOWN]
        return [{"name": s.name, "country": s.country, "comment": s.comment} for s in query if s.comment]

    rows = cache.get_or_set(f"awaz:comments:{petition_id}", read, RECENT_CACHE_SECONDS)
    return [{**row, "country_name": languages.country_name(row["country"], language)} for row in rows]


def recent_public_signers(petition_id: int, language: str) -> list[dict]:
    """The latest signers who chose to be shown: a name and a country, never anything else."""

    def read() -> list[dict]:
        query = (
            Signature.objects.confirmed()
            .filter(petition_id=petition_id, show_publicly=True, name__isnull=False)
            .order_by("-confirmed_at")
            .only("country", "confirmed_at")
        )
        query = personal_data.load(query, Purpose.PUBLIC_PAGE, "name")[: settings.PUBLIC_SIGNERS_SHOWN]
        return [{"name": s.name, "country": s.country, "when": s.confirmed_at} for s in query]

    rows = cache.get_or_set(recent_signers_key(petition_id), read, RECENT_CACHE_SECONDS)
    return [{**row, "country_name": languages.country_name(row["country"], language)} for row in rows]
