"""The admin area exists only for IT admins; every change needs the CSRF token."""
import itertools

import pytest
from sqlalchemy import select

from eoffice.admin import services
from eoffice.admin.lookups import SEARCHED
from eoffice.admin.routes import RETIRABLE
from eoffice.errors import NotAllowed
from eoffice.extensions import db
from eoffice.models import Department, OrgUnit
from tests.conftest import csrf_token, login


def admin_urls(app):
    """Every admin rule, built with 1 for ids and each kind and action the views accept."""
    samples = {"kind": list(RETIRABLE) + list(SEARCHED), "action": ["retire", "restore"]}
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin."):
            names = sorted(rule.arguments)
            for values in itertools.product(*(samples.get(name, [1]) for name in names)):
                yield rule, adapter.build(rule.endpoint, dict(zip(names, values)))


def test_every_admin_url_is_404_for_officials(app, client, org):
    login(client, "so.srinagar")
    token = csrf_token(client)
    checked = 0
    for rule, url in admin_urls(app):
        assert client.get(url).status_code == 404, url
        if "POST" in rule.methods:
            response = client.post(url, data={"csrf_token": token, "code": "X", "name": "X"})
            assert response.status_code == 404, url
        checked += 1
    assert checked >= 20
    assert db.session.scalar(select(OrgUnit).where(OrgUnit.code == "X")) is None


def test_district_head_and_oversight_do_not_see_it_either(client, org):
    for username in ("dc.srinagar", "cs.it"):
        login(client, username)
        assert client.get("/admin/users").status_code == 404
        assert "/admin/" not in client.get("/inbox").get_data(as_text=True)
        client.post("/logout", data={"csrf_token": csrf_token(client)})


def test_admin_sees_the_index_and_nav_link(admin):
    page = admin.get("/admin/").get_data(as_text=True)
    for path in ("/admin/units", "/admin/departments", "/admin/offices", "/admin/posts",
                 "/admin/users", "/admin/holdings"):
        assert f'href="{path}"' in page


def test_post_without_csrf_token_is_refused(app, admin):
    app.config["WTF_CSRF_ENABLED"] = True
    response = admin.post("/admin/units/new",
                          data={"code": "NEW", "name": "New", "kind": "district", "parent": "KMR"})
    assert response.status_code == 400
    assert "form expired" in response.get_data(as_text=True)
    assert db.session.scalar(select(OrgUnit).where(OrgUnit.code == "NEW")) is None


def test_services_refuse_anyone_but_an_it_admin(app, org):
    official = org["users"]["dc.srinagar"]
    with app.test_request_context():
        with pytest.raises(NotAllowed):
            services.create_department(official, "FIN", "Finance")
        with pytest.raises(NotAllowed):
            services.set_active(official, org["users"]["so.srinagar"], False)
    assert db.session.scalar(select(Department).where(Department.code == "FIN")) is None
