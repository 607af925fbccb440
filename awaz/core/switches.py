"""The operators' switches as every process reads them: pause signing, hide country counts,
hide recent signers (per petition), and pause signing or show an incident banner site-wide.

The switches are set in awaz.operations (studio and admin, audited). This read side sits in
core because the petition page (awaz.petitions) and the signing pipeline (awaz.signatures),
which rank below operations, must read them: operations registers the functions that read
its tables (`register_loaders`) when Django starts, so imports still run one way. Without
them (operations not installed) every switch is off.

Each process keeps what it read for at most MEMO_SECONDS, so a change made anywhere is in
force on every process within that time, without a shared cache to go stale or to lose (the
process that made the change forgets its own copy at once). The price is one small query per
petition and process every MEMO_SECONDS while the petition is being read.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from threading import Lock

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awaz.core import languages

MEMO_SECONDS = 5.0
# Retry-After when a pause gives no time to come back.
DEFAULT_RETRY_SECONDS = 3600

# Why signing is paused: chosen from this list (never typed), so that every reader gets the
# reason in their own language.
PAUSE_REASONS = {
    "attack": _("This petition is receiving a flood of fake signatures. Signing is paused while we clean it up."),
    "site-attack": _("The site is receiving a flood of fake signatures. Signing is paused while we clean it up."),
    "maintenance": _("Signing is paused for maintenance."),
    "review": _("Signing is paused while the signatures are checked."),
}


@dataclass(frozen=True)
class Pause:
    reason: str  # a PAUSE_REASONS key
    until: datetime | None = None

    def sentence(self) -> str:
        """Why, in the reader's language."""
        return str(PAUSE_REASONS.get(self.reason, PAUSE_REASONS["maintenance"]))

    def come_back(self) -> str:
        """When to come back, in the reader's language."""
        if self.until is None or self.until <= timezone.now():
            return str(_("Please come back later: your signature will be welcome then."))
        moment = timezone.localtime(self.until, timezone.get_fixed_timezone(0))
        return _("Please come back after %(date)s, %(time)s (UTC).") % {
            "date": languages.format_long_date(moment), "time": moment.strftime("%H:%M"),
        }

    def retry_after(self) -> int:
        """Seconds for the Retry-After header."""
        if self.until is None:
            return DEFAULT_RETRY_SECONDS
        return max(60, int((self.until - timezone.now()).total_seconds()))


@dataclass(frozen=True)
class PetitionSwitches:
    pause: Pause | None = None
    hide_countries: bool = False
    hide_recent: bool = False


@dataclass(frozen=True)
class SiteSwitches:
    pause: Pause | None = None
    banner: str = ""
    banner_language: str = ""  # the language the staff wrote the banner in


_load_petition: Callable[[int], PetitionSwitches] = lambda petition_id: PetitionSwitches()  # noqa: E731
_load_site: Callable[[], SiteSwitches] = SiteSwitches
_memo: dict[object, tuple[float, object]] = {}
_lock = Lock()
MEMO_LIMIT = 10_000  # petition ids that are read at all; a flood of unknown ids cannot grow it for ever


def register_loaders(*, petition: Callable[[int], PetitionSwitches], site: Callable[[], SiteSwitches]) -> None:
    global _load_petition, _load_site
    _load_petition, _load_site = petition, site
    forget()


def _read(key, load):
    now = time.monotonic()
    held = _memo.get(key)
    if held is not None and now - held[0] < MEMO_SECONDS:
        return held[1]
    value = load()
    with _lock:
        if len(_memo) > MEMO_LIMIT:
            _memo.clear()
        _memo[key] = (now, value)
    return value


def petition_switches(petition_id: int) -> PetitionSwitches:
    return _read(petition_id, lambda: _load_petition(petition_id))


def site_switches() -> SiteSwitches:
    return _read("site", _load_site)


def signing_pause(petition_id: int) -> Pause | None:
    """Why signing this petition is paused right now (its own pause first, then the site's), or None."""
    return petition_switches(petition_id).pause or site_switches().pause


def forget() -> None:
    """Drop this process's copies: the writer calls it after a change, tests to move on in time."""
    with _lock:
        _memo.clear()
