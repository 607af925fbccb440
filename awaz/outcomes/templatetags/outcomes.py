from django import template

from awaz.core import languages
from awaz.outcomes.models import OutcomeKind
from awaz.outcomes.timeline import petition_timeline

register = template.Library()


@register.simple_tag
def outcome_timeline(petition):
    return petition_timeline(petition, languages.current())


@register.simple_tag
def outcome_of(petition):
    """The declared outcome in the reader's language, or None; read from the cached timeline,
    so the call to action costs the page no query."""
    event = next((e for e in petition_timeline(petition, languages.current()) if e["kind"] == "outcome"), None)
    if event is None:
        return None
    return {"kind": event["outcome"], "text": event["text"], "language": event["language"],
            "is_victory": event["outcome"] in (OutcomeKind.WON, OutcomeKind.PARTLY_WON)}
