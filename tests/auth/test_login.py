from datetime import timedelta

from sqlalchemy import select

from eoffice.clock import utcnow
from eoffice.extensions import db
from eoffice.models import AuditEvent, User, UserSession
from tests.conftest import csrf_from, login
from tests.factories import PASSWORD


def test_sign_in_lands_on_inbox_and_records_audit(client, org):
    response = login(client, "so.srinagar")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/inbox")
    page = client.get("/inbox")
    assert page.status_code == 200
    assert "SO (Gen) Srinagar" in page.get_data(as_text=True)
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "login.success" in actions


def test_wrong_password_gives_generic_message(client, org):
    response = login(client, "so.srinagar", "wrong-password-123")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Invalid user name or password" in body
    unknown = login(client, "nobody.here", "wrong-password-123")
    assert "Invalid user name or password" in unknown.get_data(as_text=True)


def test_lockout_after_configured_failures(app, client, org):
    app.config.update(LOCKOUT_THRESHOLD=3, LOCKOUT_MINUTES=10)
    for _ in range(3):
        assert login(client, "so.srinagar", "not-the-password").status_code == 422
    user = db.session.scalar(select(User).filter_by(username="so.srinagar"))
    db.session.refresh(user)
    assert user.locked_until is not None and user.locked_until > utcnow()
    # even the right password is refused while locked, with the same message
    response = login(client, "so.srinagar", PASSWORD)
    assert response.status_code == 422
    assert "Invalid user name or password" in response.get_data(as_text=True)
    # after the lock expires the right password works again
    user.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert login(client, "so.srinagar", PASSWORD).status_code == 303


def test_session_identifier_changes_at_login(client, org):
    login(client, "so.srinagar")
    first = db.session.scalars(select(UserSession.token_hash)).all()
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/inbox").get_data(as_text=True))})
    login(client, "so.srinagar")
    second = db.session.scalars(select(UserSession.token_hash)).all()
    assert len(second) == 2 and set(first) < set(second)


def test_old_cookie_replayed_after_logout_is_refused(app, client, org):
    login(client, "so.srinagar")
    cookie = client.get_cookie("session").value
    token = csrf_from(client.get("/inbox").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/inbox").status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", cookie)
    response = replay.get("/inbox")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_pages_do_not_send_the_cookie_again(client, org):
    """The timeouts live on the server: an unchanged session cookie is not re-sent."""
    login(client, "so.srinagar")
    client.get("/inbox")  # the first page puts the form token in the session
    response = client.get("/inbox")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_idle_timeout_ends_the_session(app, client, org):
    login(client, "so.srinagar")
    row = db.session.scalar(select(UserSession))
    row.last_seen_at = utcnow() - timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
    db.session.commit()
    assert client.get("/inbox").status_code == 302
    db.session.refresh(row)
    assert row.ended_at is not None


def test_absolute_timeout_ends_the_session(app, client, org):
    login(client, "so.srinagar")
    row = db.session.scalar(select(UserSession))
    row.created_at = utcnow() - timedelta(hours=app.config["SESSION_ABSOLUTE_HOURS"], minutes=1)
    db.session.commit()
    assert client.get("/inbox").status_code == 302


def test_password_change(client, org):
    login(client, "so.srinagar")
    token = csrf_from(client.get("/password").get_data(as_text=True))
    weak = client.post("/password", data={"csrf_token": token, "current": PASSWORD,
                                          "new": "short", "confirm": "short"})
    assert weak.status_code == 422
    assert "at least" in weak.get_data(as_text=True)
    wrong = client.post("/password", data={"csrf_token": token, "current": "nope",
                                           "new": "a long new passphrase", "confirm": "a long new passphrase"})
    assert wrong.status_code == 422
    ok = client.post("/password", data={"csrf_token": token, "current": PASSWORD,
                                        "new": "a long new passphrase", "confirm": "a long new passphrase"})
    assert ok.status_code == 303
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/inbox").get_data(as_text=True))})
    assert login(client, "so.srinagar", PASSWORD).status_code == 422
    assert login(client, "so.srinagar", "a long new passphrase").status_code == 303


def test_passwords_are_argon2id(org):
    user = db.session.scalar(select(User).filter_by(username="so.srinagar"))
    assert user.password_hash.startswith("$argon2id$")


def test_a_failure_counts_on_top_of_failures_counted_meanwhile(shared_app):
    """Wrong passwords tried at once all count toward the lockout: the count is read
    again, locked, when this request adds to it."""
    from sqlalchemy import update

    from eoffice.auth.services import authenticate
    from tests.factories import make_org

    shared_app.config.update(LOCKOUT_THRESHOLD=10)
    make_org()
    db.session.commit()
    user = db.session.scalar(select(User).filter_by(username="so.srinagar"))  # reads begin
    assert not user.failed_logins
    with db.engine.connect() as other:  # two failures of another request, committed meanwhile
        other.execute(update(User).where(User.id == user.id).values(failed_logins=2))
        other.commit()
    with shared_app.test_request_context():
        assert authenticate("so.srinagar", "not-the-password") is None
        db.session.commit()
    db.session.refresh(user)
    assert user.failed_logins == 3
