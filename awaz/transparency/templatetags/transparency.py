from django import template
from django.utils import timezone
from django.utils.translation import ngettext

from awaz.core import languages
from awaz.transparency.models import LogState

register = template.Library()


def age_text(seconds: int) -> str:
    """How long ago, in words of the reader's language (Django's timesince has no Latin-script Uyghur)."""
    if seconds < 60:
        return ngettext("%(count)s second ago", "%(count)s seconds ago", seconds) % {"count": seconds}
    minutes = seconds // 60
    if minutes < 60:
        return ngettext("%(count)s minute ago", "%(count)s minutes ago", minutes) % {"count": minutes}
    hours = minutes // 60
    if hours < 48:
        return ngettext("%(count)s hour ago", "%(count)s hours ago", hours) % {"count": hours}
    days = hours // 24
    return ngettext("%(count)s day ago", "%(count)s days ago", days) % {"count": languages.format_number(days)}


@register.inclusion_tag("transparency/_log_status.html")
def petition_log(petition):
    """The latest checkpoint's size and age, and the link to the verify page."""
    state = LogState.objects.filter(pk=petition.pk).only("size", "signed_at").first()
    context = {"petition": petition, "state": None}
    if state is not None and state.signed_at is not None:
        seconds = max(0, int((timezone.now() - state.signed_at).total_seconds()))
        context.update(state=state, size=languages.format_number(state.size), age=age_text(seconds))
    return context
