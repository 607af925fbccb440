"""Awaz's own system checks, run by `awaz check` (and `awaz check --deploy` in CI).

Registered when the accounts app is ready (see awaz/accounts/apps.py).
"""

import os
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Info, Tags, Warning, register

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
# First path segments the public site already uses; an admin there would shadow it.
RESERVED_PREFIXES = {"static", "media", "i18n", "sitemap.xml", "robots.txt", "favicon.ico"}
KEY_VARIABLES = ("AWAZ_ENCRYPTION_KEY", "AWAZ_ENCRYPTION_KEYS", "AWAZ_BLIND_INDEX_KEY", "AWAZ_BLIND_INDEX_KEYS")


def _base_host() -> str:
    return (urlsplit(settings.BASE_URL).hostname or "").lower()


@register(Tags.security)
def check_keys_are_separate(app_configs, **kwargs):
    shared = set(settings.ENCRYPTION_KEYS) & set(settings.BLIND_INDEX_KEYS)
    if shared or settings.SECRET_KEY in set(settings.ENCRYPTION_KEYS) | set(settings.BLIND_INDEX_KEYS):
        return [Error(
            "The same secret is used for two purposes (encryption, blind index, Django's SECRET_KEY).",
            hint="Give AWAZ_SECRET_KEY, AWAZ_ENCRYPTION_KEY(S) and AWAZ_BLIND_INDEX_KEY(S) different random "
                 "values, e.g. from `python -c 'import secrets; print(secrets.token_urlsafe(32))'`.",
            id="awaz.E001",
        )]
    return []


@register(Tags.urls)
def check_admin_url(app_configs, **kwargs):
    first = settings.ADMIN_URL.split("/")[0]
    language_codes = {code.lower() for code, _ in settings.LANGUAGES}
    if not first or first.lower() in RESERVED_PREFIXES | language_codes:
        return [Error(
            f"AWAZ_ADMIN_URL={settings.ADMIN_URL!r} would put the admin over a public address.",
            hint="Choose a path of its own, e.g. AWAZ_ADMIN_URL=office-7f3k (not empty, not a language code, "
                 "not static/ or media/).",
            id="awaz.E002",
        )]
    return []


@register(Tags.security)
def check_admin_login_limits(app_configs, **kwargs):
    if settings.ADMIN_LOGIN_MAX_FAILURES < 1 or settings.ADMIN_LOGIN_LOCK_MINUTES < 1:
        return [Error(
            "AWAZ_ADMIN_LOGIN_MAX_FAILURES and AWAZ_ADMIN_LOGIN_LOCK_MINUTES must be 1 or more.",
            hint="The defaults are 5 failures and 15 minutes.",
            id="awaz.E003",
        )]
    return []


@register(Tags.security)
def check_debug(app_configs, **kwargs):
    if settings.DEBUG and _base_host() not in LOCAL_HOSTS:
        return [Warning(
            "AWAZ_DEBUG is on for a site that is not on this computer.",
            hint="Debug pages show settings and code to anyone who triggers an error. Unset AWAZ_DEBUG.",
            id="awaz.W001",
        )]
    return []


@register(Tags.security, deploy=True)
def check_https(app_configs, **kwargs):
    if not settings.HTTPS:
        return [Warning(
            "AWAZ_BASE_URL does not start with https://.",
            hint="Signers' names and addresses would cross the network readable by anyone on the way; "
                 "HSTS and secure cookies are switched on only for an https:// AWAZ_BASE_URL.",
            id="awaz.W002",
        )]
    return []


@register(Tags.security, deploy=True)
def check_key_storage(app_configs, **kwargs):
    messages = []
    configured = any(os.environ.get(name) or os.environ.get(f"{name}_FILE") for name in KEY_VARIABLES)
    if not settings.EMBEDDED and not configured:
        # Fine for one server whose keys are backed up apart from the database; fatal for two
        # servers, which would each generate their own keys. Info, not a warning: both are valid.
        messages.append(Info(
            f"The encryption and blind index keys were generated in {settings.DATA_DIR / 'keys'} while the "
            "database is elsewhere.",
            hint="Back that folder up separately from database backups (without it, the personal data in them "
                 "cannot be read), and give every Awaz server the same keys, e.g. with AWAZ_ENCRYPTION_KEY_FILE "
                 "and AWAZ_BLIND_INDEX_KEY_FILE. See docs/security.md.",
            id="awaz.I001",
        ))
    if len(settings.ENCRYPTION_KEYS) > 1 or len(settings.BLIND_INDEX_KEYS) > 1:
        messages.append(Info(
            "Several encryption or blind index keys are configured: a key rotation is in progress.",
            hint="Run `awaz rotate_keys` (and `awaz rotate_keys --blind-index`), then remove the old keys.",
            id="awaz.I002",
        ))
    return messages
