"""A personal token is not a way round the password: making one asks for it (wrong
answers count toward lockout), a change or reset of the password revokes the user's
tokens, every token expires (90 days unless configured; the command line may give
service tokens longer), and IT admins see and revoke any user's tokens."""
import re
from datetime import timedelta

from sqlalchemy import select

from eoffice.clock import utcnow
from eoffice.extensions import db
from eoffice.models import ApiToken, User
from tests.api.conftest import Api, personal_token
from tests.conftest import csrf_from, csrf_token, login
from tests.factories import PASSWORD

TOKEN_RE = re.compile(r'<code class="token">(eo_[A-Za-z0-9_-]+)</code>')
NEW_PASSWORD = "Another-Long-Passphrase-42"


def user(username):
    return db.session.scalar(select(User).where(User.username == username))


def make_on_page(client, password=PASSWORD, name="script"):
    return client.post("/tokens", data={"name": name, "password": password,
                                        "csrf_token": csrf_token(client, "/tokens")})


def test_making_a_token_asks_for_the_password_and_counts_wrong_ones(client, org):
    login(client, "so.srinagar")
    page = client.get("/tokens").get_data(as_text=True)
    assert 'name="password"' in page and "90 days" in page
    assert client.post("/tokens", data={"name": "x", "csrf_token": csrf_from(page)}).status_code == 422
    wrong = make_on_page(client, password="not-my-password")
    assert wrong.status_code == 422 and "password is not right" in wrong.get_data(as_text=True)
    assert db.session.scalar(select(ApiToken)) is None
    assert user("so.srinagar").failed_logins == 1  # counted, and kept though refused
    made = make_on_page(client)
    assert made.status_code == 201
    token = db.session.scalar(select(ApiToken))
    assert timedelta(days=89) < token.expires_at - utcnow() <= timedelta(days=90)


def test_wrong_passwords_on_the_token_form_lock_the_account(client, org, app):
    login(client, "so.srinagar")
    for _attempt in range(app.config["LOCKOUT_THRESHOLD"]):
        make_on_page(client, password="guess-guess-guess")
    assert user("so.srinagar").locked_until is not None
    assert make_on_page(client).status_code == 422  # locked: even the right one is refused


def test_an_expired_token_stops_working(client, org):
    raw = personal_token("so.srinagar")
    api = Api(client, raw)
    assert api.get("/api/v1/me").status_code == 200
    token = db.session.scalar(select(ApiToken))
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert api.get("/api/v1/me").status_code == 401


def test_expiry_is_configurable_and_the_cli_may_give_service_tokens_longer(app, client, org):
    app.config["TOKEN_DAYS"] = 7
    personal_token("so.srinagar")
    token = db.session.scalar(select(ApiToken))
    assert timedelta(days=6) < token.expires_at - utcnow() <= timedelta(days=7)
    result = app.test_cli_runner().invoke(args=[
        "eoffice", "token", "create", "--service", "eunnat", "--office", "DC-SGR", "--days", "730"])
    assert result.exit_code == 0, result.output
    service = db.session.scalar(select(ApiToken).where(ApiToken.kind == "service"))
    assert timedelta(days=729) < service.expires_at - utcnow() <= timedelta(days=730)
    assert "expires" in app.test_cli_runner().invoke(args=["eoffice", "token", "list"]).output


def test_changing_the_password_revokes_the_users_tokens(client, org):
    raw = personal_token("so.srinagar")
    other = personal_token("adc.srinagar")
    login(client, "so.srinagar")
    page = client.get("/password").get_data(as_text=True)
    assert "API tokens" in page  # the page says what a change does
    changed = client.post("/password", data={
        "current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD,
        "csrf_token": csrf_from(page)})
    assert changed.status_code == 303
    fresh = client.application.test_client()
    assert Api(fresh, raw).get("/api/v1/me").status_code == 401
    assert Api(fresh, other).get("/api/v1/me").status_code == 200  # only the user's own


def test_an_admin_reset_revokes_the_users_tokens(client, org):
    raw = personal_token("so.srinagar")
    login(client, "admin")
    target = user("so.srinagar")
    page = client.get(f"/admin/users/{target.id}/password").get_data(as_text=True)
    assert "API tokens" in page
    reset = client.post(f"/admin/users/{target.id}/password", data={
        "password": NEW_PASSWORD, "csrf_token": csrf_from(page)})
    assert reset.status_code == 303, reset.get_data(as_text=True)[:500]
    assert Api(client.application.test_client(), raw).get("/api/v1/me").status_code == 401


def test_it_admins_see_and_revoke_a_users_tokens(client, org):
    raw = personal_token("so.srinagar")
    token = db.session.scalar(select(ApiToken))
    target = user("so.srinagar")
    login(client, "admin")
    page = client.get(f"/admin/users/{target.id}/tokens")
    assert page.status_code == 200 and token.prefix in page.get_data(as_text=True)
    assert f"/admin/users/{target.id}/tokens" in client.get(
        f"/admin/users/{target.id}").get_data(as_text=True)
    confirm = client.get(f"/admin/users/{target.id}/tokens/{token.id}/revoke")
    assert confirm.status_code == 200
    revoked = client.post(f"/admin/users/{target.id}/tokens/{token.id}/revoke",
                          data={"csrf_token": csrf_from(confirm.get_data(as_text=True)),
                                "reason": "laptop lost"})
    assert revoked.status_code == 303
    assert Api(client.application.test_client(), raw).get("/api/v1/me").status_code == 401
    # a token of another user is not found under this user's page
    other = personal_token("adc.srinagar")
    other_token = db.session.scalar(select(ApiToken).where(ApiToken.id != token.id))
    wrong = client.post(f"/admin/users/{target.id}/tokens/{other_token.id}/revoke",
                        data={"csrf_token": csrf_from(page.get_data(as_text=True))})
    assert wrong.status_code == 404
    assert Api(client.application.test_client(), other).get("/api/v1/me").status_code == 200


def test_officials_cannot_see_the_admin_token_page(client, org):
    target = user("adc.srinagar")
    login(client, "so.srinagar")
    assert client.get(f"/admin/users/{target.id}/tokens").status_code == 404
