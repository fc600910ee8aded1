"""Configuration read from environment variables.

With nothing set the portal runs on SQLite under ``instance/`` and keeps its own
secret key there; ``DATABASE_URL`` switches the same code to PostgreSQL.
"""
import os


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def env_float(name, default):
    value = os.environ.get(name)
    return float(value) if value else default


def callback_clients():
    """EOFFICE_CALLBACK_<CLIENT>_URL and EOFFICE_CALLBACK_<CLIENT>_SECRET: where a client
    system (e-UNNAT) gets the letters that answer its receipts, and the HMAC secret it
    shares with the portal. <CLIENT> is its service token's client name."""
    clients = {}
    for name, value in os.environ.items():
        if name.startswith("EOFFICE_CALLBACK_") and name.endswith("_URL") and value:
            client = name[len("EOFFICE_CALLBACK_"):-len("_URL")]
            clients[client.lower()] = {
                "url": value, "secret": os.environ.get(f"EOFFICE_CALLBACK_{client}_SECRET", "")}
    return clients


class Config:
    # production: refuse to start without explicit keys, database and secure cookies
    ENVIRONMENT = os.environ.get("EOFFICE_ENV", "development").strip().lower()
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")  # None: SQLite in instance/
    SECRET_KEY = os.environ.get("SECRET_KEY")  # None: generated once into instance/
    AUDIT_KEY = os.environ.get("EOFFICE_AUDIT_KEY")  # None: generated once into instance/
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # SQLite: a writer waits this long for its turn, then the request answers 503; the
    # write-ahead log is cut back to about this size when it grows past it
    SQLITE_BUSY_SECONDS = env_float("EOFFICE_SQLITE_BUSY_SECONDS", 15)
    SQLITE_WAL_LIMIT_MB = env_int("EOFFICE_SQLITE_WAL_LIMIT_MB", 64)
    # each connection's page cache (None: SQLite's own) and memory map of the database
    # file; SQLite's defaults until a measurement under the office-hours mix says otherwise
    SQLITE_CACHE_MB = env_float("EOFFICE_SQLITE_CACHE_MB", None)
    SQLITE_MMAP_MB = env_int("EOFFICE_SQLITE_MMAP_MB", 0)

    SESSION_COOKIE_SECURE = env_bool("EOFFICE_SECURE_COOKIES", True)
    # __Host- cookies are sent only over HTTPS, to this host, for the whole site (ASVS 3.4.4)
    SESSION_COOKIE_NAME = "__Host-session" if SESSION_COOKIE_SECURE else "session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_IDLE_MINUTES = env_int("EOFFICE_SESSION_IDLE_MINUTES", 30)
    SESSION_ABSOLUTE_HOURS = env_int("EOFFICE_SESSION_ABSOLUTE_HOURS", 12)
    # The timeouts are kept on the server; the cookie is sent again only when it changes
    # (not re-signed and re-sent with every page: 0.2 ms and ~200 bytes each)
    SESSION_REFRESH_EACH_REQUEST = False

    # WTForms ships no Hindi or Urdu catalogue (and its English one changes nothing): its
    # built-in messages come from ours instead (eoffice.forms.Form); Flask-WTF would load
    # WTForms' from disk on every request that builds a form
    WTF_I18N_ENABLED = False

    LOCKOUT_THRESHOLD = env_int("EOFFICE_LOCKOUT_THRESHOLD", 5)
    LOCKOUT_MINUTES = env_int("EOFFICE_LOCKOUT_MINUTES", 15)  # the longest back-off
    # from the threshold on, each failure locks the account this long, doubling each time
    LOCKOUT_BACKOFF_SECONDS = env_int("EOFFICE_LOCKOUT_BACKOFF_SECONDS", 60)
    PASSWORD_MIN_LENGTH = env_int("EOFFICE_PASSWORD_MIN_LENGTH", 12)
    # ASVS defaults: no composition rules, no forced rotation. NIC-style policies set
    # e.g. 3 (of lower case, upper case, digit, symbol) and 90 days.
    PASSWORD_REQUIRE_CLASSES = env_int("EOFFICE_PASSWORD_REQUIRE_CLASSES", 0)
    PASSWORD_MAX_AGE_DAYS = env_int("EOFFICE_PASSWORD_MAX_AGE_DAYS", 0)
    TOTP_ROLES = ("it_admin", "ut_oversight", "district_head")  # may add a second factor
    TOTP_ISSUER = os.environ.get("EOFFICE_TOTP_ISSUER", "eoffice J&K")
    # argon2id parameters (OWASP: m=19 MiB, t=2, p=1 is the floor)
    ARGON2_TIME_COST = env_int("EOFFICE_ARGON2_TIME_COST", 3)
    ARGON2_MEMORY_KIB = env_int("EOFFICE_ARGON2_MEMORY_KIB", 65536)

    # API tokens expire: personal ones after this many days; the command line's service
    # tokens after SERVICE_TOKEN_DAYS unless `--days` says otherwise
    TOKEN_DAYS = env_int("EOFFICE_TOKEN_DAYS", 90)
    SERVICE_TOKEN_DAYS = env_int("EOFFICE_SERVICE_TOKEN_DAYS", 365)

    RATELIMIT_STORAGE_URI = os.environ.get("EOFFICE_RATELIMIT_STORAGE", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("EOFFICE_LOGIN_RATE_LIMIT", "20 per minute")
    API_RATE_LIMIT = os.environ.get("EOFFICE_API_RATE_LIMIT", "600 per minute")  # per token
    # Dashboard figures are kept this many seconds (0: computed on every request).
    # SimpleCache keeps them per worker process; several hosts share RedisCache
    # (EOFFICE_CACHE_TYPE=RedisCache, EOFFICE_CACHE_REDIS_URL=redis://...).
    DASHBOARD_CACHE_SECONDS = env_int("EOFFICE_DASHBOARD_CACHE_SECONDS", 60)
    CACHE_TYPE = os.environ.get("EOFFICE_CACHE_TYPE", "SimpleCache")
    CACHE_REDIS_URL = os.environ.get("EOFFICE_CACHE_REDIS_URL")
    # Reverse proxies in front that set X-Forwarded-For/-Proto (nginx: 1). Without it the
    # audit log and rate limits would see every user as the proxy's address.
    PROXY_HOPS = env_int("EOFFICE_PROXY_HOPS", 0)

    # Background work (eoffice.queue): Huey's store for messages. Unset: SQLite in
    # instance/queue.sqlite3 (one host); redis://host:6379/0 when several hosts serve.
    QUEUE_URL = os.environ.get("EOFFICE_QUEUE_URL")
    QUEUE_THREADS = env_int("EOFFICE_QUEUE_THREADS", 2)
    QUEUE_RETRY_SECONDS = env_int("EOFFICE_QUEUE_RETRY_SECONDS", 30)  # doubles per attempt
    # A job running longer than this is taken for cut off (its worker died) and run again
    QUEUE_LEASE_SECONDS = env_int("EOFFICE_QUEUE_LEASE_SECONDS", 600)
    QUEUE_SWEEP_GRACE_SECONDS = env_int("EOFFICE_QUEUE_SWEEP_GRACE_SECONDS", 60)

    # Issued letters: the address on the letter's QR code and short link (the portal as
    # the public reaches it), how letters are signed, and how they are delivered.
    PUBLIC_URL = os.environ.get("EOFFICE_PUBLIC_URL", "http://127.0.0.1:5000")
    VERIFY_RATE_LIMIT = os.environ.get("EOFFICE_VERIFY_RATE_LIMIT", "30 per minute")
    SIGNING_MODE = os.environ.get("EOFFICE_SIGNING_MODE", "auto")  # auto, pkcs11, pkcs12, password
    SIGNING_OFFICES = os.environ.get("EOFFICE_SIGNING_OFFICES", "")  # e.g. "DC-SGR=pkcs11,DC-JMU=password"
    SIGNING_DIR = os.environ.get("EOFFICE_SIGNING_DIR")  # None: instance/signing (<username>.p12)
    SIGNING_CHAIN = os.environ.get("EOFFICE_SIGNING_CHAIN")  # PEM: the CA's intermediates to embed
    PKCS11_MODULE = os.environ.get("EOFFICE_PKCS11_MODULE", "/usr/lib/softhsm/libsofthsm2.so")
    PKCS11_TOKEN_LABEL = os.environ.get("EOFFICE_PKCS11_TOKEN_LABEL", "{username}")
    PKCS11_KEY_LABEL = os.environ.get("EOFFICE_PKCS11_KEY_LABEL", "signing")
    PKCS11_RAW_MECHANISM = env_bool("EOFFICE_PKCS11_RAW_MECHANISM", True)  # hash here, sign there
    SMTP_HOST = os.environ.get("EOFFICE_SMTP_HOST")  # None: e-mail copies fail, saying so
    SMTP_PORT = env_int("EOFFICE_SMTP_PORT", 25)
    SMTP_STARTTLS = env_bool("EOFFICE_SMTP_STARTTLS", False)
    SMTP_SSL = env_bool("EOFFICE_SMTP_SSL", False)
    SMTP_USERNAME = os.environ.get("EOFFICE_SMTP_USERNAME")
    SMTP_PASSWORD = os.environ.get("EOFFICE_SMTP_PASSWORD")
    MAIL_FROM = os.environ.get("EOFFICE_MAIL_FROM", "eoffice@localhost")
    MAIL_DOMAIN = os.environ.get("EOFFICE_MAIL_DOMAIN", "eoffice.local")
    CALLBACKS = callback_clients()

    # The audit chain's head is anchored outside the database (eoffice.integrity.anchors):
    # appended to this file (default instance/anchors.log) whenever the log passes a
    # multiple of ANCHOR_EVERY events, at every backup, and by `eoffice anchor`; IT ships
    # the file off the server. EOFFICE_ANCHOR_SYSLOG=1: each anchor to syslog as well
    # (EOFFICE_ANCHOR_SYSLOG_ADDRESS).
    ANCHOR_LOG = os.environ.get("EOFFICE_ANCHOR_LOG")
    ANCHOR_EVERY = env_int("EOFFICE_ANCHOR_EVERY", 100)
    ANCHOR_SYSLOG = env_bool("EOFFICE_ANCHOR_SYSLOG", False)
    # where: a socket path, or host:port for UDP straight to the central log host
    ANCHOR_SYSLOG_ADDRESS = os.environ.get("EOFFICE_ANCHOR_SYSLOG_ADDRESS", "/dev/log")
    # Refuse to start when SECRET_KEY or the audit key differ from the database's
    KEY_CHECK_AT_START = True

    # Where deploy/eoffice-backup.service writes backups, how old the newest may be, and
    # what else `eoffice doctor` compares the installation with.
    BACKUP_DIR = os.environ.get("EOFFICE_BACKUP_DIR", "/var/backups/eoffice")
    BACKUP_MAX_AGE_HOURS = env_int("EOFFICE_BACKUP_MAX_AGE_HOURS", 26)
    NGINX_SITE = os.environ.get("EOFFICE_NGINX_SITE", "/etc/nginx/sites-enabled/eoffice")
    DOCTOR_MIN_FREE_MB = env_int("EOFFICE_DOCTOR_MIN_FREE_MB", 1024)
    DOCTOR_MAX_WAL_MB = env_int("EOFFICE_DOCTOR_MAX_WAL_MB", 256)

    MAX_UPLOAD_MB = env_int("EOFFICE_MAX_UPLOAD_MB", 20)
    MAX_CONTENT_LENGTH = (MAX_UPLOAD_MB + 1) * 1024 * 1024
    PAGE_SIZE = 25
    AUDIT_PAGE_SIZE = 50
    # gzip level of pages: 4 makes a 58 KB dashboard 6 % larger than level 6 (8.5 KB
    # against 8.0) in a third less time (0.42 ms against 0.66 ms, a tenth of the page)
    COMPRESS_LEVEL = 4
    # OCR of scanned dak in the worker (README, "Scanned dak"): Tesseract's languages,
    # pages read per file, seconds per page
    OCR_ENABLED = env_bool("EOFFICE_OCR", True)
    OCR_LANGUAGES = os.environ.get("EOFFICE_OCR_LANGUAGES", "eng+hin+urd")
    OCR_MAX_PAGES = env_int("EOFFICE_OCR_MAX_PAGES", 50)
    OCR_SECONDS_PER_PAGE = env_float("EOFFICE_OCR_SECONDS_PER_PAGE", 60.0)

    BABEL_DEFAULT_LOCALE = "en"
    LANGUAGES = {"en": "English", "hi": "हिन्दी", "ur": "اردو"}
    RTL_LANGUAGES = ("ur",)

    # District reporting: a district below this many proposals is flagged, and so is an
    # office below any readiness minimum.
    PROPOSALS_MIN_PER_DISTRICT = env_int("EOFFICE_PROPOSALS_MIN", 5)
    READINESS_MIN_COMPUTERS = env_int("EOFFICE_READINESS_MIN_COMPUTERS", 5)
    READINESS_MIN_SCANNERS = env_int("EOFFICE_READINESS_MIN_SCANNERS", 1)
    READINESS_MIN_BANDWIDTH_MBPS = env_float("EOFFICE_READINESS_MIN_BANDWIDTH_MBPS", 10.0)
    READINESS_MIN_VPN_ACCOUNTS = env_int("EOFFICE_READINESS_MIN_VPN_ACCOUNTS", 2)
    READINESS_MIN_SIGNING_TOKENS = env_int("EOFFICE_READINESS_MIN_SIGNING_TOKENS", 2)
    READINESS_MIN_STAFF_TRAINED = env_int("EOFFICE_READINESS_MIN_STAFF_TRAINED", 5)

    DEMO_PASSWORD = os.environ.get("EOFFICE_DEMO_PASSWORD", "Demo@eOffice2026")
    WTF_CSRF_TIME_LIMIT = None  # tied to the session, which has its own timeouts
    SEND_FILE_MAX_AGE_DEFAULT = 31536000  # static URLs are versioned


class TestConfig(Config):
    TESTING = True
    # the suite makes its schema from the models (create_all), so no migration is
    # recorded; tests/core/test_readiness.py checks the migrated case
    SCHEMA_FROM_MIGRATIONS = False
    SQLALCHEMY_DATABASE_URI = os.environ.get("EOFFICE_TEST_DATABASE_URL", "sqlite://")
    if SQLALCHEMY_DATABASE_URI.startswith("postgresql"):
        # The suite empties and refills the same tables test after test, and autovacuum
        # samples them at random moments: a nested loop planned from a sample of a few
        # rows, run over the demo's hundreds, took minutes (a plan that a database whose
        # tables grow steadily does not keep). Plans that must keep a nested loop then
        # cost so much on paper that PostgreSQL compiles them (JIT): 0.1 s a query on
        # tables of a few rows, 0.4 s an office dashboard.
        SQLALCHEMY_ENGINE_OPTIONS = {**Config.SQLALCHEMY_ENGINE_OPTIONS, "connect_args": {
            "options": "-c enable_nestloop=off -c jit=off"}}
    SECRET_KEY = "test-secret-key-not-for-production"
    AUDIT_KEY = "test-audit-key-not-for-production"
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "session"
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_KIB = 8192
    RATELIMIT_ENABLED = False
    DASHBOARD_CACHE_SECONDS = 0  # tests read figures right after changing them
    DEMO_PASSWORD = "Demo@eOffice2026"
    QUEUE_URL = "memory://"  # tests run the messages with eoffice.queue.run_waiting()
    SIGNING_MODE = "auto"
    SMTP_HOST = None
    CALLBACKS = {}
