"""The write reference: diarising a receipt as a competent Flask developer would write it
on the bare stack, with none of the portal's framework code, on the portal's own
database and under its rules for what a write must leave behind.

One transaction writes the receipt (with the office's next gap-free diary number from
its counter row), its "create" movement and its audit event, each record sealed with
the audit key as the portal seals it (HMAC-SHA256 over the same fields), the event
chained to the one before it under the same lock (an advisory lock on PostgreSQL; on
SQLite, BEGIN IMMEDIATE). `eoffice verify` passes on a database it has written to.

The stack around it is the portal's: Flask, Flask-Login over a server-side session row
(ended, idle and absolute limits checked on every request, one query for the session
and its user), Flask-WTF with CSRF for the page, a bearer token looked up by its
SHA-256 for the API, Flask-SQLAlchemy with Core statements built once.

    POST /receipts/new   the diarise form (303 to the receipt)
    POST /api/receipts   JSON, Authorization: Bearer <token>  (201 with id and number)
    GET  /sign-in?username=...   a session for the bench (no password: not the point)

    gunicorn bench.write_reference:app    (DATABASE_URL, EOFFICE_INSTANCE as the portal)
"""
import hashlib
import hmac
import json
import os
import secrets
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import Flask, abort, g, jsonify, redirect, request, session
from flask_login import LoginManager, UserMixin, current_user, login_required
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import Boolean, Date, DateTime, Integer, bindparam, event, text
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

MODES = ("post", "hand", "email", "eunnat", "electronic")
CATEGORIES = ("general", "application", "complaint", "court_case", "government_order",
              "rti", "other")
GRADINGS = ("normal", "confidential", "secret", "top_secret")
OFFICE_ZONE = ZoneInfo("Asia/Kolkata")
CHAIN_LOCK_ID = 731001  # the portal's: both may append to one chain
IDLE, ABSOLUTE = timedelta(minutes=30), timedelta(hours=12)

# the sealed fields, in the portal's order (eoffice/integrity/seals.py)
RECEIPT_SEALED = ("diary_no", "copy_no", "copy_of_id", "office_id", "subject", "grading",
                  "is_electronic", "category", "status", "holder_post_id", "created_by_id",
                  "created_by_post_id", "mode", "sender_name", "sender_organisation",
                  "letter_no", "letter_date", "received_on", "efile_id")
MOVEMENT_SEALED = ("efile_id", "receipt_id", "action", "from_post_id", "to_post_id",
                   "by_post_id", "by_user_id", "remarks", "remark_key", "remark_args",
                   "priority", "due_on", "at")

SESSION_USER = text(
    "SELECT s.id AS session_id, s.created_at, s.last_seen_at, s.ended_at, u.id, u.username, "
    "u.active FROM user_session s JOIN user_account u ON u.id = s.user_id "
    "WHERE s.token_hash = :digest").columns(created_at=DateTime, last_seen_at=DateTime,
                                            ended_at=DateTime, active=Boolean)
TOKEN_USER = text(
    "SELECT u.id, u.username, u.active, t.expires_at, t.revoked_at FROM api_token t "
    "JOIN user_account u ON u.id = t.user_id WHERE t.token_hash = :digest").columns(
    active=Boolean, expires_at=DateTime, revoked_at=DateTime)
HELD_POST = text(
    "SELECT p.id, p.office_id, o.code FROM post_holding h JOIN post p ON p.id = h.post_id "
    "JOIN office o ON o.id = p.office_id WHERE h.user_id = :user AND h.starts_on <= :today "
    "AND (h.ends_on IS NULL OR h.ends_on >= :today) AND p.active AND h.post_id = "
    "coalesce(:post, h.post_id) ORDER BY p.id LIMIT 1").bindparams(
    bindparam("today", type_=Date), bindparam("post", type_=Integer))
NEXT_SERIAL = text("UPDATE counter SET value = value + 1 WHERE office_id = :office "
                   "AND kind = 'diary' AND scope = :scope RETURNING value")
FIRST_SERIAL = text("INSERT INTO counter (office_id, kind, scope, value) "
                    "VALUES (:office, 'diary', :scope, 1)")
INSERT_RECEIPT = text(
    "INSERT INTO receipt (diary_no, diary_year, diary_serial, copy_no, body, sender_name, "
    "sender_designation, sender_organisation, sender_address, sender_email, sender_mobile, "
    "letter_no, letter_date, received_on, diarised_at, mode, category, office_id, subject, "
    "is_electronic, grading, status, created_by_id, created_by_post_id, holder_post_id, "
    "holder_since, read_at, priority, version, seal) VALUES (:diary_no, :diary_year, "
    ":diary_serial, 0, :body, :sender_name, :sender_designation, :sender_organisation, "
    ":sender_address, :sender_email, :sender_mobile, :letter_no, :letter_date, :received_on, "
    ":at, :mode, :category, :office_id, :subject, :is_electronic, :grading, 'active', "
    ":created_by_id, :created_by_post_id, :created_by_post_id, :at, :at, 'normal', 1, :seal) "
    "RETURNING id").bindparams(bindparam("at", type_=DateTime), bindparam("letter_date", type_=Date),
                               bindparam("received_on", type_=Date),
                               bindparam("is_electronic", type_=Boolean))
INSERT_MOVEMENT = text(
    "INSERT INTO movement (receipt_id, action, to_post_id, by_post_id, by_user_id, remarks, "
    "at, seal) VALUES (:receipt_id, 'create', :to_post_id, :by_post_id, :by_user_id, '', "
    ":at, :seal)").bindparams(bindparam("at", type_=DateTime))
LAST_EVENT = text("SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1")
INSERT_EVENT = text(
    "INSERT INTO audit_event (at, user_id, username, post_id, action, object_type, "
    "object_id, detail, ip, prev_hash, hash) VALUES (:at, :user_id, :username, :post_id, "
    "'receipt.create', 'Receipt', :object_id, :detail, :ip, :prev_hash, :hash)").bindparams(
    bindparam("at", type_=DateTime))
LOCK_CHAIN = text("SELECT pg_advisory_xact_lock(:id)").bindparams(bindparam("id", CHAIN_LOCK_ID))

db = SQLAlchemy()
login_manager = LoginManager()
csrf = CSRFProtect()


class User(UserMixin):
    def __init__(self, row):
        self.id, self.username = row.id, row.username


class ReceiptForm(FlaskForm):
    as_post = IntegerField(validators=[DataRequired()])
    subject = StringField(validators=[DataRequired(), Length(max=500)])
    body = TextAreaField(validators=[Length(max=20000)])
    sender_name = StringField(validators=[DataRequired(), Length(max=160)])
    sender_designation = StringField(validators=[Length(max=160)])
    sender_organisation = StringField(validators=[Length(max=200)])
    sender_address = TextAreaField(validators=[Length(max=400)])
    sender_email = StringField(validators=[Optional(), Email(), Length(max=200)])
    sender_mobile = StringField(validators=[Length(max=20)])
    letter_no = StringField(validators=[Length(max=120)])
    letter_date = DateField(format="%d-%m-%Y", validators=[Optional()])
    received_on = DateField(format="%d-%m-%Y", validators=[DataRequired()])
    mode = SelectField(choices=MODES)
    category = SelectField(choices=CATEGORIES)
    grading = SelectField(choices=GRADINGS)
    form = SelectField(choices=("electronic", "physical"))


def create_app(database_url, secret_key, audit_key):
    app = Flask(__name__)
    app.config.update(SECRET_KEY=secret_key, AUDIT_KEY=audit_key.encode(),
                      SQLALCHEMY_DATABASE_URI=database_url, WTF_CSRF_TIME_LIMIT=None)
    db.init_app(app)
    login_manager.init_app(app)
    csrf.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _sqlite_writes_begin_immediate(db.engine)
    _routes(app)
    return app


def _sqlite_writes_begin_immediate(engine):
    """SQLAlchemy's documented recipe: the driver leaves transactions to us, and each
    one takes SQLite's write lock at once (a diary number is read, then written)."""
    @event.listens_for(engine, "connect")
    def connect(connection, _record):
        connection.isolation_level = None
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA busy_timeout = 10000")

    @event.listens_for(engine, "begin")
    def begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _utcnow():
    return datetime.now(timezone.utc).replace(tzinfo=None)


@login_manager.user_loader
def load_user(user_id):
    row = db.session.execute(SESSION_USER, {"digest": _digest(session.get("sid", ""))}).first()
    now = _utcnow()
    if row is None or str(row.id) != user_id or not row.active or row.ended_at is not None \
            or now - row.last_seen_at > IDLE or now - row.created_at > ABSOLUTE:
        return None
    return User(row)


def _seal(kind, fields, values):
    """The portal's seal: HMAC over [kind, the fields' values in their plain form]."""
    plain = [None if values.get(name) is None else _plain(values[name]) for name in fields]
    message = json.dumps([kind, plain], ensure_ascii=False, sort_keys=True,
                         separators=(",", ":"))
    return hmac.new(g.audit_key, message.encode(), hashlib.sha256).hexdigest()


def _plain(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def diarise(user_id, username, post, data):
    """One transaction: number, receipt, movement, audit event. Returns (id, number)."""
    g.audit_key = _app_audit_key()
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(LOCK_CHAIN)
    now = _utcnow()
    year = now.replace(tzinfo=timezone.utc).astimezone(OFFICE_ZONE).year
    scope = {"office": post.office_id, "scope": str(year)}
    serial = connection.execute(NEXT_SERIAL, scope).scalar()
    if serial is None:
        connection.execute(FIRST_SERIAL, scope)
        serial = 1
    number = f"{post.code}/{year}/{serial:05d}"
    receipt = dict(data, diary_no=number, diary_year=year, diary_serial=serial, at=now,
                   office_id=post.office_id, created_by_id=user_id, created_by_post_id=post.id,
                   copy_no=0, status="active", holder_post_id=post.id)
    receipt["seal"] = _seal("receipt", RECEIPT_SEALED, receipt)
    receipt_id = connection.execute(INSERT_RECEIPT, receipt).scalar_one()
    step = {"receipt_id": receipt_id, "action": "create", "to_post_id": post.id,
            "by_post_id": post.id, "by_user_id": user_id, "remarks": "", "at": now}
    step["seal"] = _seal("movement", MOVEMENT_SEALED, step)
    connection.execute(INSERT_MOVEMENT, step)
    prev = connection.execute(LAST_EVENT).scalar() or "0" * 64
    audit = {"at": now, "user_id": user_id, "username": username, "post_id": post.id,
             "object_id": receipt_id, "detail": f"to post {post.id}", "ip": request.remote_addr,
             "prev_hash": prev}
    chained = "|".join(str(v) for v in (
        now.isoformat(), user_id, username, post.id, "receipt.create", "Receipt", receipt_id,
        audit["detail"], audit["ip"], prev))  # the portal's AuditEvent.chain_fields
    audit["hash"] = hmac.new(g.audit_key, chained.encode(), hashlib.sha256).hexdigest()
    connection.execute(INSERT_EVENT, audit)
    db.session.commit()
    return receipt_id, number


def _app_audit_key():
    from flask import current_app
    return current_app.config["AUDIT_KEY"]


def _held_post(user_id, post_id=None):
    return db.session.execute(HELD_POST, {"user": user_id, "today": date.today(),
                                          "post": post_id}).first()


def _routes(app):
    @app.get("/sign-in")
    def sign_in():
        from flask_login import login_user

        row = db.session.execute(text("SELECT id, username FROM user_account "
                                      "WHERE username = :name"),
                                 {"name": request.args["username"]}).first()
        token, now = secrets.token_urlsafe(32), _utcnow()
        db.session.execute(text(
            "INSERT INTO user_session (token_hash, user_id, created_at, last_seen_at, ip, "
            "user_agent) VALUES (:digest, :user, :now, :now, :ip, 'bench')").bindparams(
            bindparam("now", type_=DateTime)),
            {"digest": _digest(token), "user": row.id, "now": now, "ip": request.remote_addr})
        db.session.commit()
        session["sid"] = token
        login_user(User(row))
        return {"csrf_token": _csrf_token()}

    @app.post("/receipts/new")
    @login_required
    def new_receipt():
        form = ReceiptForm()
        if not form.validate_on_submit() or (form.received_on.data > date.today()):
            return {"errors": form.errors}, 422
        post = _held_post(current_user.id, form.as_post.data)
        if post is None:
            abort(403)
        data = {name: getattr(form, name).data or "" for name in (
            "subject", "body", "sender_name", "sender_designation", "sender_organisation",
            "sender_address", "sender_email", "sender_mobile", "letter_no")}
        data.update(letter_date=form.letter_date.data, received_on=form.received_on.data,
                    mode=form.mode.data, category=form.category.data,
                    grading=form.grading.data, is_electronic=form.form.data == "electronic")
        receipt_id, _number = diarise(current_user.id, current_user.username, post, data)
        return redirect(f"/receipts/{receipt_id}", code=303)

    @app.post("/api/receipts")
    @csrf.exempt
    def api_receipt():
        raw = request.headers.get("Authorization", "").removeprefix("Bearer ")
        user = db.session.execute(TOKEN_USER, {"digest": _digest(raw)}).first()
        if user is None or not user.active or user.revoked_at is not None or (
                user.expires_at is not None and user.expires_at < _utcnow()):
            return {"error": "unauthorised"}, 401
        body = request.get_json(silent=True)
        problems = _api_problems(body)
        if problems:
            return {"error": "invalid", "fields": problems}, 422
        post = _held_post(user.id)
        if post is None:
            return {"error": "forbidden"}, 403
        sender = body["sender"]
        data = {"subject": body["subject"], "body": body.get("body", ""),
                "letter_no": body.get("letter_no", ""), "letter_date": None,
                "received_on": date.today(), "mode": body["mode"],
                "category": body["category"], "grading": body.get("grading", "normal"),
                "is_electronic": not body.get("physical", False),
                **{f"sender_{k}": sender.get(k, "") for k in (
                    "name", "designation", "organisation", "address", "email", "mobile")}}
        receipt_id, number = diarise(user.id, user.username, post, data)
        return jsonify(id=receipt_id, diary_no=number), 201


def _api_problems(body):
    if not isinstance(body, dict):
        return {"body": "object"}
    problems = {}
    for name, limit in (("subject", 500), ("letter_no", 120), ("body", 20000)):
        value = body.get(name, "")
        if not isinstance(value, str) or len(value) > limit or (name == "subject"
                                                                and not value.strip()):
            problems[name] = "invalid"
    sender = body.get("sender")
    if not isinstance(sender, dict) or not str(sender.get("name", "")).strip():
        problems["sender"] = "invalid"
    if body.get("mode") not in MODES:
        problems["mode"] = "invalid"
    if body.get("category") not in CATEGORIES:
        problems["category"] = "invalid"
    if body.get("grading", "normal") not in GRADINGS:
        problems["grading"] = "invalid"
    return problems


def _csrf_token():
    from flask_wtf.csrf import generate_csrf
    return generate_csrf()


def _instance_key(name):
    folder = os.environ.get("EOFFICE_INSTANCE", os.path.join(os.getcwd(), "instance"))
    with open(os.path.join(folder, name)) as handle:
        return handle.read().strip()


def _from_environment():
    return create_app(os.environ["DATABASE_URL"],
                      os.environ.get("SECRET_KEY") or _instance_key("secret_key"),
                      os.environ.get("EOFFICE_AUDIT_KEY") or _instance_key("audit_key"))


app = _from_environment() if os.environ.get("DATABASE_URL") else None
