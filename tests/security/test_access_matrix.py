"""Every route, as anonymous and as each role: only the roles listed here answer 200
(GET) or carry out the action (POST); everyone else is sent to sign in, refused (403),
told it does not exist (404) or that the item is not theirs to act on (409), and
nothing changes. A route missing from these tables fails the test: add it.

The areas' own rows are in admin_cases.py, reporting_cases.py and noting_cases.py;
the JSON API is left to tests/api/ (see access.API_BLUEPRINT)."""
import io
from datetime import date

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from eoffice.extensions import db
from eoffice.models import AuditEvent, Scan
from eoffice.movement import services
from tests.factories import PASSWORD, PDF_BYTES, make_file, make_receipt, receipt_data
from tests.reporting.factories import add_units
from tests.security import admin_cases, noting_cases, reporting_cases
from tests.security.access import (
    EVERYONE,
    POST_HOLDERS,
    SIGNED_IN,
    TWO_FACTOR_ROLES,
    VIEW_FILE,
    VIEW_RECEIPT,
    choices,
    objects_for,
    session_rules,
    sign_in_all,
    variants,
)

# endpoint -> roles answered 200, or (roles, the status they get instead of 200)
GET_OK = {
    **admin_cases.GET_OK, **reporting_cases.GET_OK, **noting_cases.GET_OK,
    "audit.index": {"it_admin", "ut_oversight"},
    "auth.change_password": SIGNED_IN,
    "auth.sessions_page": SIGNED_IN,
    "auth.login": {"anonymous"},
    "auth.login_code": set(),  # only between password and code
    "auth.two_factor_page": TWO_FACTOR_ROLES,
    "dak.attachment": VIEW_RECEIPT,
    "dak.attachment_page": VIEW_RECEIPT,
    "dak.scan_text": VIEW_RECEIPT,
    "dak.scan_reading": POST_HOLDERS,  # the diarise form's scans box
    "dak.searchable": VIEW_RECEIPT,
    "dak.edit": {"holder"},
    "dak.new": POST_HOLDERS,
    "dak.show": VIEW_RECEIPT,
    "files.new": POST_HOLDERS,
    "files.show": VIEW_FILE,
    "health.healthz": EVERYONE,
    "inbox.home": set(),  # redirects
    "inbox.index": SIGNED_IN,
    "inbox.pendency": SIGNED_IN,
    "search.index": SIGNED_IN,
    # dashboards: the district (SGR) and the DC office of Srinagar (DC-SGR)
    "dashboards.home": POST_HOLDERS,  # one's own unit or office; the IT admin holds no post
    "dashboards.unit": {"ut_oversight", "district_head"},
    "dashboards.unit_csv": {"ut_oversight", "district_head"},
    "dashboards.office": {"ut_oversight", "district_head", "holder", "diarist"},
    "dashboards.office_csv": {"ut_oversight", "district_head", "holder", "diarist"},
    "dashboards.targets_home": set(),  # redirects the IT admin to the UT's targets
    "dashboards.targets": {"it_admin"},
    "movement.history[files]": VIEW_FILE,
    "movement.history[receipts]": VIEW_RECEIPT,
    "movement.search_posts": SIGNED_IN,
    "movement.send[files]": {"holder"},
    "movement.send[receipts]": {"holder"},
    "proxy.too_large": (EVERYONE, 413),  # what nginx shows for a request over its limit
    "static": EVERYONE,
    # the sample letter is not final yet (its PDF awaits the worker): nobody gets a PDF,
    # and the public page knows no such code; tests/letters covers the final ones
    "letters.pdf": set(),
    "letters.verify": set(),
}

# Sign-in and session routes: their rules are tested in tests/auth (lockout, CSRF, ...).
POST_ELSEWHERE = {"auth.login", "auth.login_code", "auth.logout", "auth.set_language",
                  # signing needs a rendered letter and its approver's key, checking one a
                  # public page: tests/letters/test_pages.py and test_verify_page.py
                  "letters.sign", "letters.verify"}


def _another_session_of(user):
    """A session of the user's on another device, for them to end."""
    from eoffice.auth.services import start_session
    from eoffice.models import UserSession

    start_session(user)
    db.session.commit()
    return db.session.scalars(select(UserSession.id).order_by(UserSession.id.desc())).first()


def _so(org):
    return org["users"]["so.srinagar"]


def _receipt_by_so(org):
    return make_receipt(_so(org), subject="Held by the section officer")


def _item(org, kind):
    return make_file(_so(org)) if kind == "files" else _receipt_by_so(org)


def _sent_unread(org, kind):
    item = _item(org, kind)
    services.send(_so(org), item, [org["posts"]["adc"].id])
    db.session.commit()
    return item


def _parked(org, kind):
    item = _item(org, kind)
    services.park(_so(org), item)
    db.session.commit()
    return item


def _closed(org, kind):
    item = _item(org, kind)
    services.close(_so(org), item, "Done")
    db.session.commit()
    return item


def _url(kind, item, action):
    return f"/{kind}/{item.id}/{action}"


def _receipt_form(**extra):
    data = receipt_data()
    data.update(letter_date=data["letter_date"].isoformat(),
                received_on=date.today().isoformat())
    data.pop("is_electronic")
    data.update(extra)
    return data


def _movement_cases(kind):
    return {
        f"movement.send[{kind}]": lambda org, user: (
            lambda item: (_url(kind, item, "send"),
                          {"to_post": org["posts"]["adc"].id, "priority": "normal",
                           "version": item.version}))(_item(org, kind)),
        f"movement.pull_back[{kind}]": lambda org, user: (
            lambda item: (_url(kind, item, "pull-back"), {"version": item.version}))(
                _sent_unread(org, kind)),
        f"movement.park[{kind}]": lambda org, user: (
            lambda item: (_url(kind, item, "park"), {"version": item.version}))(_item(org, kind)),
        f"movement.unpark[{kind}]": lambda org, user: (
            lambda item: (_url(kind, item, "unpark"), {"version": item.version}))(
                _parked(org, kind)),
        f"movement.close[{kind}]": lambda org, user: (
            lambda item: (_url(kind, item, "close"), {"version": item.version,
                                                      "reason": "Disposed of"}))(_item(org, kind)),
        f"movement.reopen[{kind}]": lambda org, user: (
            lambda item: (_url(kind, item, "reopen"), {"version": item.version}))(
                _closed(org, kind)),
    }


def _put_in_file(org, user):
    receipt, efile = _receipt_by_so(org), make_file(_so(org))
    return f"/receipts/{receipt.id}/put-in-file", {"efile_id": efile.id,
                                                   "version": receipt.version}


def _read_again(org, user):
    receipt = make_receipt(_so(org), subject="A scan that could not be read",
                           uploads=[FileStorage(io.BytesIO(PDF_BYTES), "scan.pdf")])
    attachment = receipt.attachments[0]
    scan = db.session.scalar(select(Scan).where(Scan.sha256 == attachment.sha256))
    scan.status, scan.reason, scan.tries = "failed", "The PDF is damaged.", 3
    db.session.commit()
    return f"/receipts/{receipt.id}/attachments/{attachment.id}/read-again", {}


def _own_post(user):
    posts = user.current_posts() if user else []
    return posts[0].id if posts else 1


# endpoint -> (roles that carry it out, status they get, case(org, user) -> (url, form data))
POST_OK = {
    "auth.change_password": (SIGNED_IN, 422, lambda org, user: (
        "/password", {"current": PASSWORD, "new": "x" * 20, "confirm": "y" * 20})),
    "auth.end_session": (SIGNED_IN, 303, lambda org, user: (
        f"/account/sessions/{_another_session_of(user or _so(org))}/end", {})),
    "auth.two_factor_page": (TWO_FACTOR_ROLES, 422, lambda org, user: (
        "/account/two-factor", {"code": "000000"})),
    "dak.new": (POST_HOLDERS, 303, lambda org, user: (
        "/receipts/new", _receipt_form(as_post=_own_post(user), form="electronic"))),
    "dak.edit": ({"holder"}, 303, lambda org, user: (
        lambda receipt: (f"/receipts/{receipt.id}/edit",
                         _receipt_form(subject="Corrected subject", version=receipt.version)))(
            _receipt_by_so(org))),
    "dak.put_in_file": ({"holder"}, 303, _put_in_file),
    "dak.read_again": ({"holder"}, 303, _read_again),
    "files.new": (POST_HOLDERS, 303, lambda org, user: (
        "/files/new", {"as_post": _own_post(user), "subject": "New file", "category": "general",
                       "head": "GEN", "section": 0, "form": "electronic", "grading": "normal",
                       "priority": "normal"})),
    **{key: ({"holder"}, 303, case) for kind in ("files", "receipts")
       for key, case in _movement_cases(kind).items()},
    **admin_cases.POST_OK, **reporting_cases.POST_OK, **noting_cases.POST_OK,
    "dashboards.targets": ({"it_admin"}, 303, lambda org, user: (
        "/dashboard/SGR/targets", {"offices_target": 12, "users_target": 300})),
}

DENIED = {403, 404, 409}
CHANGES = {201, 303}  # created (shown on the page that answers), or done and redirected


def _audit_count():
    return db.session.scalar(select(func.count()).select_from(AuditEvent))


@pytest.mark.slow
def test_get_matrix(app, org):
    objects = objects_for(org)
    clients = sign_in_all(app)
    missing, wrong = [], []
    for rule in session_rules(app):
        if "GET" not in rule.methods:
            continue
        urls = variants(app, rule, objects)
        if urls is None:
            missing.append(f"{rule.endpoint}: tests/security/access.py cannot fill {rule.rule}")
            continue
        for key, url in urls:
            if key not in GET_OK:
                missing.append(key)
                continue
            roles, ok_status = GET_OK[key] if isinstance(GET_OK[key], tuple) else (GET_OK[key], 200)
            for role, client in clients.items():
                status = client.get(url).status_code
                allowed = role in roles
                if allowed != (status == ok_status) or (
                        not allowed and status not in (302, 303, 403, 404)):
                    wrong.append(f"GET {url} as {role}: {status}")
    assert not missing, f"add these routes to GET_OK: {missing}"
    assert not wrong, "\n".join(wrong)


@pytest.mark.slow
def test_post_matrix(app, org):
    add_units(org)  # Jammu gets a tehsil for its own workshops
    clients = sign_in_all(app)
    users = {role: (org["users"][c.username] if c.username else None)
             for role, c in clients.items()}
    missing, wrong = [], []
    for rule in session_rules(app):
        if "POST" not in rule.methods or rule.endpoint in POST_ELSEWHERE:
            continue
        for key, _chosen in choices(rule):
            if key not in POST_OK:
                missing.append(key)
                continue
            allowed_roles, ok_status, case = POST_OK[key]
            for role, client in clients.items():
                url, data = case(org, users[role])
                before = _audit_count()
                without_token = client.post(url, data, csrf=False).status_code
                if without_token != 400 or _audit_count() != before:
                    wrong.append(f"POST {url} without CSRF token as {role}: {without_token}")
                response = client.post(url, data)
                changed = _audit_count() != before
                db.session.expire_all()
                if role in allowed_roles:
                    if response.status_code != ok_status or changed != (ok_status in CHANGES):
                        wrong.append(f"POST {url} as {role}: {response.status_code}, "
                                     f"changed={changed}; expected {ok_status}")
                elif role == "anonymous":
                    if response.status_code != 302 or "/login" not in response.location or changed:
                        wrong.append(f"POST {url} as anonymous: {response.status_code}")
                elif response.status_code not in DENIED or changed:
                    wrong.append(f"POST {url} as {role}: {response.status_code}, "
                                 f"changed={changed}; expected a refusal")
    assert not missing, f"add these routes to POST_OK (or POST_ELSEWHERE): {missing}"
    assert not wrong, "\n".join(wrong)
