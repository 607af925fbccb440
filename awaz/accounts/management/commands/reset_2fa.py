"""`awaz reset_2fa USERNAME`: for a staff member who lost their authenticator app."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from awaz.accounts.services import device_reset


class Command(BaseCommand):
    help = (
        "Forget a user's authenticator app, so that they set up a new one at their next admin login. "
        "Check who is asking first: whoever next logs in with the password enrolls the new app."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"There is no user {username!r}.")
        if device_reset(user=user):
            self.stdout.write(self.style.SUCCESS(
                f"Two-factor login reset for {username!r}: they will set up a new authenticator app at their next login."
            ))
        else:
            self.stdout.write(f"{username!r} had no authenticator app; they will set one up at their next login.")
