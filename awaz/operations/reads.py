"""What awaz.core.switches asks for when its few seconds are up: one small query each."""

from awaz.core.switches import Pause, PetitionSwitches, SiteSwitches
from awaz.operations.models import PetitionSwitch, SiteSwitch


def petition_switches_read(petition_id: int) -> PetitionSwitches:
    row = PetitionSwitch.objects.filter(pk=petition_id).first()
    if row is None:
        return PetitionSwitches()
    pause = Pause(reason=row.pause_reason, until=row.resume_at) if row.paused else None
    return PetitionSwitches(pause=pause, hide_countries=row.hide_countries, hide_recent=row.hide_recent)


def site_switches_read() -> SiteSwitches:
    row = SiteSwitch.objects.filter(pk=1).first()
    if row is None:
        return SiteSwitches()
    pause = Pause(reason=row.pause_reason, until=row.resume_at) if row.paused else None
    return SiteSwitches(pause=pause, banner=row.banner.strip(), banner_language=row.banner_language)
