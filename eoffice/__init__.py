"""eoffice: an e-Office portal for a state or union-territory administration."""
import hashlib
import os
import secrets
from datetime import timedelta

from flask import Flask, url_for
from flask_compress import Compress

from . import inputs
from .production import refuse_to_start_without_settings
from .ratelimits import warn_if_unshared
from .template_runtime import PortalEnvironment

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def create_app(config_object="config.Config", **overrides):
    app = Flask(__name__, template_folder=os.path.join(ROOT, "templates"),
                static_folder=os.path.join(ROOT, "static"),
                instance_path=os.environ.get("EOFFICE_INSTANCE", os.path.join(ROOT, "instance")))
    app.jinja_environment = PortalEnvironment  # before anything makes app.jinja_env
    app.config.from_object(config_object)
    app.config.update(overrides)
    refuse_to_start_without_settings(app.config)
    # the cookie ends with the session's absolute timeout, not Flask's 31 days
    app.permanent_session_lifetime = timedelta(hours=app.config["SESSION_ABSOLUTE_HOURS"])
    _fill_instance_defaults(app)
    inputs.register(app)

    from . import blueprints, cli, i18n, ocr, proxy, queue, reactions, security, template_helpers
    from .database import configure_engine
    from .errors import register_error_handlers
    from .extensions import babel, cache, csrf, db, limiter, login_manager, migrate
    from .kept_gzip import compress_around_kept

    db.init_app(app)
    _end_sessions_safely(app, db)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    limiter.init_app(app)
    warn_if_unshared(app)
    cache.init_app(app)
    Compress(app)
    app.after_request(compress_around_kept)  # runs before Compress's (last registered first)
    with app.app_context():
        configure_engine(db.engine, busy_seconds=app.config["SQLITE_BUSY_SECONDS"],
                         wal_limit_mb=app.config["SQLITE_WAL_LIMIT_MB"],
                         cache_mb=app.config["SQLITE_CACHE_MB"],
                         mmap_mb=app.config["SQLITE_MMAP_MB"])
    # rows are sealed as they are written; the audit chain's head anchored as it grows
    from .integrity import anchors, seals  # noqa: F401

    blueprints.register(app)
    proxy.register(app)
    register_error_handlers(app)
    security.register(app)
    template_helpers.register(app)
    cli.register(app)
    queue.init_app(app)
    reactions.connect(app)
    ocr.register(app)
    # integrity checks on a backup's copy run in a scratch app built the same way
    app.extensions["eoffice.create_app"] = create_app
    from .integrity import keys

    keys.check_at_start(app)  # a host with other keys than the database's does not start
    return app


def _end_sessions_safely(app, db):
    """The request's session ends after its answer is built; a connection the database
    dropped meanwhile (a restart, a failover) fails that last rollback, which would
    otherwise escape every error handler and turn a built answer, even that of a
    committed write, into the server's bare 500. The pool discards the dead connection."""
    from sqlalchemy.exc import SQLAlchemyError

    app.teardown_appcontext_funcs.remove(db._teardown_session)

    @app.teardown_appcontext
    def end_session(_error):
        try:
            db.session.remove()
        except SQLAlchemyError:
            app.logger.warning("Connection lost while ending the request", exc_info=True)
            db.session.registry.clear()


def _fill_instance_defaults(app):
    """SQLite under instance/ and keys kept there when the environment sets none."""
    from .database import default_sqlite_uri

    config = app.config
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        config["SQLALCHEMY_DATABASE_URI"] = default_sqlite_uri(app.instance_path)
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _instance_secret(app, "secret_key")
    if not config.get("AUDIT_KEY"):
        config["AUDIT_KEY"] = _instance_secret(app, "audit_key")
    config.setdefault("COMPRESS_ALGORITHM", "gzip")
    config.setdefault("COMPRESS_MIN_SIZE", 500)
    # static files are streamed: offer gzip there too, for browsers without br or zstd
    config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["zstd", "br", "gzip", "deflate"])
    config.setdefault("BABEL_TRANSLATION_DIRECTORIES", os.path.join(ROOT, "eoffice", "translations"))
    config.setdefault("BABEL_DEFAULT_TIMEZONE", "Asia/Kolkata")


def _instance_secret(app, name):
    os.makedirs(app.instance_path, exist_ok=True)
    path = os.path.join(app.instance_path, name)
    if not os.path.exists(path):
        temporary = f"{path}.{os.getpid()}"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(temporary, path)  # first writer wins; others read its key
        except FileExistsError:
            pass
        os.unlink(temporary)
    with open(path) as handle:
        return handle.read().strip()
