"""The employee master: accounts, passwords, locks and retirement."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from eoffice.admin import services
from eoffice.clock import utcnow
from eoffice.errors import WorkflowError
from eoffice.extensions import db
from eoffice.models import User, UserSession
from tests.admin.conftest import audited, submit
from tests.conftest import csrf_token, login
from tests.factories import PASSWORD

NEW_USER = {"name": "Naib Tehsildar Khanyar", "employee_code": "JK900001",
            "username": "Naib.Khanyar", "email": "naib@example.gov.in", "mobile": "+91 94190 12345",
            "language": "hi", "roles": ["official", "diarist"]}


def user(username):
    return db.session.scalar(select(User).where(User.username == username))


def sign_out(client):
    client.post("/logout", data={"csrf_token": csrf_token(client)})


def test_weak_password_is_refused_good_one_signs_in(admin):
    weak = submit(admin, "/admin/users/new", {**NEW_USER, "password": "short"})
    assert weak.status_code == 422
    assert 'id="password-error"' in weak.get_data(as_text=True)
    assert user("naib.khanyar") is None
    named = submit(admin, "/admin/users/new", {**NEW_USER, "password": "naib.khanyar-secret-1"})
    assert named.status_code == 422 and user("naib.khanyar") is None

    good = submit(admin, "/admin/users/new", {**NEW_USER, "password": "river stone morning tea"})
    assert good.status_code == 303
    created = user("naib.khanyar")
    assert good.headers["Location"].endswith(f"/admin/users/{created.id}")
    assert created.roles == {"official", "diarist"} and created.language == "hi"
    assert created.password_hash.startswith("$argon2id$")
    event = audited("user.create", created)[0]
    assert "river" not in event.detail and event.user_id == user("admin").id
    sign_out(admin)
    assert login(admin, "naib.khanyar", "river stone morning tea").status_code == 303


@pytest.mark.parametrize("change, field", [
    ({"username": "SO.Srinagar"}, "username"),
    ({"username": "bad name"}, "username"),
    ({"employee_code": "T00001"}, "employee_code"),
    ({"email": "not-an-address"}, "email"),
    ({"roles": []}, "roles"),
    ({"roles": ["emperor"]}, "roles"),
    ({"language": "fr"}, "language"),
])
def test_bad_user_details_are_refused(admin, org, change, field):
    taken_code = org["users"]["admin"].employee_code
    data = {**NEW_USER, "password": "river stone morning tea", **change}
    if field == "employee_code":
        data["employee_code"] = taken_code
    response = submit(admin, "/admin/users/new", data)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)


def test_edit_roles_and_details(admin, org):
    so = org["users"]["so.srinagar"]
    response = submit(admin, f"/admin/users/{so.id}",
                      {"name": "S. O. Srinagar", "employee_code": so.employee_code,
                       "username": "so.srinagar", "language": "ur",
                       "roles": ["official", "diarist"]})
    assert response.status_code == 303
    db.session.refresh(so)
    assert so.roles == {"official", "diarist"} and so.language == "ur"
    assert "roles: official -> diarist, official" in audited("user.update", so)[0].detail


def test_admin_cannot_drop_own_role_or_retire_self(it_admin):
    me = it_admin
    with pytest.raises(WorkflowError, match="your own IT-admin role"):
        services.update_user(me, me, me.name, me.employee_code, me.username, roles=["official"])
    with pytest.raises(WorkflowError, match="your own account"):
        services.set_active(it_admin, it_admin, False)


def test_unlock_a_locked_user(app, admin, org):
    so = org["users"]["so.srinagar"]
    so.locked_until, so.failed_logins = utcnow() + timedelta(minutes=10), 2
    db.session.commit()
    assert "Locked" in admin.get("/admin/users?status=locked").get_data(as_text=True)
    edit_page = admin.get(f"/admin/users/{so.id}").get_data(as_text=True)
    assert f"/admin/users/{so.id}/unlock" in edit_page
    response = submit(admin, f"/admin/users/{so.id}/unlock", {"reason": "phoned the helpdesk"})
    assert response.status_code == 303
    db.session.refresh(so)
    assert so.locked_until is None and so.failed_logins == 0
    assert audited("user.unlock", so)[0].detail == "phoned the helpdesk"
    again = submit(admin, f"/admin/users/{so.id}/unlock", {})
    assert again.status_code == 422 and "not locked" in again.get_data(as_text=True)
    sign_out(admin)
    assert login(admin, "so.srinagar", PASSWORD).status_code == 303


def test_password_reset_ends_sessions(app, client, org):
    other = app.test_client()
    login(other, "so.srinagar")
    login(client, "admin")
    so = org["users"]["so.srinagar"]
    weak = submit(client, f"/admin/users/{so.id}/password", {"password": "so.srinagar!!!!"})
    assert weak.status_code == 422
    assert submit(client, f"/admin/users/{so.id}/password",
                  {"password": "a brand new passphrase"}).status_code == 303
    assert other.get("/inbox").status_code == 302
    assert audited("user.password_reset", so)
    assert login(app.test_client(), "so.srinagar", "a brand new passphrase").status_code == 303


def test_retired_user_cannot_sign_in(app, client, org):
    so = org["users"]["so.srinagar"]
    signed_in = app.test_client()
    login(signed_in, "so.srinagar")
    login(client, "admin")
    response = submit(client, f"/admin/users/{so.id}/retire", {"reason": "superannuated"})
    assert response.status_code == 303
    db.session.refresh(so)
    assert so.active is False
    assert audited("user.retire", so)[0].detail == "superannuated"
    assert signed_in.get("/inbox").status_code == 302
    assert db.session.scalar(select(UserSession).where(UserSession.user_id == so.id,
                                                       UserSession.ended_at.is_(None))) is None
    assert login(app.test_client(), "so.srinagar").status_code == 422
    assert "So Srinagar" in client.get("/admin/users?status=retired").get_data(as_text=True)
