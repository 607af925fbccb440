"""The admin login: the password, then a code from an authenticator app (enrolled on first login).

Django's `login()` is called only after the second step, so until then the session holds no
authenticated user, just a short-lived note of whose password was right.

The same steps serve every way in: the admin's (`ADMIN`) and the studio's (awaz.studio.login),
each a `LoginEntry` passed by its URLs, which says who may enter, with which form, in which look.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import segno
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_safe

from awaz.accounts import throttle
from awaz.accounts.forms import CodeForm
from awaz.accounts.services import (
    device_enrollment_start,
    device_for,
    device_verify,
    session_is_verified,
    session_mark_verified,
)
from awaz.core import totp

logger = logging.getLogger(__name__)

PENDING_SESSION_KEY = "awaz_login_pending"
# Time allowed between the password and the code.
PENDING_SECONDS = 5 * 60
ISSUER = "Awaz"


@dataclass(frozen=True)
class LoginEntry:
    """One way in: its URL namespace (with `login`, `code`, `enroll` and `enroll_qr`), the
    password form, the template folder, where a login lands, and who may enter."""

    namespace: str
    form_class: type
    templates: str
    home: str
    user_allowed: Callable[[object], bool]
    context: Callable[[object], dict] = lambda request: {}


ADMIN = LoginEntry(
    namespace="accounts",
    form_class=AdminAuthenticationForm,
    templates="accounts",
    home="admin:index",
    user_allowed=lambda user: user.is_active and user.is_staff,
    context=lambda request: admin.site.each_context(request),
)


def _context(request, entry: LoginEntry, **extra) -> dict:
    return {
        **entry.context(request), "app_path": request.get_full_path(),
        "start_url": reverse(f"{entry.namespace}:login"), "qr_url": reverse(f"{entry.namespace}:enroll_qr"), **extra,
    }


def _next_url(request, entry: LoginEntry) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(entry.home)


def _pending(request, entry: LoginEntry):
    """(user, note) for a session whose password step succeeded a moment ago, else None."""
    note = request.session.get(PENDING_SESSION_KEY)
    if not note or time.time() - note.get("since", 0) > PENDING_SECONDS or note.get("entry") != entry.namespace:
        return None
    user = get_user_model()._default_manager.filter(pk=note["user"], is_active=True).first()
    return (user, note) if user and entry.user_allowed(user) else None


def _locked(request, entry: LoginEntry, template: str, **extra):
    minutes = throttle.lock_seconds() // 60
    message = ngettext(
        "Too many failed attempts. Logging in is paused for %(minutes)s minute; please wait and try again.",
        "Too many failed attempts. Logging in is paused for %(minutes)s minutes; please wait and try again.",
        minutes,
    ) % {"minutes": minutes}
    return render(request, template, _context(request, entry, locked_message=message, **extra), status=429)


def _failed(request, username: str, *, step: str) -> None:
    locked = throttle.failure_record(request, username)
    # A password typed into the username box must not end up in the log: only usernames that
    # exist are named. Neither the password nor the client's address is ever logged.
    User = get_user_model()
    known = User._default_manager.filter(**{User.USERNAME_FIELD: username}).exists()
    logger.warning(
        "Admin login failed at the %s step for %s%s",
        step,
        repr(username) if known else "an unknown username",
        "; further attempts are locked for now" if locked else "",
    )


def _complete_login(request, user, note):
    auth_login(request, user, backend=note["backend"])
    session_mark_verified(request.session, user)
    request.session.pop(PENDING_SESSION_KEY, None)
    throttle.username_forgive(request, user.get_username())
    return redirect(note["next"])


@sensitive_post_parameters()
@csrf_protect
@never_cache
def login(request, entry: LoginEntry = ADMIN):
    """Step one: username and password (the admin's own form and look, or the studio's)."""
    user = request.user
    if user.is_authenticated and entry.user_allowed(user) and session_is_verified(request.session, user):
        return redirect(_next_url(request, entry))
    template = f"{entry.templates}/login.html"
    extra = {"title": _("Log in"), "next": _next_url(request, entry)}
    if request.method != "POST":
        return render(request, template, _context(request, entry, form=entry.form_class(request), **extra))
    username = request.POST.get("username", "")
    if throttle.is_locked(request, username):
        return _locked(request, entry, template, form=entry.form_class(request), **extra)
    form = entry.form_class(request, data=request.POST)
    if form.is_valid():
        user = form.get_user()
        request.session.cycle_key()
        request.session[PENDING_SESSION_KEY] = {
            "user": str(user.pk),
            "backend": user.backend,
            "since": int(time.time()),
            "next": _next_url(request, entry),
            "entry": entry.namespace,
        }
        device = device_for(user)
        return redirect(f"{entry.namespace}:code" if device and device.is_confirmed else f"{entry.namespace}:enroll")
    _failed(request, username, step="password")
    return render(request, template, _context(request, entry, form=form, **extra))


@sensitive_post_parameters()
@csrf_protect
@never_cache
def login_code(request, entry: LoginEntry = ADMIN):
    """Step two: the current code from the enrolled authenticator app."""
    pending = _pending(request, entry)
    if pending is None:
        return redirect(f"{entry.namespace}:login")
    user, note = pending
    device = device_for(user)
    if device is None or not device.is_confirmed:
        return redirect(f"{entry.namespace}:enroll")
    template = f"{entry.templates}/code.html"
    extra = {"title": _("Log in"), "username": user.get_username()}
    if request.method != "POST":
        return render(request, template, _context(request, entry, form=CodeForm(), **extra))
    form = CodeForm(request.POST)
    if throttle.is_locked(request, user.get_username()):
        return _locked(request, entry, template, form=form, **extra)
    if form.is_valid() and device_verify(device=device, code=form.cleaned_data["code"]):
        return _complete_login(request, user, note)
    if not form.errors:
        form.add_error("code", _("This code is not valid now. Wait for the next code and try again."))
    _failed(request, user.get_username(), step="code")
    return render(request, template, _context(request, entry, form=form, **extra))


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _uri(user, device) -> str:
    return totp.provisioning_uri(device.secret, account=user.get_username(), issuer=ISSUER)


@sensitive_post_parameters()
@csrf_protect
@never_cache
def login_enroll(request, entry: LoginEntry = ADMIN):
    """Step two on a first login (or after `awaz reset_2fa`): add Awaz to an authenticator app."""
    pending = _pending(request, entry)
    if pending is None:
        return redirect(f"{entry.namespace}:login")
    user, note = pending
    device = device_for(user)
    if device and device.is_confirmed:
        return redirect(f"{entry.namespace}:code")
    device = device or device_enrollment_start(user=user)
    template = f"{entry.templates}/enroll.html"
    extra = {
        "title": _("Set up two-factor login"),
        "username": user.get_username(),
        "secret": _grouped(device.secret),
        "otpauth_uri": _uri(user, device),
    }
    if request.method != "POST":
        return render(request, template, _context(request, entry, form=CodeForm(), **extra))
    form = CodeForm(request.POST)
    if throttle.is_locked(request, user.get_username()):
        return _locked(request, entry, template, form=form, **extra)
    if form.is_valid() and device_verify(device=device, code=form.cleaned_data["code"]):
        logger.info("User %r enrolled an authenticator app (%s login)", user.get_username(), entry.namespace)
        return _complete_login(request, user, note)
    if not form.errors:
        form.add_error("code", _("This code does not match. Check that the app shows “%(issuer)s” and try the next code.")
                       % {"issuer": ISSUER})
    _failed(request, user.get_username(), step="enrollment code")
    return render(request, template, _context(request, entry, form=form, **extra))


@require_safe
@never_cache
def enroll_qr(request, entry: LoginEntry = ADMIN):
    """The enrollment QR code as an SVG image of its own, so the page needs no inline content
    and no outside QR service ever sees the secret."""
    pending = _pending(request, entry)
    device = device_for(pending[0]) if pending else None
    if device is None or device.is_confirmed:
        raise Http404
    response = HttpResponse(content_type="image/svg+xml")
    segno.make(_uri(pending[0], device), error="m").save(
        response, kind="svg", scale=6, border=4, dark="#000", light="#fff", xmldecl=True
    )
    response["Cache-Control"] = "no-store"
    return response
