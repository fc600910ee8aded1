"""Lists work without JavaScript; htmx gets small fragments; every page fits the budget."""
import gzip
import os
import re

from eoffice import ROOT, audit
from eoffice.extensions import db
from tests import factories
from tests.admin.conftest import submit
from tests.conftest import csrf_from
from tests.core.test_page_budget import BUDGET, first_load_bytes

HTMX = {"HX-Request": "true"}
PAGES = ["/admin/", "/admin/units", "/admin/units/new", "/admin/departments", "/admin/offices",
         "/admin/offices/new", "/admin/posts", "/admin/posts/new", "/admin/users",
         "/admin/users/new", "/admin/holdings", "/admin/holdings/new"]


def crowd(org, count=40):
    office = org["offices"]["dc_sgr"]
    for number in range(count):
        post = factories.make_post(office, f"Clerk {number:02d} Srinagar with a long marking label",
                                   reports_to=org["posts"]["so"])
        factories.make_user(f"clerk.{number:02d}", post)
    db.session.commit()


def test_pages_paginate_and_stay_under_budget(admin, org):
    crowd(org)
    for path in PAGES:
        assert first_load_bytes(admin, path) < BUDGET, path
    first = admin.get("/admin/users?q=clerk").get_data(as_text=True)
    assert len(re.findall(r'href="/admin/users/\d+"', first)) == 25
    assert 'href="/admin/users?page=2&amp;q=clerk&amp;status=active"' in first
    second = admin.get("/admin/users?q=clerk&page=2").get_data(as_text=True)
    assert len(re.findall(r'href="/admin/users/\d+"', second)) == 15


def test_htmx_filter_gets_only_the_list_fragment(admin, org):
    crowd(org)
    for path in ("/admin/users?q=clerk", "/admin/posts?q=clerk", "/admin/holdings?q=clerk"):
        response = admin.get(path, headers=HTMX)
        body = response.get_data()
        assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
        assert body.lstrip().startswith(b'<div id="list">') and b"<html" not in body
        assert len(gzip.compress(body, 9)) < 10 * 1024, path
    page = admin.get("/admin/users").get_data(as_text=True)
    assert 'hx-get="/admin/users"' in page and 'hx-target="#list"' in page


def test_invalid_form_over_htmx_returns_the_form_fragment(admin):
    response = submit(admin, "/admin/units/new", {"code": "X", "name": "X", "kind": "tehsil",
                                                  "parent": "JK"}, headers=HTMX)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<form id="admin-form"') and "kind-error" in body
    ok = submit(admin, "/admin/units/new", {"code": "X", "name": "X", "kind": "division",
                                            "parent": "JK"}, headers=HTMX)
    assert ok.status_code == 204 and ok.headers["HX-Redirect"] == "/admin/units"


def test_lookup_suggests_matches_as_a_datalist(admin, org):
    body = admin.get("/admin/lookup/post?field=reports_to&reports_to=srinagar",
                     headers=HTMX).get_data(as_text=True)
    assert body.startswith('<datalist id="reports_to-options">')
    assert f'value="{org["posts"]["adc"].id}: ADC Srinagar"' in body
    units = admin.get("/admin/lookup/unit?field=parent&parent=%25").get_data(as_text=True)
    assert "<option" not in units  # wildcards are taken literally
    assert admin.get("/admin/lookup/secret?field=x").status_code == 404


def test_escaped_output(admin):
    submit(admin, "/admin/departments/new", {"code": "XSS", "name": "<script>alert(1)</script>"})
    page = admin.get("/admin/departments").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_templates_have_no_inline_script_or_hx_on():
    folder = os.path.join(ROOT, "templates", "admin")
    for name in os.listdir(folder):
        with open(os.path.join(folder, name)) as handle:
            text = handle.read()
        assert not re.search(r"<script|hx-on|\bon\w+=|js:", text), name


def test_audit_chain_stays_intact_after_admin_work(admin, org):
    submit(admin, "/admin/departments/new", {"code": "FIN", "name": "Finance"})
    submit(admin, f"/admin/users/{org['users']['so.srinagar'].id}/retire", {})
    assert audit.verify_chain() == []


def test_admin_pages_render_in_urdu(admin, org):
    token = csrf_from(admin.get("/admin/").get_data(as_text=True))
    admin.post("/language", data={"csrf_token": token, "language": "ur"})
    for path in PAGES + [f"/admin/users/{org['users']['so.srinagar'].id}"]:
        page = admin.get(path)
        assert page.status_code == 200 and 'dir="rtl"' in page.get_data(as_text=True), path
