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
         "/admin/users/new", "/admin/holdings", "/admin/holdings/new", "/admin/users/1",
         "/admin/offices/1", "/admin/offices/1/sections", "/admin/posts/1", "/admin/units/1/retire"]


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
    assert body.lstrip().startswith('<form id="admin-form" class="record"') and "kind-error" in body
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


FORMS = ["/admin/units/new", "/admin/units/1", "/admin/departments/new", "/admin/offices/new",
         "/admin/offices/1", "/admin/offices/1/sections/new", "/admin/sections/1",
         "/admin/posts/new", "/admin/posts/1", "/admin/users/new", "/admin/users/1",
         "/admin/users/1/password", "/admin/users/1/unlock", "/admin/holdings/new",
         "/admin/holdings/1/end", "/admin/departments/1/retire"]
JUNK = {"code": "Ä" * 300, "name": "", "kind": "🙂", "parent": "%_" * 150, "department": "0",
        "org_unit": "'; drop table", "file_number_pattern": "{" * 200, "designation": "x" * 999,
        "label": "", "office": "\x00", "section": "??", "reports_to": "99999999999999999999",
        "employee_code": "", "username": "A B", "email": "@", "mobile": "x", "language": "zz",
        "roles": ["root"], "password": "p" * 500, "reason": "r" * 600, "user": "nobody",
        "post": "-1", "starts_on": "31-02-2026", "ends_on": "yesterday", "delegated_by": "?"}


def test_bad_input_never_breaks_a_form(admin):
    for url in FORMS:
        response = submit(admin, url, JUNK)
        assert response.status_code == 422, (url, response.status_code)
        assert 'class="error"' in response.get_data(as_text=True), url
    for query in ("page=-3", "page=x", "status=%00", "kind=zz&within=%25", "user=abc&post=1.5"):
        for path in ("/admin/units", "/admin/holdings", "/admin/users", "/admin/offices"):
            assert admin.get(f"{path}?{query}").status_code == 200, (path, query)
    huge = "99999999999999999999"
    assert admin.get(f"/admin/units/{huge}").status_code == 404
    assert admin.get(f"/admin/holdings/new?user={huge}&post={huge}").status_code == 200
    assert admin.get(f"/admin/holdings?user={huge}").status_code == 200
    assert admin.get("/admin/users?q=a%00b").status_code == 200
    assert admin.get("/admin/lookup/user?field=user&user=a%00b").status_code == 200
