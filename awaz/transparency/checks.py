"""System checks for the log signing key: its own secret, and the same one on every server."""

import os

from django.conf import settings
from django.core.checks import Error, Info, Tags, register


@register(Tags.security)
def check_log_key_is_separate(app_configs, **kwargs):
    others = {settings.SECRET_KEY, *settings.ENCRYPTION_KEYS, *settings.BLIND_INDEX_KEYS}
    if others & set(settings.LOG_KEYS):
        return [Error(
            "The transparency log key is also used for another purpose (encryption, blind index or SECRET_KEY).",
            hint="Give AWAZ_LOG_KEY a random secret of its own, e.g. from `awaz log_key --new`.",
            id="awaz.transparency.E001",
        )]
    return []


@register(Tags.security, deploy=True)
def check_log_key_storage(app_configs, **kwargs):
    configured = any(os.environ.get(name) for name in
                     ("AWAZ_LOG_KEY", "AWAZ_LOG_KEY_FILE", "AWAZ_LOG_KEYS", "AWAZ_LOG_KEYS_FILE"))
    if settings.EMBEDDED or configured:
        return []
    # Two servers would each generate a key: the web servers would publish one and the worker
    # would sign with another, and every checkpoint would fail to verify.
    return [Info(
        f"The transparency log key was generated in {settings.DATA_DIR / 'keys'} while the database is elsewhere.",
        hint="Give every Awaz server and worker the same key with AWAZ_LOG_KEY_FILE, and back it up with the "
             "other keys. See docs/transparency.md.",
        id="awaz.transparency.I001",
    )]
