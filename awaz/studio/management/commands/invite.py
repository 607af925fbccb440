"""`awaz invite EMAIL --org SLUG --role owner`: how an operator brings in an organization's first owner."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from awaz.core.email_address import has_control_characters
from awaz.petitions.models import validate_organization_slug
from awaz.studio.models import Role
from awaz.studio.services import invitation_create, invitation_send, organization_ensure


class Command(BaseCommand):
    help = (
        "Invite someone by email to an organization in the studio, with a role (owner, editor, moderator, viewer). "
        "The organization is created if it does not exist yet (name it with --name)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--org", required=True, help="The organization's slug.")
        parser.add_argument("--role", default=Role.OWNER, choices=Role.values)
        parser.add_argument("--name", help="The organization's name, if it is created now.")
        parser.add_argument("--language", default="en", help="The language of the invitation email.")

    def handle(self, *args, email, org, role, name, language, **options):
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError("That is not a valid email address.") from None
        if has_control_characters(email):
            raise CommandError("That is not a valid email address.")
        try:
            validate_organization_slug(org)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        with transaction.atomic():
            organization, created = organization_ensure(slug=org, name=name)
            # Sent here rather than by the worker: the operator sees at once whether it went out.
            invitation = invitation_create(organization=organization, email=email, role=role, language=language,
                                           queue=False)
        if created:
            self.stdout.write(f"Created the organization {organization.slug!r}.")
        invitation_send(invitation=invitation, language=language)
        self.stdout.write(self.style.SUCCESS(
            f"Invitation as {role} to {organization.slug!r} emailed; the link works once, until "
            f"{invitation.expires_at:%Y-%m-%d %H:%M} UTC."
        ))
