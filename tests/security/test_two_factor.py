"""Optional second factor for IT admins and oversight roles."""
import re
from datetime import datetime, timedelta

import pyotp
from sqlalchemy import select

from eoffice.clock import travel_to
from eoffice.extensions import db
from eoffice.models import AuditEvent, User
from tests.conftest import csrf_from, login
from tests.factories import PASSWORD, make_org
from tests.security.test_hardening import _same_database

START = datetime(2026, 3, 2, 10, 0, 0)


def code_at(secret, moment):
    from datetime import timezone

    return pyotp.TOTP(secret).at(moment.replace(tzinfo=timezone.utc))


def actions(username):
    return db.session.scalars(select(AuditEvent.action).where(AuditEvent.username == username)
                              .order_by(AuditEvent.id)).all()


def enrolled(app, username):
    """A client signed in as `username`, who turned the second factor on at START."""
    with travel_to(START):
        client = app.test_client()
        login(client, username)
        return client, enrol(client)


def enrol(client):
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    assert "otpauth://totp/" in page and f"secret={secret}" in page
    response = client.post("/account/two-factor", data={
        "csrf_token": csrf_from(page), "code": code_at(secret, START), "password": PASSWORD})
    assert response.status_code == 303
    return secret


def test_enrol_then_sign_in_with_a_code(app, org):
    with travel_to(START):
        client = app.test_client()
        login(client, "cs.it")
        secret = enrol(client)
        user = db.session.scalar(select(User).filter_by(username="cs.it"))
        assert user.totp_secret == secret and actions("cs.it")[-1] == "totp.enable"

    later = START + timedelta(minutes=5)
    with travel_to(later):
        client = app.test_client()
        response = login(client, "cs.it")
        assert response.status_code == 303 and response.location.endswith("/login/code")
        assert client.get("/inbox").status_code == 302, "not signed in after the password alone"
        page = client.get("/login/code").get_data(as_text=True)
        wrong = client.post("/login/code", data={"csrf_token": csrf_from(page), "code": "123456"})
        assert wrong.status_code == 422
        right = client.post("/login/code", data={"csrf_token": csrf_from(page),
                                                 "code": code_at(secret, later)})
        assert right.status_code == 303 and client.get("/inbox").status_code == 200
        assert actions("cs.it")[-3:] == ["login.password", "login.failure", "login.success"]

        replay = app.test_client()
        login(replay, "cs.it")
        page = replay.get("/login/code").get_data(as_text=True)
        again = replay.post("/login/code", data={"csrf_token": csrf_from(page),
                                                 "code": code_at(secret, later)})
        assert again.status_code == 422, "a code is accepted once"


def test_wrong_codes_lock_the_account(app, org):
    app.config["LOCKOUT_THRESHOLD"] = 3
    client, secret = enrolled(app, "admin")
    moment = START + timedelta(minutes=2)
    with travel_to(moment):
        client = app.test_client()
        login(client, "admin")
        page = client.get("/login/code").get_data(as_text=True)
        for _attempt in range(3):
            client.post("/login/code", data={"csrf_token": csrf_from(page), "code": "000000"})
        response = client.post("/login/code", data={"csrf_token": csrf_from(page),
                                                    "code": code_at(secret, moment)})
        assert response.status_code == 422, "locked: even the right code is refused"
        assert login(app.test_client(), "admin").status_code == 422
    assert "bad code; account locked" in db.session.scalars(
        select(AuditEvent.detail).where(AuditEvent.username == "admin")).all()


def test_pending_sign_in_expires(app, org):
    with travel_to(START):
        client = app.test_client()
        login(client, "dc.srinagar")
        enrol(client)
    with travel_to(START + timedelta(minutes=1)):
        client = app.test_client()
        login(client, "dc.srinagar")
    with travel_to(START + timedelta(minutes=7)):
        response = client.get("/login/code")
        assert response.status_code == 303 and response.location.endswith("/login")


def test_turn_off_with_a_code_and_reset_by_it_staff(app, org):
    client, secret = enrolled(app, "cs.it")
    with travel_to(START + timedelta(minutes=1)):
        page = client.get("/account/two-factor").get_data(as_text=True)
        assert "Two-step sign-in is on" in page
        off = client.post("/account/two-factor", data={
            "csrf_token": csrf_from(page), "code": code_at(secret, START + timedelta(minutes=1)),
            "password": PASSWORD})
        assert off.status_code == 303
    user = db.session.scalar(select(User).filter_by(username="cs.it"))
    assert user.totp_secret is None and actions("cs.it")[-1] == "totp.disable"
    user.totp_secret = pyotp.random_base32()
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["eoffice", "reset-2fa", "cs.it",
                                                "--reason", "Ticket 42: phone lost"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(User, user.id).totp_secret is None
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.detail) == ("totp.reset", "Ticket 42: phone lost")


def test_officials_have_no_second_factor_page(client, org):
    login(client, "so.srinagar")
    assert client.get("/account/two-factor").status_code == 404
    assert "/account/two-factor" not in client.get("/inbox").get_data(as_text=True)


def test_turning_it_off_asks_for_the_password_and_counts_wrong_answers(app, org):
    """A walked-up-to session cannot drop the second factor: without the password it
    stays on, and wrong passwords or codes lock the account as at sign-in."""
    client, secret = enrolled(app, "cs.it")
    moment = START + timedelta(minutes=1)
    with travel_to(moment):
        page = client.get("/account/two-factor").get_data(as_text=True)
        assert 'name="password"' in page
        no_password = client.post("/account/two-factor", data={
            "csrf_token": csrf_from(page), "code": code_at(secret, moment)})
        assert no_password.status_code == 422
        wrong = client.post("/account/two-factor", data={
            "csrf_token": csrf_from(page), "code": code_at(secret, moment),
            "password": "not the password"})
        assert wrong.status_code == 422
        user = db.session.scalar(select(User).filter_by(username="cs.it"))
        assert user.totp_secret == secret and user.failed_logins == 1
        for _attempt in range(app.config["LOCKOUT_THRESHOLD"]):
            client.post("/account/two-factor", data={
                "csrf_token": csrf_from(page), "code": "000000", "password": PASSWORD})
        db.session.expire_all()
        user = db.session.scalar(select(User).filter_by(username="cs.it"))
        assert user.locked_until is not None and user.totp_secret == secret
        locked = client.post("/account/two-factor", data={
            "csrf_token": csrf_from(page), "code": code_at(secret, moment), "password": PASSWORD})
        assert locked.status_code == 422  # locked: the right answers are refused too
        assert db.session.scalar(select(User).filter_by(username="cs.it")).totp_secret == secret


def test_wrong_current_passwords_on_the_password_page_lock_the_account(client, org, app):
    login(client, "so.srinagar")
    page = client.get("/password").get_data(as_text=True)
    for _attempt in range(app.config["LOCKOUT_THRESHOLD"]):
        wrong = client.post("/password", data={"csrf_token": csrf_from(page), "current": "guess",
                                               "new": "A-New-Long-Passphrase-1",
                                               "confirm": "A-New-Long-Passphrase-1"})
        assert wrong.status_code == 422
    user = db.session.scalar(select(User).filter_by(username="so.srinagar"))
    assert user.locked_until is not None
    right = client.post("/password", data={"csrf_token": csrf_from(page), "current": PASSWORD,
                                           "new": "A-New-Long-Passphrase-1",
                                           "confirm": "A-New-Long-Passphrase-1"})
    assert right.status_code == 422


def test_the_password_and_two_step_forms_are_rate_limited(shared_app):
    make_org()
    limited = _same_database(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    client = limited.test_client()
    login(client, "cs.it")
    for path in ("/password", "/account/two-factor"):
        page = client.get(path).get_data(as_text=True)
        answers = [client.post(path, data={"csrf_token": csrf_from(page)}).status_code
                   for _attempt in range(4)]
        assert answers == [422, 422, 422, 429], (path, answers)
