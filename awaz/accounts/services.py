"""Every change to a staff member's second factor goes through these functions."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q
from django.utils import timezone

from awaz.accounts.models import TOTPDevice
from awaz.core import totp

# The session key that says this session passed both factors, and for which user.
VERIFIED_SESSION_KEY = "awaz_second_factor"


def device_for(user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user).first()


def device_enrollment_start(*, user: AbstractBaseUser) -> TOTPDevice:
    """The enrollment in progress for this user, with a fresh secret if there was none.

    Reloading the page keeps the same secret, so a half-scanned code stays valid.
    """
    device, _ = TOTPDevice.objects.get_or_create(user=user, defaults={"secret": totp.new_secret()})
    return device


def device_verify(*, device: TOTPDevice, code: str, at: float | None = None) -> bool:
    """Accept a current code once. Confirms an enrollment in progress with its first code.

    The conditional update is the lock: of two requests with the same code, only one moves
    `last_used_step` forward, and only that one is accepted.
    """
    step = totp.matching_step(device.secret, code, after_step=device.last_used_step, at=at)
    if step is None:
        return False
    changes = {"last_used_step": step}
    if not device.is_confirmed:
        changes["confirmed_at"] = timezone.now()
    claimed = (
        TOTPDevice.objects.filter(pk=device.pk)
        .filter(Q(last_used_step__isnull=True) | Q(last_used_step__lt=step))
        .update(**changes)
    )
    return claimed == 1


def device_reset(*, user: AbstractBaseUser) -> bool:
    """Forget a user's authenticator app (it was lost): they enroll a new one at next login."""
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    return bool(deleted)


def session_mark_verified(session, user: AbstractBaseUser) -> None:
    session[VERIFIED_SESSION_KEY] = str(user.pk)


def session_is_verified(session, user: AbstractBaseUser) -> bool:
    return session.get(VERIFIED_SESSION_KEY) == str(user.pk)
