"""A password an IT admin chose (a new account, a reset) is known to two people: the
user must choose their own at the first sign-in before anything else."""
from sqlalchemy import select

from eoffice.extensions import db
from eoffice.models import User
from tests.conftest import csrf_from, csrf_token, login

CHOSEN_BY_ADMIN = "Admin-Chosen-Phrase-2026"
OWN = "My-Own-Long-Passphrase-77"


def test_an_account_made_by_an_admin_changes_its_password_first(client, org):
    login(client, "admin")
    made = client.post("/admin/users/new", data={
        "name": "New Clerk", "employee_code": "JK777", "username": "new.clerk",
        "language": "en", "roles": "official", "password": CHOSEN_BY_ADMIN,
        "csrf_token": csrf_token(client, "/admin/users/new")})
    assert made.status_code == 303, made.get_data(as_text=True)[:400]
    client.post("/logout", data={"csrf_token": csrf_token(client)})

    assert login(client, "new.clerk", CHOSEN_BY_ADMIN).status_code == 303
    inbox = client.get("/inbox")
    assert inbox.status_code == 303 and inbox.headers["Location"].endswith("/password")
    assert client.get("/tokens").status_code == 303  # nothing else either
    page = client.get("/password")
    assert page.status_code == 200
    changed = client.post("/password", data={"current": CHOSEN_BY_ADMIN, "new": OWN,
                                             "confirm": OWN, "csrf_token": csrf_from(
                                                 page.get_data(as_text=True))})
    assert changed.status_code == 303
    assert client.get("/inbox").status_code == 200
    assert not db.session.scalar(select(User).where(User.username == "new.clerk")).must_change_password


def test_a_reset_password_is_changed_at_the_next_sign_in(client, org):
    target = org["users"]["so.srinagar"]
    login(client, "admin")
    page = client.get(f"/admin/users/{target.id}/password").get_data(as_text=True)
    client.post(f"/admin/users/{target.id}/password",
                data={"password": CHOSEN_BY_ADMIN, "csrf_token": csrf_from(page)})
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    login(client, "so.srinagar", CHOSEN_BY_ADMIN)
    assert client.get("/inbox").headers["Location"].endswith("/password")
