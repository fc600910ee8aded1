"""ASVS L2 odds and ends: error pages, mass assignment, output encoding, uploads,
rate limits, client addresses behind a proxy, clean answers when the disk is full."""
import errno
import io
from contextlib import contextmanager

from flask import Blueprint
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from werkzeug.middleware.proxy_fix import ProxyFix

from eoffice import create_app, security
from eoffice.extensions import db
from eoffice.models import AuditEvent, Department, Receipt
from eoffice.tokens.services import create_personal_token
from tests.conftest import RequestClient, csrf_from, login
from tests.factories import PDF_BYTES, make_org, make_receipt
from tests.security.access import RoleClient


def _app_with(route, monkeypatch, more_routes=None, **config):
    """An app with public probe routes: /probe, and more_routes ({path: view})."""
    routes = {"/probe": route, **(more_routes or {})}
    endpoints = {path: path.strip("/").replace("/", "_") for path in routes}
    monkeypatch.setattr(security, "PUBLIC_ENDPOINTS", security.PUBLIC_ENDPOINTS |
                        {f"probe.{endpoint}" for endpoint in endpoints.values()})
    app = create_app("config.TestConfig", **config)
    app.test_client_class = RequestClient
    bp = Blueprint("probe", __name__)
    for path, view in routes.items():
        bp.add_url_rule(path, endpoint=endpoints[path], view_func=view)
    app.register_blueprint(bp)
    return app


@contextmanager
def _client_with_tables(app):
    with app.app_context():
        db.create_all()
        yield app.test_client()


def _audit_count():
    return db.session.scalar(select(func.count()).select_from(AuditEvent))


def test_error_pages_show_no_internals(app, monkeypatch):
    def explode():
        raise RuntimeError("password=hunter2 at /srv/eoffice/secret.py line 12")

    probe = _app_with(explode, monkeypatch, PROPAGATE_EXCEPTIONS=False)
    response = probe.test_client().get("/probe")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "hunter2" not in body and "Traceback" not in body and "secret.py" not in body
    assert "Something went wrong on our side" in body
    assert response.headers["Content-Security-Policy"]


def test_disk_full_answers_cleanly(app, monkeypatch):
    def database_full():
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    probe = _app_with(database_full, monkeypatch, PROPAGATE_EXCEPTIONS=False)
    response = probe.test_client().get("/probe")
    assert response.status_code == 507
    assert "run out of disk space" in response.get_data(as_text=True)


def test_a_unique_key_clash_answers_409_and_saves_nothing(app, monkeypatch):
    """Two requests saving the same unique record at once: the loser gets a conflict page
    (JSON under /api/), its transaction is rolled back; any other integrity error is a 500."""
    def save(code, name):
        db.session.add(Department(code=code, name=name))
        db.session.commit()
        db.session.add(Department(code=code, name="Saved meanwhile by someone else"))
        db.session.add(Department(code="EXTRA", name="Part of the losing transaction"))
        db.session.commit()

    probe = _app_with(lambda: save("DUP", "First"), monkeypatch, PROPAGATE_EXCEPTIONS=False,
                      more_routes={"/api/v1/probe": lambda: save("API", "First"),
                                   "/nameless": lambda: save("NONAME", None)})
    with _client_with_tables(probe) as client:
        page = client.get("/probe")
        assert page.status_code == 409
        assert "Someone else saved the same record" in page.get_data(as_text=True)
        answer = client.get("/api/v1/probe")
        assert answer.status_code == 409 and answer.json["error"]["code"] == "conflict"
        assert client.get("/nameless").status_code == 500
        codes = db.session.scalars(select(Department.code).order_by(Department.code)).all()
        assert codes == ["API", "DUP"]


def test_a_value_the_database_refuses_answers_400_and_saves_nothing(app, monkeypatch):
    """The last line behind the forms: a number past a column's range, or text with a NUL
    byte, reaching the database is bad input (400), and the transaction is rolled back."""
    def save(**values):
        db.session.add(Department(code="FIRST", name="Part of the refused transaction"))
        db.session.add(Department(**values))
        db.session.commit()
        return "saved"

    probe = _app_with(lambda: save(code="BIG", name="Big", id=10**23), monkeypatch,
                      PROPAGATE_EXCEPTIONS=False,
                      more_routes={"/nul": lambda: save(code="NUL", name="A\x00B")})
    with _client_with_tables(probe) as client:
        page = client.get("/probe")
        assert page.status_code == 400
        assert "could not be understood" in page.get_data(as_text=True)
        nul = client.get("/nul").status_code
        assert nul == (400 if db.engine.dialect.name == "postgresql" else 200)
        saved = db.session.scalars(select(Department.code)).all()
        assert "BIG" not in saved and ("FIRST" in saved) == (nul == 200)


def test_a_refused_value_answers_400_to_a_signed_in_user_too(app, monkeypatch):
    """After a flush the database refused, the answer (in the user's language, so the
    signed-in user is read) comes from a session rolled back first."""
    def save():
        db.session.add(Department(code="BIG", name="Big", id=10**23))
        db.session.flush()

    probe = _app_with(save, monkeypatch, PROPAGATE_EXCEPTIONS=False)
    with _client_with_tables(probe) as client:
        make_org()
        login(client, "so.srinagar")
        page = client.get("/probe")
        assert page.status_code == 400
        assert "could not be understood" in page.get_data(as_text=True)
        assert "BIG" not in db.session.scalars(select(Department.code)).all()


def test_upload_on_a_full_disk_saves_nothing(app, org, monkeypatch):
    from eoffice import blobs

    def no_space(final, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(blobs, "write_blob", no_space)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = app.test_client()
    login(client, "cru.srinagar")
    token = csrf_from(client.get("/receipts/new").get_data(as_text=True))
    before = _audit_count()
    response = client.post("/receipts/new", data={
        "csrf_token": token, "as_post": org["posts"]["cru"].id, "subject": "Scan",
        "sender_name": "A", "received_on": "2026-01-06", "mode": "post", "category": "general",
        "grading": "normal", "form": "electronic",
        "attachments": (io.BytesIO(PDF_BYTES), "scan.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 507
    assert "nothing was saved" in response.get_data(as_text=True)
    assert _audit_count() == before
    assert db.session.scalar(select(func.count()).select_from(Receipt)) == 0


def test_mass_assignment_is_ignored(app, org):
    receipt = make_receipt(org["users"]["so.srinagar"])
    holder = RoleClient(app, "holder")
    response = holder.post(f"/receipts/{receipt.id}/edit", {
        "subject": "New subject", "sender_name": "Ghulam Nabi", "received_on": "2026-01-06",
        "mode": "post", "category": "application", "grading": "normal",
        "version": receipt.version, "holder_post_id": org["posts"]["dc"].id, "status": "closed",
        "created_by_id": org["users"]["dc.srinagar"].id, "diary_no": "FAKE/1",
        "efile_id": 1, "is_electronic": "0"})
    assert response.status_code == 303
    db.session.expire_all()
    receipt = db.session.get(Receipt, receipt.id)
    assert receipt.subject == "New subject"
    assert (receipt.holder_post_id, receipt.status, receipt.diary_no, receipt.efile_id,
            receipt.is_electronic) == (org["posts"]["so"].id, "active",
                                       receipt.diary_no.replace("FAKE/1", ""), None, True)
    assert receipt.created_by_id == org["users"]["so.srinagar"].id


def test_output_is_encoded(app, org):
    hostile = '<img src=x onerror=alert(1)>"\'&'
    receipt = make_receipt(org["users"]["so.srinagar"], subject=hostile, sender_name=hostile)
    holder = RoleClient(app, "holder")
    for url in ("/inbox", f"/receipts/{receipt.id}", f"/receipts/{receipt.id}/history",
                f"/receipts/new?sender_from={receipt.id}"):
        body = holder.get(url).get_data(as_text=True)
        assert "<img src=x" not in body, url
        assert "&lt;img src=x onerror=alert(1)&gt;" in body, url


def test_uploads_are_checked_and_served_as_downloads(app, org):
    client = app.test_client()
    login(client, "cru.srinagar")
    token = csrf_from(client.get("/receipts/new").get_data(as_text=True))
    form = {"csrf_token": token, "as_post": org["posts"]["cru"].id, "subject": "Scan",
            "sender_name": "A", "received_on": "2026-01-06", "mode": "post",
            "category": "general", "grading": "normal", "form": "electronic"}
    disguised = client.post("/receipts/new", data={
        **form, "attachments": (io.BytesIO(b"<html><script>alert(1)</script>"), "scan.pdf")})
    assert disguised.status_code == 422 and "is not a PDF" in disguised.get_data(as_text=True)
    good = client.post("/receipts/new", data={
        **form, "attachments": (io.BytesIO(PDF_BYTES), '../../etc/"passwd".pdf')})
    assert good.status_code == 303
    receipt = db.session.scalars(select(Receipt).order_by(Receipt.id.desc())).first()
    attachment = receipt.attachments[0]
    assert "/" not in attachment.filename and '"' not in attachment.filename
    response = client.get(f"/receipts/{receipt.id}/attachments/{attachment.id}")
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_api_rate_limit_per_token(shared_app):
    """The API's own limiter (EOFFICE_API_RATE_LIMIT): one budget per token across every
    API route; a spent token gets 429 with Retry-After, another token still gets in."""
    org = make_org()
    tokens = {}
    for username in ("so.srinagar", "adc.srinagar"):
        _token, tokens[username] = create_personal_token(org["users"][username], "rate limit test")
    db.session.commit()
    client = _same_database(RATELIMIT_ENABLED=True, API_RATE_LIMIT="3 per minute").test_client()

    def get(path, username):
        return client.get(path, headers={"Authorization": f"Bearer {tokens[username]}"})

    answers = [get(path, "so.srinagar").status_code
               for path in ("/api/v1/me", "/api/v1/inbox", "/api/v1/me", "/api/v1/posts?q=dc")]
    assert answers == [200, 200, 200, 429], "one budget per token across the API"
    limited = get("/api/v1/me", "so.srinagar")
    assert limited.status_code == 429 and limited.headers["Retry-After"]
    assert limited.json["error"]["code"] == "rate_limited"
    assert get("/api/v1/me", "adc.srinagar").json["username"] == "adc.srinagar"


def _same_database(**config):
    """Another app on the test's database (file SQLite or PostgreSQL), other settings."""
    other = create_app("config.TestConfig", **config,
                       SQLALCHEMY_DATABASE_URI=db.engine.url.render_as_string(hide_password=False))
    other.test_client_class = RequestClient
    return other


def test_sign_in_rate_limit(shared_app):
    make_org()
    limited = _same_database(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute")
    client = limited.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    statuses = [client.post("/login", data={"csrf_token": token, "username": "so.srinagar",
                                            "password": "wrong password"}).status_code
                for _ in range(3)]
    assert statuses == [422, 422, 429]


def test_client_address_behind_the_proxy_is_recorded(shared_app):
    make_org()
    assert not isinstance(shared_app.wsgi_app, ProxyFix)
    proxied = _same_database(PROXY_HOPS=1)
    assert isinstance(proxied.wsgi_app, ProxyFix)
    client = proxied.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"csrf_token": token, "username": "so.srinagar",
                                "password": "wrong password here"},
                headers={"X-Forwarded-For": "10.20.30.40"})
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.ip) == ("login.failure", "10.20.30.40")


def test_language_change_is_recorded(client, org):
    login(client, "so.srinagar")
    token = csrf_from(client.get("/inbox").get_data(as_text=True))
    client.post("/language", data={"csrf_token": token, "language": "ur"})
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.detail, event.username) == ("user.language", "ur", "so.srinagar")


def test_secure_deployments_use_a_host_only_cookie():
    import importlib
    import os

    import config

    os.environ["EOFFICE_SECURE_COOKIES"] = "1"
    try:
        assert importlib.reload(config).Config.SESSION_COOKIE_NAME == "__Host-session"
    finally:
        del os.environ["EOFFICE_SECURE_COOKIES"]
        importlib.reload(config)


def test_password_change_ends_the_other_sessions(app, org):
    here, elsewhere = app.test_client(), app.test_client()
    login(here, "so.srinagar")
    login(elsewhere, "so.srinagar")
    assert elsewhere.get("/inbox").status_code == 200
    page = here.get("/password").get_data(as_text=True)
    changed = here.post("/password", data={
        "csrf_token": csrf_from(page), "current": "Correct-Horse-Battery-9",
        "new": "another long passphrase", "confirm": "another long passphrase"})
    assert changed.status_code == 303
    assert here.get("/inbox").status_code == 200
    assert elsewhere.get("/inbox").status_code == 302
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.action == "session.end_others" and event.detail.startswith("1 other session")
