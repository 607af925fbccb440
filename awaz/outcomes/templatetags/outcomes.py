from django import template

from awaz.core import languages
from awaz.outcomes.timeline import declared_outcome, petition_timeline

register = template.Library()


@register.simple_tag
def outcome_timeline(petition):
    return petition_timeline(petition, languages.current())


@register.simple_tag
def outcome_of(petition):
    """The declared outcome with its statement in the reader's language, or None."""
    outcome = declared_outcome(petition)
    if outcome is None:
        return None
    return {"outcome": outcome, "text": outcome.text(languages.current())}
