"""Django settings for Miftah, configured from the environment (12-factor).

Every variable is documented in the README. Defaults give the embedded setup: SQLite in WAL mode under the data
folder, local media files, an in-process cache. Setting DATABASE_URL / REDIS_URL moves to PostgreSQL and Redis.
"""

import os
import secrets
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("MIFTAH_DATA_DIR", Path.cwd() / "var")).resolve()


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def load_or_create_secret(path):
    """A generated secret kept in the data folder, so sessions survive restarts without a key in the repo."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or load_or_create_secret(DATA_DIR / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "miftah.core",
    "miftah.news",
    "miftah.search",
    "miftah.dossiers",
    "miftah.wordpress",
    "miftah.syndication",
    "miftah.tips",
    "axes",
    "miftah.audit",  # after axes: its login-failure receiver reads what axes counted
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "miftah.uploads",  # after wagtail.images and wagtail.documents: replaces their permission policies
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "miftah.worker",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "miftah.core.middleware.TrustedProxyHTTPSMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "miftah.core.middleware.SecurityHeadersMiddleware",
    "miftah.core.middleware.MiftahCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "miftah.core.middleware.ReaderGZipMiddleware",
    "miftah.core.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "miftah.audit.middleware.SessionEpochMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into the Arabic 429 page
]

ROOT_URLCONF = "miftah.urls"
WSGI_APPLICATION = "miftah.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite (WAL) under the data folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'miftah.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; "
            "PRAGMA foreign_keys=ON; PRAGMA cache_size=-20000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, else in-process memory.
REDIS_URL = os.environ.get("REDIS_URL")


def redis_caches(url):
    """The cache on Redis: a Redis that is down means no cache (and a warning), not a failing site (core.redis_cache)."""
    return {
        "default": {
            "BACKEND": "miftah.core.redis_cache.TolerantRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "miftah"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }


if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "miftah",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Full-page cache for anonymous readers (miftah.core.cache) and the Cache-Control it sends.
MIFTAH_PAGE_CACHE = env_bool("MIFTAH_PAGE_CACHE", True)
MIFTAH_PAGE_CACHE_SECONDS = int(os.environ.get("MIFTAH_PAGE_CACHE_SECONDS", "300"))
MIFTAH_S_MAXAGE = int(os.environ.get("MIFTAH_S_MAXAGE", "60"))
MIFTAH_STALE_WHILE_REVALIDATE = int(os.environ.get("MIFTAH_STALE_WHILE_REVALIDATE", "600"))
# Page cache bounds and timing (docs/performance.md, "Page cache"): the in-process store holds at most this many pages
# and bytes per server process; an expired copy may be served this long while one request renders it again (or when
# rendering fails); readers wait at most this long for a page being rendered; the spliced ticker lives this long.
MIFTAH_PAGE_CACHE_MAX_ENTRIES = int(os.environ.get("MIFTAH_PAGE_CACHE_MAX_ENTRIES", "2000"))
MIFTAH_PAGE_CACHE_MAX_BYTES = int(os.environ.get("MIFTAH_PAGE_CACHE_MAX_MB", "64")) * 1024 * 1024
MIFTAH_PAGE_CACHE_STALE_SECONDS = int(os.environ.get("MIFTAH_PAGE_CACHE_STALE_SECONDS", "600"))
MIFTAH_PAGE_CACHE_WAIT_SECONDS = int(os.environ.get("MIFTAH_PAGE_CACHE_WAIT_SECONDS", "5"))
MIFTAH_TICKER_SECONDS = int(os.environ.get("MIFTAH_TICKER_SECONDS", "60"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "miftah.audit.passwords.KeyboardLayoutPasswordValidator"},  # «حشسسصخقي» is "password"
]

# Arabic first.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ar", "العربية"), ("en", "English")]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Beirut")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PACKAGE_DIR / "locale"]

# Static files: whitenoise serves hashed, compressed files; collected on first run by `miftah run`.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if env_bool("MIFTAH_PLAIN_STATIC", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Security defaults.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # Wagtail's admin reads it from JavaScript.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# DENY for old browsers; modern ones follow CSP frame-ancestors 'self' (Wagtail's preview panel frames the site's own
# pages; its preview view also sends SAMEORIGIN itself).
X_FRAME_OPTIONS = "DENY"
# Proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (miftah.core.proxies); none by default.
MIFTAH_TRUSTED_PROXIES = [item.strip() for item in os.environ.get("MIFTAH_TRUSTED_PROXIES", "").split(",") if item.strip()]
if env_bool("MIFTAH_HTTPS", False):
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    # No SECURE_PROXY_SSL_HEADER: Django would believe X-Forwarded-Proto from anyone. TrustedProxyHTTPSMiddleware
    # believes it only from MIFTAH_TRUSTED_PROXIES.
# HSTS preload (docs/security/headers-and-csp.md): includeSubDomains + preload, a promise that is hard to take back.
# Without it, Django's two reminders about them (W005, W021) are the operator's choice, not a defect: silenced.
if env_bool("MIFTAH_HSTS_PRELOAD", False):
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
else:
    SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]

# Content-Security-Policy (django-csp; docs/security/headers-and-csp.md). Reader pages need no inline script or
# style, so their cached copies hold no nonce; the admin gets a per-response nonce for Wagtail's inline scripts.
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE  # noqa: E402

MIFTAH_CSP_REPORT_URL = "/csp-report/"
_csp = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "https:"],
        "media-src": [SELF, "https:"],
        "frame-src": ["https:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
        "report-uri": [MIFTAH_CSP_REPORT_URL],
        "report-to": "csp-endpoint",
    },
}
# What the Wagtail admin needs beyond the reader policy (each measured in Chromium, see the docs): the <style>
# elements its editor bundle inserts (style attributes stay refused), blob: previews of uploads, its own preview.
MIFTAH_CSP_ADMIN_DIRECTIVES = {
    "style-src-elem": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", "https:"],
    "frame-src": [SELF, "https:"],
}
if env_bool("MIFTAH_CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _csp
else:
    CONTENT_SECURITY_POLICY = _csp
MIFTAH_CSP_REPORTS_MAX = int(os.environ.get("MIFTAH_CSP_REPORTS_MAX", "500"))  # distinct reports kept
MIFTAH_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()")

# Tip line (miftah.tips, docs/security/tip-line.md): the newsroom's public key (base64; else the one
# `miftah tips set-key` stored), what a source may send, and how often.
MIFTAH_TIPS_PUBLIC_KEY = os.environ.get("MIFTAH_TIPS_PUBLIC_KEY", "")
MIFTAH_TIPS_MAX_TEXT = int(os.environ.get("MIFTAH_TIPS_MAX_TEXT", "20000"))
MIFTAH_TIPS_MAX_FILES = int(os.environ.get("MIFTAH_TIPS_MAX_FILES", "5"))
MIFTAH_TIPS_MAX_FILE_BYTES = int(os.environ.get("MIFTAH_TIPS_MAX_FILE_BYTES", str(10 * 1024 * 1024)))
MIFTAH_TIPS_MAX_TOTAL_BYTES = int(os.environ.get("MIFTAH_TIPS_MAX_TOTAL_BYTES", str(25 * 1024 * 1024)))
MIFTAH_TIPS_SUBMISSIONS_PER_HOUR = int(os.environ.get("MIFTAH_TIPS_SUBMISSIONS_PER_HOUR", "5"))
MIFTAH_TIPS_CODE_ATTEMPTS_PER_HOUR = int(os.environ.get("MIFTAH_TIPS_CODE_ATTEMPTS_PER_HOUR", "10"))

# Wagtail.
WAGTAIL_SITE_NAME = os.environ.get("MIFTAH_SITE_NAME", "مفتاح")
# The public address: MIFTAH_BASE_URL, else the one `miftah setup --base-url` saved in the data folder. The Wagtail
# Site's hostname and port follow it (miftah.core.site_address); with neither set, the Site is left as it is.
_saved_base_url = DATA_DIR / "base_url"
MIFTAH_BASE_URL = os.environ.get("MIFTAH_BASE_URL") or (
    _saved_base_url.read_text().strip() if _saved_base_url.exists() else "")
WAGTAILADMIN_BASE_URL = MIFTAH_BASE_URL or "http://127.0.0.1:8000"
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no request to a third-party host, even from the admin
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "avif", "webp": "webp"}
# Documents only through Wagtail's view, which asks for a private collection's password or login (never /media/).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Uploads (issue #17, docs/security/permissions-and-uploads.md): checked, renamed and stripped of metadata by
# miftah.uploads; limits in MB and megapixels from the environment.
WAGTAILIMAGES_IMAGE_FORM_BASE = "miftah.uploads.forms.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "miftah.uploads.forms.DocumentForm"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]  # never svg: it can carry script
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("MIFTAH_MAX_IMAGE_MB", "15")) * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("MIFTAH_MAX_IMAGE_MEGAPIXELS", "50")) * 1_000_000
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(os.environ.get("MIFTAH_MAX_DOCUMENT_MB", "25")) * 1024 * 1024
MIFTAH_KEEP_ORIGINAL_METADATA = env_bool("MIFTAH_KEEP_ORIGINAL_METADATA", False)
# Search: Miftah's Arabic analyser on SQLite FTS5 / PostgreSQL; OpenSearch's Arabic analysers when OPENSEARCH_URL is set.
OPENSEARCH_URL = os.environ.get("OPENSEARCH_URL")
if OPENSEARCH_URL:
    from miftah.search.opensearch import opensearch_backend

    WAGTAILSEARCH_BACKENDS = {"default": opensearch_backend(OPENSEARCH_URL)}
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "miftah.search.backends"}}
MIFTAH_RELATED_SCORER = os.environ.get("MIFTAH_RELATED_SCORER", "miftah.search.related.content_scores")
MIFTAH_SEMANTIC_RELATED = env_bool("MIFTAH_SEMANTIC_RELATED", False)
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Background tasks (django-tasks): a queue in the database by default, run by `miftah worker` (which `miftah run`
# starts beside the web server); RQ on Redis for scale-out; "immediate" runs tasks inside the request (tests only).
MIFTAH_TASKS = os.environ.get("MIFTAH_TASKS", "database").strip().lower()
TASK_BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
if MIFTAH_TASKS not in TASK_BACKENDS:
    raise ValueError(f"MIFTAH_TASKS must be one of {', '.join(TASK_BACKENDS)}, not {MIFTAH_TASKS!r}")
if MIFTAH_TASKS == "rq":
    if not REDIS_URL:
        raise ValueError("MIFTAH_TASKS=rq needs REDIS_URL")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
TASKS = {"default": TASK_BACKENDS[MIFTAH_TASKS]}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Editors' screens in Arabic (issue #18): Arabic date order in Django and Wagtail's admin («4 كانون الأول/ديسمبر
# 2026، 11:18 م», miftah/formats/ar/formats.py; month names from miftah/locale), and ISO dates in the admin's date
# pickers (Wagtail's defaults, made explicit).
FORMAT_MODULE_PATH = ["miftah.formats"]
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"

# Logins and sessions (miftah.audit, docs/security/logins-and-audit.md). django-axes locks a username, and separately
# a client address, after MIFTAH_LOGIN_FAILURE_LIMIT failures within the cool-off; the address is read through the
# one trusted-proxy rule (miftah.core.proxies). Admin sessions end MIFTAH_SESSION_HOURS after login, or after
# MIFTAH_SESSION_IDLE_MINUTES without a request, whichever comes first.
from datetime import timedelta  # noqa: E402

AUTHENTICATION_BACKENDS = ["miftah.audit.backends.LockoutBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("MIFTAH_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("MIFTAH_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one alone: guessing one account, or spraying many
AXES_CLIENT_IP_CALLABLE = "miftah.core.proxies.client_ip"
AXES_LOCKOUT_TEMPLATE = "audit/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_RESET_ON_SUCCESS = False  # a success must not wipe an address's count: one own account would reset a spraying run
AXES_DISABLE_ACCESS_LOG = True  # successful logins go to Wagtail's audit log, without the full address
AXES_ENABLE_ADMIN = False  # lockouts are managed in Wagtail (Settings → أقفال الدخول)
AXES_VERBOSE = False
SESSION_COOKIE_AGE = int(os.environ.get("MIFTAH_SESSION_HOURS", "10")) * 3600
MIFTAH_SESSION_IDLE_SECONDS = int(os.environ.get("MIFTAH_SESSION_IDLE_MINUTES", "120")) * 60
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"

# Staff two-factor authentication (miftah.accounts, docs/security/two-factor.md): django-otp's apps and codes, the
# session's verified device (OTPMiddleware), then the rule that keeps an unverified session out of the admin.
INSTALLED_APPS += ["miftah.accounts", "django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                  "django_otp.middleware.OTPMiddleware")
MIDDLEWARE.insert(MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
                  "miftah.accounts.middleware.TwoFactorMiddleware")
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME

# Backups (miftah.backup, docs/security/backups.md): `miftah backup` / `miftah restore`; a daily backup by the worker
# into MIFTAH_BACKUP_DIR when it is set, sealed to MIFTAH_BACKUP_PUBLIC_KEY (base64, `miftah backup keygen`).
INSTALLED_APPS += ["miftah.backup"]
MIFTAH_BACKUP_DIR = os.environ.get("MIFTAH_BACKUP_DIR", "")
MIFTAH_BACKUP_PUBLIC_KEY = os.environ.get("MIFTAH_BACKUP_PUBLIC_KEY", "")
MIFTAH_BACKUP_KEEP_DAILY = int(os.environ.get("MIFTAH_BACKUP_KEEP_DAILY", "7"))
MIFTAH_BACKUP_KEEP_WEEKLY = int(os.environ.get("MIFTAH_BACKUP_KEEP_WEEKLY", "4"))

# Live coverage of a developing story (miftah.live, docs/live.md): updates posted from the admin, polled by readers.
INSTALLED_APPS += ["miftah.live"]

# Scale-out (miftah.edge, issue #13, docs/deploy.md): proxy/CDN purge on publish (Wagtail's frontend-cache backends,
# run by a worker on the `edge` queue), media on S3-compatible storage, psycopg's pool, a read replica.
INSTALLED_APPS += ["miftah.edge"]
from miftah.edge import config as _edge  # noqa: E402

WAGTAILFRONTENDCACHE = _edge.frontend_cache_backends(os.environ)
MIFTAH_PURGE_QUEUE = "edge"
TASKS["default"]["QUEUES"] = [*TASKS["default"].get("QUEUES", ["default"]), MIFTAH_PURGE_QUEUE]
if MIFTAH_TASKS == "rq":
    RQ_QUEUES[MIFTAH_PURGE_QUEUE] = RQ_QUEUES["default"]
MIFTAH_CDN_TAGS_HEADER = _edge.cdn_tags_header(os.environ)
if MIFTAH_CDN_TAGS_HEADER:
    MIDDLEWARE.insert(MIDDLEWARE.index("miftah.core.cache.PageCacheMiddleware"), "miftah.edge.middleware.CdnTagsMiddleware")
if os.environ.get("MEDIA_STORAGE_URL"):
    STORAGES["default"] = _edge.media_storage(os.environ["MEDIA_STORAGE_URL"])
MEDIA_URL = os.environ.get("MIFTAH_MEDIA_URL", MEDIA_URL)
DATABASES["default"] = _edge.database_pool(DATABASES["default"], os.environ)
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = _edge.database_pool(dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True), os.environ)
    DATABASE_ROUTERS = ["miftah.edge.routers.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(0, "miftah.edge.routers.ReplicaPinMiddleware")
MIFTAH_REPLICA_PIN_SECONDS = int(os.environ.get("MIFTAH_REPLICA_PIN_SECONDS", "10"))

# Newsletters (miftah.newsletters, docs/newsletters.md): lists, double opt-in sign-up, issues sent by the worker.
# Mail leaves by EMAIL_URL (smtp://, smtp+tls://, smtps://, console://, locmem://), or by an ESP's django-anymail
# backend named in EMAIL_BACKEND with its settings as ANYMAIL_* variables (bounce/complaint webhooks need
# ANYMAIL_WEBHOOK_SECRET).
from miftah.newsletters.email_url import anymail_settings, parse_email_url  # noqa: E402

INSTALLED_APPS += ["miftah.newsletters", "anymail"]
if os.environ.get("EMAIL_URL"):
    _email = parse_email_url(os.environ["EMAIL_URL"])
    EMAIL_BACKEND = _email.pop("EMAIL_BACKEND")
    EMAIL_HOST, EMAIL_PORT = _email.get("EMAIL_HOST", "localhost"), _email.get("EMAIL_PORT", 25)
    EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_USER", ""), _email.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS, EMAIL_USE_SSL = _email.get("EMAIL_USE_TLS", False), _email.get("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = _email.get("EMAIL_TIMEOUT", 30)
ANYMAIL = anymail_settings(os.environ)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
MIFTAH_NEWSLETTER_FROM = os.environ.get("MIFTAH_NEWSLETTER_FROM", "")  # e.g. "مفتاح <news@example.org>"
MIFTAH_NEWSLETTER_CONFIRM_HOURS = int(os.environ.get("MIFTAH_NEWSLETTER_CONFIRM_HOURS", "72"))
MIFTAH_NEWSLETTER_BATCH = int(os.environ.get("MIFTAH_NEWSLETTER_BATCH", "500"))
MIFTAH_NEWSLETTER_SIGNUPS_PER_HOUR = int(os.environ.get("MIFTAH_NEWSLETTER_SIGNUPS_PER_HOUR", "10"))
MIFTAH_NEWSLETTER_CONFIRMS_PER_DAY = int(os.environ.get("MIFTAH_NEWSLETTER_CONFIRMS_PER_DAY", "3"))

# First-party analytics (miftah.analytics, docs/analytics.md): views counted by a beacon (no cookie, no address or
# browser stored), rolled up by the worker every MIFTAH_ANALYTICS_ROLLUP_MINUTES into «الأكثر قراءة» and the dashboard;
# daily figures kept MIFTAH_ANALYTICS_KEEP_DAYS (0: for ever).
INSTALLED_APPS += ["miftah.analytics"]
MIFTAH_ANALYTICS_BEACONS_PER_MINUTE = int(os.environ.get("MIFTAH_ANALYTICS_BEACONS_PER_MINUTE", "60"))
MIFTAH_ANALYTICS_ROLLUP_MINUTES = int(os.environ.get("MIFTAH_ANALYTICS_ROLLUP_MINUTES", "5"))
MIFTAH_ANALYTICS_KEEP_DAYS = int(os.environ.get("MIFTAH_ANALYTICS_KEEP_DAYS", "1095"))
# Beacon views are held in each process up to this many seconds and written in one insert (0: one insert per beacon).
MIFTAH_ANALYTICS_BUFFER_SECONDS = float(os.environ.get("MIFTAH_ANALYTICS_BUFFER_SECONDS", "1"))

# Reader render cost (miftah.news.state): every request gets its content generation's site state (Site, settings,
# sections, view restrictions), so the site lookup and the settings cost no query.
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.common.CommonMiddleware") + 1, "miftah.news.middleware.SiteStateMiddleware")

# Editions (miftah.editions, issue #15, docs/editions.md): Wagtail's i18n with wagtail-localize; the Arabic edition at /, the English one under /en/ (i18n_patterns without a
# prefix for Arabic). A reader page's language comes from its path only.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [("ar", "العربية"), ("en", "English")]
INSTALLED_APPS += ["miftah.editions", "wagtail_localize", "wagtail_localize.locales"]  # .locales replaces wagtail.locales
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.common.CommonMiddleware"),
                  "miftah.editions.middleware.EditionLocaleMiddleware")
