"""Bearer tokens only: no token, a wrong or revoked one, or a cookie session all get
401; CSRF does not apply to token requests; service tokens do only their one job."""
import hashlib

from sqlalchemy import select

from eoffice.api.auth import PUBLIC
from eoffice.extensions import db
from eoffice.models import ApiToken
from eoffice.tokens.services import revoke_token
from tests.api.conftest import Api, application, invalid_fields
from tests.conftest import login


def test_without_or_with_a_bad_token_401(client, org):
    for headers in ({}, {"Authorization": "Bearer eo_not-a-token"},
                    {"Authorization": "Basic c286eA=="}, {"Authorization": "Bearer "}):
        response = client.get("/api/v1/me", headers=headers)
        assert response.status_code == 401
        assert response.json["error"]["code"] == "unauthorized"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def _api_urls(app):
    """(method, url) for every API route, ids 1 and each path choice its first one."""
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api.") and rule.endpoint not in PUBLIC:
            values = {name: sorted(getattr(rule._converters[name], "items", [1]))[0]
                      for name in rule.arguments}
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield method, adapter.build(rule.endpoint, values)


def test_every_api_route_answers_401_without_a_token_even_when_signed_in(app, client, org):
    routes = list(_api_urls(app))
    assert len(routes) >= 12
    for method, url in routes:
        response = client.open(url, method=method, json={} if method == "POST" else None)
        assert response.status_code == 401, (method, url, response.status_code)
    login(client, "so.srinagar")
    for method, url in routes:
        response = client.open(url, method=method, json={} if method == "POST" else None)
        assert response.status_code == 401, (method, url, "with a session cookie")


def test_me_with_a_personal_token(api_as, org):
    body = api_as("so.srinagar").get("/api/v1/me").json
    assert body["username"] == "so.srinagar" and body["roles"] == ["official"]
    assert body["posts"] == [{"id": org["posts"]["so"].id, "label": "SO (Gen) Srinagar",
                              "designation": "SO (Gen) Srinagar",
                              "office": {"code": "DC-SGR",
                                         "name": "Deputy Commissioner Office, Srinagar"}}]
    assert body["token"]["kind"] == "personal"


def test_only_a_hash_is_stored_and_use_is_noted(api_as, org):
    api = api_as("so.srinagar")
    row = db.session.scalar(select(ApiToken))
    assert row.token_hash == hashlib.sha256(api.token.encode()).hexdigest()
    assert api.token not in (row.prefix, row.name) and api.token.startswith(row.prefix)
    assert row.last_used_at is None
    api.get("/api/v1/me")
    db.session.expire_all()
    assert db.session.get(ApiToken, row.id).last_used_at is not None


def test_revoked_token_stops_working(api_as, org):
    api = api_as("so.srinagar")
    assert api.get("/api/v1/me").status_code == 200
    revoke_token(db.session.scalar(select(ApiToken)))
    db.session.commit()
    assert api.get("/api/v1/me").status_code == 401


def test_cookie_session_is_not_accepted(client, org):
    login(client, "so.srinagar")
    assert client.get("/inbox").status_code == 200
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert "Set-Cookie" not in response.headers


def test_csrf_does_not_apply_to_token_requests(app, api_as, org):
    app.config["WTF_CSRF_ENABLED"] = True
    response = api_as("so.srinagar").post("/api/v1/files", {
        "subject": "Budget 2026", "category": "accounts", "head": "ACC"})
    assert response.status_code == 201, response.json


def test_service_token_only_creates_and_reads_its_receipts(eunnat, api_as, org):
    for path in ("/api/v1/inbox", "/api/v1/posts?q=dc", "/api/v1/files/1",
                 "/api/v1/stats/adoption?unit=SGR"):
        response = eunnat.get(path)
        assert response.status_code == 403, path
        assert response.json["error"]["code"] == "forbidden"
    assert eunnat.post("/api/v1/files", {"subject": "x", "category": "general",
                                         "head": "X"}).status_code == 403
    theirs = api_as("cru.srinagar").post("/api/v1/receipts", application(external_ref="P-1"))
    assert theirs.status_code == 201, theirs.json
    assert eunnat.get(f"/api/v1/receipts/{theirs.json['id']}").status_code == 404
    assert eunnat.post(f"/api/v1/receipts/{theirs.json['id']}/send",
                       {"to_post": org["posts"]["dc"].id}).status_code == 403
    assert eunnat.get("/api/v1/me").json["token"] == {
        "kind": "service", "name": "eunnat",
        "offices": [{"code": "DC-SGR", "name": "Deputy Commissioner Office, Srinagar"}]}


def test_service_token_must_name_an_office_it_is_bound_to(eunnat, org):
    response = eunnat.post("/api/v1/receipts", application(office=None))
    assert invalid_fields(response) == {"office": "type"}
    body = application()
    del body["office"]
    response = eunnat.post("/api/v1/receipts", body)
    assert invalid_fields(response) == {"office": "required"}
    response = eunnat.post("/api/v1/receipts", application(office="DC-JMU"))
    assert response.status_code == 403
    response = eunnat.post("/api/v1/receipts", application(office="NOPE"))
    assert invalid_fields(response) == {"office": "unknown"}


def test_service_account_holds_no_post_and_cannot_sign_in(client, eunnat):
    from eoffice.models import User

    account = db.session.scalar(select(User).where(User.username == "svc.eunnat"))
    assert account.current_posts() == [] and account.roles == {"api_client"}
    assert login(client, "svc.eunnat", "svc.eunnat").status_code == 422


def test_personal_token_acts_with_its_users_permissions(client, org):
    from tests.api.conftest import personal_token

    admin = Api(client, personal_token("admin"))  # holds no post
    response = admin.post("/api/v1/receipts", application(external_ref="A-1", office=None))
    assert response.status_code == 422  # office null is not a string
    body = application(external_ref="A-1")
    del body["office"]
    assert admin.post("/api/v1/receipts", body).status_code == 403
