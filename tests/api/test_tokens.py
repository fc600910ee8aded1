"""The "API tokens" page and the `eoffice token` commands."""
import re

from sqlalchemy import select

from eoffice.extensions import db
from eoffice.models import ApiToken, AuditEvent, User
from eoffice.tokens.services import create_personal_token, revoke_token
from tests.api.conftest import Api
from tests.conftest import csrf_from, csrf_token, login
from tests.factories import PASSWORD

TOKEN_RE = re.compile(r'<code class="token">(eo_[A-Za-z0-9_-]+)</code>')


def test_create_use_and_revoke_a_token_on_the_page(client, org):
    login(client, "so.srinagar")
    page = client.get("/tokens").get_data(as_text=True)
    assert "You have no tokens." in page and 'href="/tokens"' in page
    made = client.post("/tokens", data={"name": "reports script", "password": PASSWORD,
                                        "csrf_token": csrf_from(page)})
    assert made.status_code == 201
    html = made.get_data(as_text=True)
    raw = TOKEN_RE.search(html).group(1)
    assert "reports script" in html and made.headers["Cache-Control"] == "no-store"
    assert raw not in client.get("/tokens").get_data(as_text=True)  # shown once only
    fresh = client.application.test_client()  # no cookie: the token alone
    assert Api(fresh, raw).get("/api/v1/me").json["username"] == "so.srinagar"
    token = db.session.scalar(select(ApiToken))
    assert client.post(f"/tokens/{token.id}/revoke").status_code == 400  # no CSRF token
    revoked = client.post(f"/tokens/{token.id}/revoke", data={"csrf_token": csrf_from(html)})
    assert revoked.status_code == 303
    assert "Revoked" in client.get("/tokens").get_data(as_text=True)
    assert Api(client.application.test_client(), raw).get("/api/v1/me").status_code == 401
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"token.create", "token.revoke"} <= actions


def test_name_is_required_and_others_tokens_are_not_yours(client, org):
    login(client, "so.srinagar")
    csrf = csrf_token(client, "/tokens")
    assert client.post("/tokens", data={"name": "", "csrf_token": csrf}).status_code == 422
    client.post("/tokens", data={"name": "mine", "password": PASSWORD, "csrf_token": csrf})
    token = db.session.scalar(select(ApiToken))
    client.post("/logout", data={"csrf_token": csrf})
    login(client, "adc.srinagar")
    assert "mine" not in client.get("/tokens").get_data(as_text=True)
    response = client.post(f"/tokens/{token.id}/revoke",
                           data={"csrf_token": csrf_token(client, "/tokens")})
    assert response.status_code == 404
    assert db.session.get(ApiToken, token.id).revoked_at is None


def test_tokens_page_needs_sign_in(client, org):
    response = client.get("/tokens")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_cli_create_list_revoke(app, client, org):
    runner = app.test_cli_runner()
    personal = runner.invoke(args=["eoffice", "token", "create", "--user", "so.srinagar"])
    assert personal.exit_code == 0, personal.output
    raw = personal.output.strip().splitlines()[-1]
    assert raw.startswith("eo_") and " " not in raw
    assert Api(client, raw).get("/api/v1/me").json["username"] == "so.srinagar"
    service = runner.invoke(args=["eoffice", "token", "create", "--service", "eunnat",
                                  "--office", "DC-SGR", "--office", "DC-JMU"])
    assert service.exit_code == 0, service.output
    service_raw = service.output.strip().splitlines()[-1]
    offices = Api(client, service_raw).get("/api/v1/me").json["token"]["offices"]
    assert [office["code"] for office in offices] == ["DC-JMU", "DC-SGR"]
    assert db.session.scalar(select(User).where(User.username == "svc.eunnat")) is not None
    listing = runner.invoke(args=["eoffice", "token", "list"]).output
    assert "so.srinagar" in listing and "eunnat" in listing and "DC-JMU,DC-SGR" in listing
    assert raw not in listing and service_raw not in listing
    token_id = db.session.scalar(select(ApiToken.id).where(ApiToken.client == "eunnat"))
    revoked = runner.invoke(args=["eoffice", "token", "revoke", str(token_id)])
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    assert Api(client, service_raw).get("/api/v1/me").status_code == 401
    assert "revoked" in runner.invoke(args=["eoffice", "token", "list"]).output


def test_cli_refuses_bad_requests(app, org):
    runner = app.test_cli_runner()
    for args in (["--user", "nobody"], ["--service", "eunnat", "--office", "NOPE"],
                 ["--service", "eunnat"], [], ["--user", "so.srinagar", "--service", "x"],
                 ["--service", "Bad Name", "--office", "DC-SGR"]):
        result = runner.invoke(args=["eoffice", "token", "create", *args])
        assert result.exit_code != 0, args
    assert runner.invoke(args=["eoffice", "token", "revoke", "999"]).exit_code != 0
    assert db.session.scalar(select(ApiToken)) is None


def test_the_owner_and_an_it_admin_see_the_same_token_table(client, org):
    """One table of tokens (templates/tokens/_table.html): the owner revokes with a form,
    an IT admin through the admin's confirmation page; a revoked token says when."""
    owner = org["users"]["so.srinagar"]
    kept, _raw = create_personal_token(owner, "reports script")
    gone, _raw = create_personal_token(owner, "old laptop")
    revoke_token(gone, owner=owner)
    db.session.commit()
    login(client, "so.srinagar")
    own = client.get("/tokens").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    login(client, "admin")
    seen = client.get(f"/admin/users/{owner.id}/tokens").get_data(as_text=True)
    for page in (own, seen):
        assert f"<code>{kept.prefix}…</code>" in page and f"<code>{gone.prefix}…</code>" in page
        assert page.count("Revoked ") == 1 and "reports script" in page
    assert f'action="/tokens/{kept.id}/revoke"' in own and f"/tokens/{gone.id}/revoke" not in own
    assert f'href="/admin/users/{owner.id}/tokens/{kept.id}/revoke"' in seen
    assert f"/tokens/{gone.id}/revoke" not in seen
