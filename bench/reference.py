"""The read reference: the inbox as a competent Flask developer would write it on the
bare stack, without the portal's framework code, on the same database.

Flask, Flask-Login, Flask-SQLAlchemy with Core rows, Jinja (one template, no macros),
Flask-Babel with the portal's catalogues, Flask-WTF CSRF and Flask-Compress. A request
checks its server-side session row as the portal does (ended, idle, too old; activity
noted once a minute) and reads the posts the user holds today and their roles; the
inbox is the same 25 rows, cell for cell, as the portal's (tests/core/test_bench.py
compares them). The bench reports each page as "x reference" against it.

    gunicorn bench.reference:app      (GET /sign-in/<username> once for a cookie)
"""
import hashlib
import os
import secrets
from datetime import datetime, timedelta, timezone
from math import ceil
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask, abort, render_template, request, session
from flask_babel import Babel, get_locale
from flask_compress import Compress
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import DateTime, bindparam, func, literal, select, text, union_all

ROOT = Path(__file__).resolve().parent.parent
ZONE = ZoneInfo("Asia/Kolkata")
PER_PAGE, COUNT_CAP = 25, 1000
IDLE, ABSOLUTE, TOUCH_EVERY = timedelta(minutes=30), timedelta(hours=12), timedelta(minutes=1)
LANGUAGES = {"en": "English", "hi": "हिन्दी", "ur": "اردو"}
ASSETS = ("favicon.svg", "app.css", "htmx-2.0.11.min.js", "app.js")

db = SQLAlchemy()
login_manager = LoginManager()


class User(UserMixin):
    def __init__(self, row, posts, roles):
        self.id, self.name, self.language = row.user_id, row.name, row.language
        self.posts, self.roles = posts, roles
        self.is_admin = "it_admin" in roles
        self.sees_dashboards = bool(posts or roles & {"ut_oversight", "district_head"})
        self.reads_audit = bool(roles & {"it_admin", "ut_oversight"})
        self.has_two_factor = bool(roles & {"it_admin", "ut_oversight", "district_head"})


def utcnow():
    return datetime.now(timezone.utc).replace(tzinfo=None)


def today():
    return datetime.now(ZONE).date()


# statements built once at import, as anyone who has profiled SQLAlchemy would
SESSION_USER = text(
    "SELECT s.id, s.user_id, s.created_at, s.last_seen_at, s.ended_at, u.name, u.language, "
    "u.active, u.must_change_password FROM user_session s "
    "JOIN user_account u ON u.id = s.user_id WHERE s.token_hash = :digest",
).columns(created_at=DateTime, last_seen_at=DateTime, ended_at=DateTime)
POSTS_TODAY = text(
    "SELECT p.id, p.label, p.label_hi, p.label_ur FROM post_holding h JOIN post p ON "
    "p.id = h.post_id WHERE h.user_id = :user AND h.starts_on <= :day AND "
    "(h.ends_on IS NULL OR h.ends_on >= :day) ORDER BY h.id")
ROLES = text("SELECT role FROM user_role WHERE user_id = :user")
NOW = bindparam("now", type_=DateTime)
TOUCH = text("UPDATE user_session SET last_seen_at = :now WHERE id = :id").bindparams(NOW)
END = text("UPDATE user_session SET ended_at = :now WHERE id = :id").bindparams(NOW)


def _tables():
    meta = db.metadata
    meta.reflect(bind=db.engine, only=["efile", "receipt", "post", "movement", "user_account"])
    return meta.tables


def _statements(t):
    posts = bindparam("posts", expanding=True)
    count_parts, row_parts = [], []
    for kind, table, number in (("file", t["efile"], t["efile"].c.file_no),
                                ("receipt", t["receipt"], t["receipt"].c.diary_no)):
        mine = [table.c.holder_post_id.in_(posts), table.c.status == "active"]
        count_parts.append(select(select(table.c.id).where(*mine).limit(COUNT_CAP + 1)
                                  .subquery()))
        sender = t["post"].alias()
        rows = (select(literal(kind).label("kind"), table.c.id, number.label("number"),
                       table.c.subject, table.c.priority, table.c.is_electronic,
                       table.c.read_at, table.c.holder_since, table.c.due_on,
                       sender.c.label, sender.c.label_hi, sender.c.label_ur)
                .outerjoin(sender, sender.c.id == table.c.sent_by_post_id).where(*mine)
                .order_by(table.c.holder_since.desc(), table.c.id.desc())
                .limit(bindparam("wanted")))
        row_parts.append(select(rows.subquery()))
    count = select(func.count()).select_from(union_all(*count_parts).subquery())
    union = union_all(*row_parts).subquery()
    page = (select(union).order_by(union.c.holder_since.desc(), union.c.id.desc())
            .limit(PER_PAGE).offset(bindparam("skip")))
    m, u = t["movement"], t["user_account"]
    sends = select(m.c.efile_id, m.c.receipt_id, m.c.remarks, m.c.remark_key, m.c.remark_args,
                   u.c.name).join(u, u.c.id == m.c.by_user_id).where(m.c.id.in_(union_all(
                       select(func.max(m.c.id)).where(m.c.efile_id.in_(bindparam("files",
                                                      expanding=True)), m.c.action == "send")
                       .group_by(m.c.efile_id),
                       select(func.max(m.c.id)).where(m.c.receipt_id.in_(bindparam(
                           "receipts", expanding=True)), m.c.action == "send")
                       .group_by(m.c.receipt_id))))
    return count, page, sends


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


@login_manager.user_loader
def load_user(user_id):
    token = session.get("sid")
    if not token:
        return None
    row = db.session.execute(SESSION_USER, {"digest": _digest(token)}).first()
    if row is None or str(row.user_id) != user_id or row.ended_at or not row.active:
        return None
    now = utcnow()
    if now - row.last_seen_at > IDLE or now - row.created_at > ABSOLUTE:
        db.session.execute(END, {"now": now, "id": row.id})
        db.session.commit()
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        db.session.execute(TOUCH, {"now": now, "id": row.id})
        db.session.commit()
    posts = db.session.execute(POSTS_TODAY, {"user": row.user_id, "day": today()}).all()
    roles = set(db.session.scalars(ROLES, {"user": row.user_id}))
    return User(row, posts, roles)


def localised(label, hindi, urdu):
    return {"hi": hindi, "ur": urdu}.get(str(get_locale())) or label


def create_app(database_url=None):
    app = Flask(__name__, template_folder=str(ROOT / "bench" / "reference_templates"),
                static_folder=str(ROOT / "static"))
    app.config.update(
        SECRET_KEY=os.environ.get("BENCH_REFERENCE_SECRET", secrets.token_hex(16)),
        SQLALCHEMY_DATABASE_URI=database_url or os.environ["DATABASE_URL"],
        BABEL_TRANSLATION_DIRECTORIES=str(ROOT / "eoffice" / "translations"),
        BABEL_DEFAULT_TIMEZONE="Asia/Kolkata", COMPRESS_ALGORITHM="gzip",
        COMPRESS_MIN_SIZE=500, SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    db.init_app(app)
    login_manager.init_app(app)
    Babel(app, locale_selector=lambda: current_user.language
          if current_user.is_authenticated and current_user.language in LANGUAGES else "en")
    CSRFProtect(app)
    Compress(app)
    with app.app_context():
        count, page, sends = _statements(_tables())
    versions = {}
    for name in ASSETS:
        versions[name] = hashlib.sha256((ROOT / "static" / name).read_bytes()).hexdigest()[:10]

    @app.template_filter("datetime")
    def format_datetime(value):
        local = value.replace(tzinfo=timezone.utc).astimezone(ZONE).strftime("%d-%m-%Y %H:%M")
        return local if str(get_locale()) != "ur" else f"\u2066{local}\u2069"

    @app.template_filter("date")
    def format_date(value):
        day = value.strftime("%d-%m-%Y")
        return day if str(get_locale()) != "ur" else f"\u2066{day}\u2069"

    app.jinja_env.globals.update(localised=localised, languages=LANGUAGES,
                                 asset=lambda name: f"/static/{name}?v={versions[name]}")

    @app.get("/sign-in/<username>")
    def sign_in(username):
        """For the bench only: a server-side session for a synthesised account."""
        user_id = db.session.scalar(text("SELECT id FROM user_account WHERE username = :u"),
                                    {"u": username})
        if user_id is None:
            abort(404)
        token, now = secrets.token_urlsafe(32), utcnow()
        db.session.execute(text(
            "INSERT INTO user_session (token_hash, user_id, created_at, last_seen_at, ip, "
            "user_agent) VALUES (:digest, :user, :now, :now, :ip, 'bench')").bindparams(NOW),
            {"digest": _digest(token), "user": user_id, "now": now, "ip": request.remote_addr})
        db.session.commit()
        session["sid"] = token
        login_user(load_user(str(user_id)))
        return "signed in"

    @app.get("/inbox")
    @login_required
    def inbox():
        post_ids = sorted({post.id for post in current_user.posts})
        total = db.session.scalar(count, {"posts": post_ids}) if post_ids else 0
        pages = max(1, ceil(min(total, COUNT_CAP) / PER_PAGE))
        number = min(max(1, request.args.get("page", 1, type=int)), pages)
        rows = db.session.execute(page, {"posts": post_ids, "wanted": number * PER_PAGE,
                                         "skip": (number - 1) * PER_PAGE}).all() \
            if post_ids else []
        files = [r.id for r in rows if r.kind == "file"]
        receipts = [r.id for r in rows if r.kind == "receipt"]
        last = {("file", s.efile_id) if s.efile_id else ("receipt", s.receipt_id): s
                for s in db.session.execute(sends, {"files": files, "receipts": receipts})}
        fragment = "HX-Request" in request.headers and "HX-Boosted" not in request.headers
        response = app.make_response(render_template(
            "inbox_list.html" if fragment else "inbox.html", rows=rows, sends=last,
            total=min(total, COUNT_CAP), capped=total > COUNT_CAP, page=number, pages=pages,
            today=today(), remark_messages=REMARKS, locale=str(get_locale())))
        response.headers["Vary"] = "HX-Request"
        response.headers["Cache-Control"] = "no-store"
        return response

    return app


# remarks the portal writes itself, kept by key and shown in the reader's language
REMARKS = {"put_in_file": "Put into file %(number)s", "receipt_put_in": "Receipt %(number)s put in",
           "copy_of": "Copy of %(number)s"}


app = create_app() if os.environ.get("DATABASE_URL") else None
