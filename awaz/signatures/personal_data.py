"""The one way to a signer's personal data (name, email, comment), and why each reader needs it.

A signature loads without them: the default manager defers the encrypted fields, and reading a
field that was not loaded raises `PersonalDataNotLoaded` instead of quietly decrypting it (see
awaz.signatures.models). A query that needs them says why, by going through `load` with one of
the purposes below; nothing else in Awaz calls `with_personal_data()`
(tests/signatures/test_personal_data.py reads the source to hold it). Every purpose that hands
personal data to a person leaves an audit entry where it happens: the CSV export and the
sealed export (awaz.signatures.export), a person's export (awaz.fraud.people), the studio's
export and look-up (awaz.studio.services), the delivery package (awaz.outcomes.package).
"""

import enum

from django.db.models import QuerySet

from awaz.signatures.models import PERSONAL_FIELDS, PersonalDataNotLoaded  # noqa: F401 - the boundary's names


class Purpose(enum.Enum):
    # The signer's own emails: confirmation, reminder, "already signed", updates, announcements.
    EMAIL = "email"
    # What the signer chose to show on the petition page: their name, their comment.
    PUBLIC_PAGE = "public page"
    # The organization's export of its signers (audited by the caller).
    EXPORT = "export"
    # An access or erasure request, answered by staff (audited by awaz.fraud.people).
    PERSON_REQUEST = "person request"
    # The names in the delivery package to a petition's target (audited by awaz.outcomes).
    DELIVERY = "delivery"
    # Sealing a private-mode row to the organization's key, once its email is out.
    SEALING = "sealing"
    # The admin's list of signatures, for staff holding the view permission.
    ADMIN = "admin"
    # Moderating a comment: its text and the name it is shown with (the admin's queue, the studio's).
    MODERATION = "moderation"


def load(queryset: QuerySet, purpose: Purpose, *fields: str) -> QuerySet:
    """`queryset` with these personal fields (all by default) loaded, decrypted as rows
    arrive, for `purpose`. Ask for the fields the purpose needs and no more."""
    if not isinstance(purpose, Purpose):
        raise TypeError("say why personal data is read: pass a personal_data.Purpose")
    return queryset.with_personal_data(*fields)
