"""Creating, revoking and checking API tokens; every change is in the studio's audit log."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from awaz.api.org.models import ApiToken, Scope
from awaz.petitions.models import Organization
from awaz.studio.models import AuditEntry
from awaz.studio.services import audit

TOKEN_START = "awz_"
PREFIX_BYTES = 6  # 12 hex characters: finds the row, secret or not
SECRET_BYTES = 32
# Compared against when no row has the prefix, so an unknown token costs the same work.
_NOWHERE = hashlib.sha256(b"no such token").hexdigest()
LAST_USE_STEP = timedelta(minutes=1)  # `last_used_at` is written at most once a minute per token


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(*, organization: Organization, actor, name: str, scopes: list[str], expires_at: datetime
                 ) -> tuple[ApiToken, str]:
    """The new token and its full text, which is shown once and stored nowhere."""
    unknown = set(scopes) - set(Scope.values)
    if unknown or not scopes:
        raise ValueError(f"scopes must be some of {Scope.values}")
    if expires_at > timezone.now() + timedelta(days=settings.API_TOKEN_MAX_DAYS):
        raise ValueError(f"a token lives at most AWAZ_API_TOKEN_MAX_DAYS ({settings.API_TOKEN_MAX_DAYS}) days")
    prefix, secret = secrets.token_hex(PREFIX_BYTES), secrets.token_urlsafe(SECRET_BYTES)
    token = ApiToken.objects.create(organization=organization, name=name, prefix=prefix, secret_hash=_hash(secret),
                                    scopes=sorted(set(scopes)), created_by=actor, expires_at=expires_at)
    audit(organization=organization, actor=actor, action=AuditEntry.Action.SETTINGS_CHANGED,
          detail=f"API token created: {name} ({prefix}; {', '.join(token.scopes)}; until {expires_at:%Y-%m-%d})")
    return token, f"{TOKEN_START}{prefix}_{secret}"


def token_revoke(*, token: ApiToken, actor) -> bool:
    changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if changed:
        audit(organization=token.organization, actor=actor, action=AuditEntry.Action.SETTINGS_CHANGED,
              detail=f"API token revoked: {token.name} ({token.prefix})")
    return bool(changed)


def token_authenticate(text: str) -> ApiToken | None:
    """The usable token this text is, or None (unknown, wrong secret, revoked, expired).

    The row is found by its prefix (an index), and the secret's hash is compared in constant
    time; an unknown prefix is compared against a fixed hash, so both take the same work.
    """
    prefix, secret = _split(text)
    token = ApiToken.objects.select_related("organization").filter(prefix=prefix).first() if prefix else None
    matches = hmac.compare_digest(token.secret_hash if token else _NOWHERE, _hash(secret))
    if token is None or not matches:
        return None
    now = timezone.now()
    if not token.is_usable(now):
        return None
    ApiToken.objects.filter(pk=token.pk).exclude(last_used_at__gt=now - LAST_USE_STEP).update(last_used_at=now)
    return token


def _split(text: str) -> tuple[str, str]:
    if not text.startswith(TOKEN_START):
        return "", text
    prefix, _sep, secret = text[len(TOKEN_START):].partition("_")
    if len(prefix) != 2 * PREFIX_BYTES or not secret:
        return "", secret
    return prefix, secret
