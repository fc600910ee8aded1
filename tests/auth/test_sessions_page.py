"""Users see their own signed-in sessions (device, address, last seen) and end any of
them (ASVS 7.5.2); the session cookie lasts no longer than the absolute timeout."""
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from sqlalchemy import select

from eoffice.extensions import db
from eoffice.models import UserSession
from tests.conftest import csrf_from, login


def test_the_sessions_page_lists_and_ends_the_users_own_sessions(app, org):
    phone, laptop, other = app.test_client(), app.test_client(), app.test_client()
    login(phone, "so.srinagar")
    login(other, "adc.srinagar")
    laptop.environ_base["HTTP_USER_AGENT"] = "Mozilla/5.0 (X11; Linux) Firefox/128.0"
    login(laptop, "so.srinagar")
    page = laptop.get("/account/sessions")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Firefox/128.0" in html and "This session" in html
    mine = db.session.scalars(select(UserSession).join(UserSession.user)
                              .where(UserSession.ended_at.is_(None))).all()
    phone_row = next(row for row in mine if "Firefox" not in (row.user_agent or "")
                     and row.user.username == "so.srinagar")
    adc_row = next(row for row in mine if row.user.username == "adc.srinagar")
    assert f"/account/sessions/{adc_row.id}/end" not in html  # only one's own
    ended = laptop.post(f"/account/sessions/{phone_row.id}/end", data={"csrf_token": csrf_from(html)})
    assert ended.status_code == 303
    assert phone.get("/inbox").status_code == 302  # signed out there
    assert laptop.get("/inbox").status_code == 200  # and still here
    refused = laptop.post(f"/account/sessions/{adc_row.id}/end", data={"csrf_token": csrf_from(html)})
    assert refused.status_code == 404
    assert other.get("/inbox").status_code == 200


def test_the_cookie_expires_with_the_absolute_timeout(app, org):
    client = app.test_client()
    response = login(client, "so.srinagar")
    cookie = next(value for name, value in response.headers.items()
                  if name == "Set-Cookie" and value.startswith("session="))
    expires = next(part.split("=", 1)[1] for part in cookie.split("; ")
                   if part.lower().startswith("expires="))
    left = parsedate_to_datetime(expires) - datetime.now(timezone.utc)
    hours = app.config["SESSION_ABSOLUTE_HOURS"]
    assert timedelta(hours=hours) - timedelta(minutes=2) < left <= timedelta(hours=hours), left
