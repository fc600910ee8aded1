"""deploy/nginx-eoffice.conf in front of gunicorn as eoffice.service starts it: HTTPS with
__Host- cookies, static files from nginx, the upload limit, the client's address."""
import json
import os
from datetime import date, timedelta

import pytest

from eoffice.doctor.probe import probe
from tests.browser.server import ROOT
from tests.deploy.conftest import need, sqlite_pass_only
from tests.deploy.stack import (
    CLIENT_ADDRESS,
    NGINX,
    REDIS,
    SERVER_NAME,
    Client,
    DeployedPortal,
    Nginx,
    Redis,
    csrf_of,
)

pytestmark = pytest.mark.slow  # starts Redis, gunicorn and nginx, loads the demo

MB = 1024 * 1024
LIMIT_MB = 20  # EOFFICE_MAX_UPLOAD_MB's default, which deploy/eoffice.env keeps
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    sqlite_pass_only()
    need(NGINX, REDIS, "openssl")
    folder = str(tmp_path_factory.mktemp("deployed"))
    redis = Redis(folder).start()
    portal = DeployedPortal(folder, redis.url)
    nginx = None
    try:
        portal.start()
        nginx = Nginx(folder, portal.port).start()
        yield portal, nginx
    finally:
        if nginx is not None:
            nginx.stop()
        portal.stop()
        redis.stop()


def signed_in(nginx, username="cru.srinagar"):
    client = Client(nginx)
    status, headers = client.sign_in(username)
    assert status == 303 and headers["location"] == "/inbox", (status, headers)
    return client


def test_plain_http_is_sent_to_https_and_sets_no_cookie(deployed):
    _portal, nginx = deployed
    client = Client(nginx)
    for method in ("GET", "POST"):
        status, headers, _body = client.request(method, "/login?next=/inbox", scheme="http")
        assert status == 301
        assert headers["location"] == f"https://{SERVER_NAME}/login?next=/inbox"
    assert client.set_cookies == []


def test_sign_in_over_https_with_host_prefixed_cookies(deployed):
    _portal, nginx = deployed
    client = signed_in(nginx)
    session_cookie = [cookie for cookie in client.set_cookies
                      if cookie.startswith("__Host-session=")][-1]  # the one sign-in made
    attributes = {part.strip().split("=")[0].lower() for part in session_cookie.split(";")[1:]}
    assert {"secure", "httponly", "path"} <= attributes and "domain" not in attributes
    assert "; Path=/" in session_cookie
    assert not [cookie for cookie in client.set_cookies if cookie.startswith("session=")]
    status, headers, body = client.request("GET", "/inbox")
    assert status == 200 and "Inbox" in body
    assert headers["strict-transport-security"].startswith("max-age=")
    # the cookie is the session: without it the inbox asks to sign in again
    client.cookies.clear()
    assert client.request("GET", "/inbox")[0] in (302, 303)


def test_static_files_come_from_nginx_with_a_long_cache(deployed):
    portal, nginx = deployed
    client = Client(nginx)
    page = client.request("GET", "/login")[2]
    stylesheet = page.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    assert stylesheet.startswith("/static/app.css?v=")
    seen_before = len(portal.requests_seen())
    for url in (stylesheet, "/static/htmx-2.0.11.min.js"):
        status, headers, body = client.request("GET", url)
        assert status == 200, url
        assert "max-age=31536000" in headers["cache-control"]
        assert "immutable" in headers["cache-control"]
        assert headers["x-content-type-options"] == "nosniff"
    with open(os.path.join(ROOT, "static", "app.css")) as handle:
        assert client.request("GET", stylesheet)[2] == handle.read()
    client.request("GET", "/healthz?mark")  # marks the log: the app did see this one
    seen = portal.requests_seen(until="/healthz?mark")[seen_before:]
    assert [line for line in seen if "/static/" in line] == [], seen
    assert any("/healthz" in line for line in seen), seen


def test_static_location_serves_nothing_outside_static(deployed):
    _portal, nginx = deployed
    client = Client(nginx)
    for path in ("/static../config.py", "/static/../config.py", "/static/..%2fconfig.py",
                 "/static/%2e%2e/config.py", "/static//..//app.py"):
        status, _headers, body = client.request("GET", path)
        assert status in (308, 400, 404), (path, status)
        assert "SECRET_KEY" not in body and "create_app" not in body


def diarise_fields(portal):
    with portal.database() as connection:
        (post_id,) = connection.execute(
            "SELECT post_id FROM post_holding JOIN user_account ON user_account.id = user_id "
            "WHERE username = 'cru.srinagar'").fetchone()
    return {"as_post": post_id, "subject": "Upload limit", "sender_name": "Deploy Tester",
            "received_on": (date.today() - timedelta(days=1)).isoformat(), "mode": "post",
            "category": "general", "grading": "normal", "form": "electronic"}


def receipts_with_attachment_of(portal, size):
    with portal.database() as connection:
        return connection.execute("SELECT count(*) FROM attachment WHERE size = ?",
                                  (size,)).fetchone()[0]


def test_upload_at_the_limit_is_accepted_and_over_it_refused_by_nginx(deployed):
    portal, nginx = deployed
    client = signed_in(nginx)
    fields = diarise_fields(portal)
    at_limit = PDF + b"\0" * (LIMIT_MB * MB - len(PDF))
    status, headers, _body = client.form("/receipts/new", fields, at_limit)
    assert status == 303 and headers["location"].startswith("/receipts/"), status
    assert receipts_with_attachment_of(portal, LIMIT_MB * MB) == 1

    # a byte over the attachment limit fits nginx's request limit: the portal refuses it
    status, _headers, body = client.form("/receipts/new", fields, at_limit + b"\0")
    assert status == 422 and f"larger than {LIMIT_MB} MB" in body

    posts_before = [line for line in portal.requests_seen() if line.startswith("POST")]
    over = PDF + b"\0" * (LIMIT_MB * MB + MB)  # the request is over client_max_body_size
    status, headers, body = client.form("/receipts/new", fields, over)
    assert status == 413
    assert headers["content-type"].startswith("text/html")
    assert f"a file may be at most {LIMIT_MB} MB" in body and "nothing was saved" in body
    assert "<html" in body and "nginx" not in body.lower()
    posts_after = [line for line in portal.requests_seen() if line.startswith("POST")]
    assert posts_after == posts_before, "the over-large request reached the portal"
    assert receipts_with_attachment_of(portal, len(over)) == 0


def test_api_over_the_limit_is_refused_by_nginx_in_json(deployed):
    portal, nginx = deployed
    client = Client(nginx)
    body = json.dumps({"subject": "x", "attachments": [{"content": "A" * (29 * MB)}]})
    status, headers, answer = client.request(
        "POST", "/api/v1/receipts", body.encode(),
        {"Content-Type": "application/json", "Authorization": "Bearer nothing"})
    assert status == 413, answer
    assert headers["content-type"].startswith("application/json"), answer
    assert json.loads(answer)["error"]["code"] == "too_large"
    # under the API's own limit (4/3 of the page's, for base64) nginx lets it through
    token = portal.flask("eoffice", "token", "create", "--user", "cru.srinagar").split()[-1]
    status, _headers, answer = client.request(
        "POST", "/api/v1/receipts", json.dumps({"subject": "A" * (22 * MB)}).encode(),
        {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    assert status == 422 and json.loads(answer)["error"]["code"] == "invalid"


def test_the_clients_address_reaches_the_audit_log_through_one_hop(deployed):
    portal, nginx = deployed
    client = Client(nginx)
    # a client's own X-Forwarded-For is replaced by nginx, never believed
    spoofed = {"X-Forwarded-For": "203.0.113.9, 198.51.100.7"}
    client.csrf_token = csrf_of(client.request("GET", "/login", headers=spoofed)[2])
    status, _headers, _body = client.form("/login", {"username": "so.srinagar",
                                                     "password": "not the password"}, headers=spoofed)
    assert status == 422
    signed_in(nginx, "so.srinagar")
    with portal.database() as connection:
        rows = connection.execute(
            "SELECT action, ip FROM audit_event WHERE action LIKE 'login.%' AND ("
            "username = 'so.srinagar' OR user_id = "
            "(SELECT id FROM user_account WHERE username = 'so.srinagar')) ORDER BY id"
        ).fetchall()
    assert [action for action, _ip in rows] == ["login.failure", "login.success"], rows
    assert {ip for _action, ip in rows} == {CLIENT_ADDRESS}, rows


def test_doctor_checks_the_portal_as_users_reach_it(deployed, monkeypatch):
    _portal, nginx = deployed
    url = f"https://127.0.0.1:{nginx.https_port}"
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    (untrusted,) = probe(url)
    assert untrusted.is_problem and "the certificate is not accepted" in untrusted.text
    monkeypatch.setenv("SSL_CERT_FILE", nginx.ca_file)
    found = probe(url)
    assert [finding.state for finding in found] == ["ok", "ok", "skipped", "ok"], found
    assert "valid certificate, 30 days left" in found[0].text
    assert found[1].text == "__Host-session, Secure, with HSTS"
    (plain,) = probe(f"http://127.0.0.1:{nginx.http_port}")
    assert plain.is_problem and "plain HTTP" in plain.text
