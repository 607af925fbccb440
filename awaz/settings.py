"""Awaz settings: one module, read from the environment, production-safe by default.

Every variable is documented in the README ("Configuration").
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

from awaz.env import env_bool, env_int, env_list, env_secret, env_str

PACKAGE_DIR = Path(__file__).resolve().parent

# Everything Awaz writes (embedded database, generated keys, task queue, outbox, static files).
DATA_DIR = Path(env_str("AWAZ_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("AWAZ_DEBUG", False)
SECRET_KEY = env_secret("AWAZ_SECRET_KEY", DATA_DIR, nbytes=48)
ALLOWED_HOSTS = env_list("AWAZ_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
# Absolute links in emails and feeds; requests are never trusted to say where the site lives.
BASE_URL = env_str("AWAZ_BASE_URL", f"http://127.0.0.1:{env_str('PORT', '8000')}").rstrip("/")
HTTPS = BASE_URL.startswith("https://")
# The onion service's address (http://<56 characters>.onion), if Awaz is also run as one: pages
# then send `Onion-Location`, and visitors and signers who came through it get onion links
# (awaz.core.onion). Its host is allowed automatically.
ONION_URL = env_str("AWAZ_ONION_URL").rstrip("/")
if ONION_URL:
    if not (urlsplit(ONION_URL).hostname or "").endswith(".onion") or urlsplit(ONION_URL).path:
        raise ImproperlyConfigured(
            "AWAZ_ONION_URL must be the onion service's address, like http://<56 characters>.onion "
            "(from /var/lib/tor/<service>/hostname), without a path. See docs/onion-service.md."
        )
    ALLOWED_HOSTS.append(urlsplit(ONION_URL).hostname)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "huey.contrib.djhuey",
    "awaz.core",
    "awaz.accounts",
    "awaz.petitions",
    "awaz.defences",
    "awaz.signatures",
    "awaz.news",
    "awaz.fraud",
    "awaz.transparency",
    "awaz.studio",
    "awaz.outcomes",
    "awaz.operations",
    "awaz.api",
    "awaz.front",
    "awaz.api.org",
    "awaz.webhooks",
]

MIDDLEWARE = [
    "awaz.core.middleware.security_headers",
    "awaz.core.onion.onion_location",
    # Every error under /api/ as RFC 9457 problem details; no Vary on the negotiated language there.
    "awaz.api.middleware.api_responses",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A body that `awaz serve` refused (too slow, too large): a 408 or 413 in the visitor's language.
    "awaz.core.bodies.refuse_unread_body",
    # A NUL anywhere in the query string or form fields: a 400 in the visitor's language.
    "awaz.core.nul.refuse_nul",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "awaz.accounts.middleware.second_factor_required",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "awaz.urls"
WSGI_APPLICATION = "awaz.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "awaz.core.context_processors.site",
            ],
            "builtins": ["awaz.core.templatetags.awaz"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "awaz.sqlite3",
            "OPTIONS": {
                # WAL lets readers go on while the one writer writes; IMMEDIATE takes the write
                # lock at BEGIN so concurrent writers queue instead of failing with "locked".
                # secure_delete: deleted and overwritten values are zeroed in the file, not left
                # in free pages (sealed petitions erase the server's ciphertexts of signers).
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # A file, not Django's default in-memory database: shared-cache memory databases
            # lock whole tables and ignore the busy timeout, unlike the real embedded mode.
            "TEST": {"NAME": str(DATA_DIR / "test.sqlite3")},
        }
    }
EMBEDDED = DATABASES["default"]["ENGINE"].endswith("sqlite3")
# A request that lost its database connection before writing anything (a PostgreSQL restart)
# is run once more after waiting this long at most for the database (awaz/core/db_retry.py).
DB_RETRY_SECONDS = env_int("AWAZ_DB_RETRY_SECONDS", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, task queue ----------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Falls back to an in-process cache while Redis is unreachable (awaz/core/cache.py); the
    # short timeouts keep a Redis that does not answer from holding requests.
    CACHES = {"default": {"BACKEND": "awaz.core.cache.RedisCache", "LOCATION": REDIS_URL,
                          "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}}}
else:
    # Embedded mode serves from one process (see `awaz serve`), so an in-process cache is shared.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "awaz"}}

HUEY = {
    "name": "awaz",
    # Task results are never read, and storing them would keep data we do not need.
    "results": False,
    "immediate": False,
    "utc": True,
    "consumer": {"workers": env_int("AWAZ_WORKER_THREADS", 4), "worker_type": "thread"},
}
if REDIS_URL:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": REDIS_URL})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "tasks.sqlite3")})

# --- Request bodies (awaz/core/bodies.py) ---------------------------------------------------
# `awaz serve` refuses larger bodies with 413 before reading them, and bodies that have not
# arrived this many seconds after their headers with 408. Public forms need a few kilobytes;
# the admin uploads images and attachments.
BODY_MAX_BYTES = env_int("AWAZ_BODY_MAX_KB", 64) * 1024
BODY_SECONDS = env_int("AWAZ_BODY_SECONDS", 10)
ADMIN_BODY_MAX_BYTES = env_int("AWAZ_ADMIN_BODY_MAX_MB", 20) * 1024 * 1024
ADMIN_BODY_SECONDS = env_int("AWAZ_ADMIN_BODY_SECONDS", 120)

# --- Email ----------------------------------------------------------------------------------
EMAIL_URL = env_str("EMAIL_URL")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Awaz <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 20
OUTBOX_DIR = DATA_DIR / "outbox"
if EMAIL_URL:
    _email = urlsplit(EMAIL_URL)
    if _email.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured("EMAIL_URL must start with smtp:// or smtps://, e.g. smtp://user:pass@host:587")
    EMAIL_BACKEND = "awaz.core.smtp.EmailBackend"  # Django's, with the handover mark (awaz.core.smtp)
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or (465 if _email.scheme == "smtps" else 587)
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_SSL = _email.scheme == "smtps"
    # STARTTLS on the submission port unless ?tls=0 (a local relay on port 25 usually has none).
    EMAIL_USE_TLS = not EMAIL_USE_SSL and "tls=0" not in (_email.query or "") and EMAIL_PORT != 25
else:
    EMAIL_BACKEND = "awaz.core.mail.OutboxBackend"

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Only staff have sessions (the public site sets none): a stolen laptop's admin session ends
# within hours, and the next login asks for the second factor again.
SESSION_COOKIE_AGE = env_int("AWAZ_ADMIN_SESSION_HOURS", 12) * 3600
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Lets the domain be put on browsers' built-in HTTPS list, so that not even the first visit
# can be downgraded by a network in the middle. Only whole registrable domains can be listed.
SECURE_HSTS_PRELOAD = HTTPS and env_bool("AWAZ_HSTS_PRELOAD", True)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD or not HTTPS else ["security.W021"]  # a deliberate opt-out
SECURE_SSL_REDIRECT = HTTPS and env_bool("AWAZ_SSL_REDIRECT", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
# No referrer ever leaves a page; awaz.core.middleware.security_headers relaxes it to
# same-origin inside the admin only, where Django's CSRF check needs it.
SECURE_REFERRER_POLICY = "no-referrer"
X_FRAME_OPTIONS = "DENY"
# How many reverse proxies in front of Awaz append to X-Forwarded-For. 0 = none: the socket
# address is the client. The header is never trusted beyond this many hops.
TRUSTED_PROXIES = env_int("AWAZ_TRUSTED_PROXIES", 0)
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [BASE_URL, *([ONION_URL] if ONION_URL else [])]

# Keys for personal data. Separate keys: the blind index key only ever hashes, the encryption
# keys only ever encrypt; a leak of one does not give away the other. The first encryption key
# encrypts, all of them decrypt (for rotation, see `awaz rotate_keys`).
# The blind index keys work the same way: the first one indexes, all of them are tried on
# look-ups while `awaz rotate_keys --blind-index` moves the index to the first one.
# Each *_KEYS variable may also name a file (*_KEYS_FILE) with the keys, newest first, one a line.


def _key_list(name: str) -> list[str]:
    raw = env_str(name) or (env_secret(name, DATA_DIR) if env_str(f"{name}_FILE") else "")
    return [key.strip() for key in raw.replace("\n", ",").split(",") if key.strip()]


ENCRYPTION_KEYS = _key_list("AWAZ_ENCRYPTION_KEYS") or [env_secret("AWAZ_ENCRYPTION_KEY", DATA_DIR)]
BLIND_INDEX_KEYS = _key_list("AWAZ_BLIND_INDEX_KEYS") or [env_secret("AWAZ_BLIND_INDEX_KEY", DATA_DIR)]
# The transparency logs' signing key, separate from every other key (docs/transparency.md).
# AWAZ_LOG_KEYS lists several, newest first, during a rotation: each signs every checkpoint and
# the first is the one published as the logs' key.
LOG_KEYS = _key_list("AWAZ_LOG_KEYS") or [env_secret("AWAZ_LOG_KEY", DATA_DIR)]

# --- Signing rules --------------------------------------------------------------------------
CONFIRMATION_DAYS = env_int("AWAZ_CONFIRMATION_DAYS", 7)
# Confirmation emails one worker sends per second at most (0: no cap, the default). An email
# costs the worker about half a millisecond of CPU (awaz.signatures.signer_emails), so an
# uncapped worker keeps up with a spike; set a cap to what a mail provider allows.
EMAIL_RATE = env_int("AWAZ_EMAIL_RATE", 0)
# Hours the fraud desk keeps each signature's network tag and small-domain tag; after that
# they are erased from the rows (the desk shows the last hour and the last day, and a flood is
# usually dealt with by the next morning). docs/signer-protection.md says what a tag reveals.
SOURCE_TAG_HOURS = env_int("AWAZ_SOURCE_TAG_HOURS", 48)
# Seconds a worker holds an email it is sending before another worker may send it (its worker
# died): longer than the slowest SMTP transaction (EMAIL_TIMEOUT per step), short enough that
# an email stranded by a crashed worker still leaves within minutes (docs/email-delivery.md).
EMAIL_CLAIM_SECONDS = env_int("AWAZ_EMAIL_CLAIM_SECONDS", 300)
# Counter rows per petition and country; spreads concurrent confirmations over several rows.
COUNTER_SHARDS = 1 if EMBEDDED else env_int("AWAZ_COUNTER_SHARDS", 16)
# Countries with fewer confirmed signatures are shown as "other countries".
COUNTRY_MIN_GROUP = 5
# Days after a petition closes before its signers' personal data is erased (the counts by
# country stay). See docs/signer-protection.md.
RETENTION_DAYS = env_int("AWAZ_RETENTION_DAYS", 90)
if RETENTION_DAYS < 0:
    raise ImproperlyConfigured("AWAZ_RETENTION_DAYS must be 0 or more days, e.g. AWAZ_RETENTION_DAYS=90.")
PUBLIC_SIGNERS_SHOWN = 10
# Days a removal by the fraud desk can be undone. Meanwhile the removed signatures are not
# counted and wait, still encrypted, out of the signatures table; then they are deleted for
# good. A week: a mistaken removal is noticed within days (signers and campaigners see the count
# drop), and suspected fakes should not be kept longer than that. 0: deleted at once, no undo.
UNDO_DAYS = env_int("AWAZ_UNDO_DAYS", 7)
if UNDO_DAYS < 0:
    raise ImproperlyConfigured("AWAZ_UNDO_DAYS must be 0 or more days, e.g. AWAZ_UNDO_DAYS=7.")

# --- Defences against fake signatures (docs/abuse-defences.md) ------------------------------
# Sliding-window limits per petition; 0 switches a limit off. Generous on purpose: a campus or
# a mobile carrier puts thousands of real people behind one network.
# Signatures from one network (IPv4 /24, IPv6 /64) per minute (a burst) and per hour.
RATE_NETWORK_PER_MINUTE = env_int("AWAZ_RATE_NETWORK_PER_MINUTE", 60)
RATE_NETWORK_PER_HOUR = env_int("AWAZ_RATE_NETWORK_PER_HOUR", 1000)
# Signatures from one network sent without a proof of work while the petition asks for one.
RATE_NETWORK_UNSOLVED_PER_HOUR = env_int("AWAZ_RATE_NETWORK_UNSOLVED_PER_HOUR", 20)
# Signatures per email domain per hour: small and unknown domains (where catch-all floods come
# from), and large providers (gmail.com and the like, plus AWAZ_RATE_LARGE_DOMAINS).
RATE_DOMAIN_PER_HOUR = env_int("AWAZ_RATE_DOMAIN_PER_HOUR", 1000)
RATE_LARGE_DOMAIN_PER_HOUR = env_int("AWAZ_RATE_LARGE_DOMAIN_PER_HOUR", 50000)
RATE_LARGE_DOMAINS = frozenset(domain.lower() for domain in env_list("AWAZ_RATE_LARGE_DOMAINS"))
# Signatures per petition per minute, from everywhere: a ceiling that protects the service.
RATE_PETITION_PER_MINUTE = env_int("AWAZ_RATE_PETITION_PER_MINUTE", 60000)
# Requests to the public API (/api/v1/) per network per minute, counted under the same keyed
# network hash as signing (no address is stored). A CDN in front answers most reads itself.
RATE_API_PER_MINUTE = env_int("AWAZ_RATE_API_PER_MINUTE", 300)
# Alerts to an organization's moderators (docs/defences.md): signatures per hour from one
# network, one email domain, or to one petition, beyond which they get one email per hour.
# 0 switches one off. Large providers (gmail.com...) and AWAZ_ALERT_IGNORED_DOMAINS never alert.
ALERT_NETWORK_PER_HOUR = env_int("AWAZ_ALERT_NETWORK_PER_HOUR", 100)
ALERT_DOMAIN_PER_HOUR = env_int("AWAZ_ALERT_DOMAIN_PER_HOUR", 200)
ALERT_PETITION_PER_HOUR = env_int("AWAZ_ALERT_PETITION_PER_HOUR", 5000)
ALERT_IGNORED_DOMAINS = frozenset(domain.lower() for domain in env_list("AWAZ_ALERT_IGNORED_DOMAINS"))
# Proof of work: "auto" asks for it while a petition's signing rate is abnormal, "always" and
# "never" override the switch.
POW_MODE = env_str("AWAZ_POW_MODE", "auto").lower()
if POW_MODE not in {"auto", "always", "never"}:
    raise ImproperlyConfigured(f"AWAZ_POW_MODE must be auto, always or never; got {POW_MODE!r}.")
# Abnormal: at least POW_MIN_BURST signatures in 5 minutes and more than POW_SURGE_FACTOR
# times what the petition's last hour predicts, or POW_ABSOLUTE in 5 minutes whatever the past.
POW_MIN_BURST = env_int("AWAZ_POW_MIN_BURST", 30)
POW_SURGE_FACTOR = env_int("AWAZ_POW_SURGE_FACTOR", 4)
POW_ABSOLUTE = env_int("AWAZ_POW_ABSOLUTE", 1500)
# How long the proof of work stays on after the last abnormal signature.
POW_COOLDOWN_SECONDS = env_int("AWAZ_POW_COOLDOWN_SECONDS", 1800)
# The work: PBKDF2 iterations per attempt, and the largest counter the browser may have to
# reach (it reaches between half of it and all of it): a few seconds in a browser, about as
# long for a script in native code. How long a challenge may be used.
POW_COST = env_int("AWAZ_POW_COST", 1000)
POW_MAX_COUNTER = env_int("AWAZ_POW_MAX_COUNTER", 5000)
POW_CHALLENGE_SECONDS = env_int("AWAZ_POW_CHALLENGE_SECONDS", 1200)

# --- Internationalization -------------------------------------------------------------------
# Django does not know Uyghur in Latin script; registering it here makes the language code,
# its direction and its own name available to everything that asks Django about languages.
LANG_INFO["ug-latn"] = {"bidi": False, "code": "ug-latn", "name": "Uyghur (Latin script)", "name_local": "Uyghurche"}
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("ja", "日本語"),
    ("ru", "Русский"),
    ("tr", "Türkçe"),
    ("zh-hans", "简体中文"),
    ("ar", "العربية"),
    ("ug", "ئۇيغۇرچە"),
    ("ug-latn", "Uyghurche"),
]
LANGUAGES_BIDI = ["ar", "ug"]
# Awaz's catalogues first; then Django's own strings in Latin-script Uyghur, converted from
# Django's ug catalogues (awaz.core.catalogs.derive_django_uyghur_latin), which Django lacks.
LOCALE_PATHS = [PACKAGE_DIR / "locale", PACKAGE_DIR / "locale_django"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_NAME = "awaz_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed copies and content-hashed names, served for a year by WhiteNoise.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600

ADMIN_URL = env_str("AWAZ_ADMIN_URL", "admin").strip("/")
# Path of the campaigners' studio (awaz/studio), movable like the admin.
STUDIO_URL = env_str("AWAZ_STUDIO_URL", "studio").strip("/")
# How long an invitation link to join an organization works.
INVITATION_DAYS = env_int("AWAZ_INVITATION_DAYS", 7)
# Failed admin logins (password or code) allowed per username and per network before both
# steps are locked for that many minutes (see awaz/accounts/throttle.py).
ADMIN_LOGIN_MAX_FAILURES = env_int("AWAZ_ADMIN_LOGIN_MAX_FAILURES", 5)
ADMIN_LOGIN_LOCK_MINUTES = env_int("AWAZ_ADMIN_LOGIN_LOCK_MINUTES", 15)

# --- The organizations' API and webhooks (awaz/api/org, awaz/webhooks) ----------------------
# Requests a minute that one API token may make (429 with Retry-After beyond).
API_TOKEN_PER_MINUTE = env_int("AWAZ_API_TOKEN_PER_MINUTE", 300)
# Longest life an owner may give a token (the studio offers 30, 90, 365 days).
API_TOKEN_MAX_DAYS = env_int("AWAZ_API_TOKEN_MAX_DAYS", 365)
# Development and tests only: webhooks may go to http:// and to private or loopback addresses.
# Never in production: it would let a campaigner make the server call its own network (SSRF).
WEBHOOKS_ALLOW_PRIVATE = env_bool("AWAZ_WEBHOOKS_ALLOW_PRIVATE", False)
# Attempts of one delivery before it is given up (backoff doubles from 30 s, at most 6 hours
# apart: 20 attempts span about two and a half days).
WEBHOOK_MAX_ATTEMPTS = env_int("AWAZ_WEBHOOK_MAX_ATTEMPTS", 20)

# --- Logging: no request bodies, no addresses, no tokens ------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "awaz.core.logging.RedactPersonalData"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.server": {"level": "WARNING"},
        # With a handler of ours the consumer adds none of its own, so its tracebacks pass the
        # same redaction as everything else.
        "huey": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
