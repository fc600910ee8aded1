"""Password policy: ASVS defaults, NIC-style composition and rotation by setting."""
from datetime import datetime, timedelta

from sqlalchemy import select

from eoffice.auth.passwords import policy_problems
from eoffice.clock import travel_to
from eoffice.extensions import db
from eoffice.models import User
from tests.conftest import csrf_from, login


def test_asvs_defaults_count_length_not_composition(app):
    assert policy_problems("correct horse battery staple") == []
    assert policy_problems("short") != []
    assert policy_problems("Password@123") != [], "a common password is refused"
    assert policy_problems("aaaaaaaaaaaaaaa") != []
    assert policy_problems("my name is so.srinagar ok", "so.srinagar") != []


def test_composition_rule_when_configured(app):
    app.config["PASSWORD_REQUIRE_CLASSES"] = 3
    assert any("at least 3 of these" in p for p in policy_problems("correct horse battery"))
    assert policy_problems("Correct horse battery 7") == []


def test_rotation_when_configured(app, client, org):
    app.config["PASSWORD_MAX_AGE_DAYS"] = 90
    user = db.session.scalar(select(User).filter_by(username="so.srinagar"))
    user.password_changed_at = datetime(2026, 1, 1)
    db.session.commit()
    with travel_to(datetime(2026, 3, 1)):
        login(client, "so.srinagar")
        assert client.get("/inbox").status_code == 200
    with travel_to(datetime(2026, 4, 2)):
        client = app.test_client()
        login(client, "so.srinagar")
        response = client.get("/inbox")
        assert response.status_code == 303 and response.location.endswith("/password")
        page = client.get("/password").get_data(as_text=True)
        blocked = client.post("/receipts/new", data={"csrf_token": csrf_from(page)})
        assert blocked.status_code == 303 and blocked.location.endswith("/password")
        assert "Your password has expired" in page
        changed = client.post("/password", data={
            "csrf_token": csrf_from(page), "current": "Correct-Horse-Battery-9",
            "new": "a fresh long passphrase", "confirm": "a fresh long passphrase"})
        assert changed.status_code == 303
        assert client.get("/inbox").status_code == 200
    with travel_to(datetime(2026, 4, 2) + timedelta(days=91)):
        client = app.test_client()
        login(client, "so.srinagar", "a fresh long passphrase")
        assert client.get("/inbox").status_code == 303
