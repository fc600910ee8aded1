import re

from tests.conftest import csrf_from, login

PUBLIC = {"auth.login", "auth.login_code", "auth.set_language", "static", "health.healthz",
          "letters.verify",  # the letter verification page: tests/letters/test_verify_page.py
          "proxy.too_large"}  # what nginx shows for a request over its limit


def test_post_without_csrf_token_is_rejected(app, client, org):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/login", data={"username": "so.srinagar", "password": "x"})
    assert response.status_code == 400
    assert "form expired" in response.get_data(as_text=True)
    login(client, "so.srinagar")
    assert client.post("/logout").status_code == 400


def test_security_headers_present(client, org):
    for response in (client.get("/login"), client.get("/healthz")):
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"]
    login(client, "so.srinagar")
    assert client.get("/inbox").headers["Cache-Control"] == "no-store"


def test_session_cookie_flags(app, client, org):
    app.config["SESSION_COOKIE_SECURE"] = True
    response = login(client, "so.srinagar")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie


def sample_url(app, rule):
    """A URL for the rule with id 1 and the first choice of any `any(...)` part."""
    values = {}
    for arg in rule.arguments:
        converter = rule._converters[arg]
        values[arg] = sorted(converter.items)[0] if hasattr(converter, "items") else 1
    return app.url_map.bind("localhost").build(rule.endpoint, values)


def test_every_route_but_public_ones_needs_sign_in(app, client, org):
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC or rule.endpoint.startswith("api."):
            continue
        url = sample_url(app, rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(url, method=method)
            assert response.status_code in (302, 400), (rule.endpoint, method, response.status_code)
            if response.status_code == 302:
                assert "/login" in response.headers["Location"], rule.endpoint
            checked += 1
    assert checked >= 3


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["database"] == "ok"


def test_static_files_are_versioned_and_cached(client, org):
    html = client.get("/login").get_data(as_text=True)
    css = re.search(r'href="(/static/app.css\?v=[0-9a-f]+)"', html).group(1)
    response = client.get(css)
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]


def test_admin_area_is_hidden_from_officials(client, org):
    login(client, "so.srinagar")
    assert client.get("/admin/").status_code == 404


def test_csrf_token_on_signed_in_pages(client, org):
    login(client, "so.srinagar")
    html = client.get("/inbox").get_data(as_text=True)
    assert csrf_from(html)
    assert 'hx-headers' in html
