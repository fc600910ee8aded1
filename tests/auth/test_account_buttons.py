"""Revoking an API token and ending a session are one-button actions through the forms
helper: someone else's is not found, a forged form is refused, and pressing again from a
second tab changes nothing more."""
from sqlalchemy import func, select

from eoffice.auth.services import start_session
from eoffice.extensions import db
from eoffice.models import ApiToken, AuditEvent, UserSession
from eoffice.tokens.services import create_personal_token
from tests.conftest import csrf_token, login


def _audited(action):
    return db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == action))


def _token_and_form(client, org, owner, name):
    """`owner`'s new token, and so.srinagar signed in with the token page's form."""
    token, _raw = create_personal_token(org["users"][owner], name)
    db.session.commit()
    login(client, "so.srinagar")
    return token, {"csrf_token": csrf_token(client, "/tokens")}


def test_revoking_a_token_twice_revokes_it_once(client, org):
    token, form = _token_and_form(client, org, "so.srinagar", "Scanner desk")
    first = client.post(f"/tokens/{token.id}/revoke", data=form)
    assert first.status_code == 303
    assert "revoked; it no longer works" in client.get("/tokens").get_data(as_text=True)
    db.session.expire_all()
    revoked_at = db.session.get(ApiToken, token.id).revoked_at
    assert revoked_at is not None

    second = client.post(f"/tokens/{token.id}/revoke", data=form)  # the other tab
    assert second.status_code == 303
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).revoked_at == revoked_at
    assert _audited("token.revoke") == 1


def test_someone_elses_token_or_a_forged_form_is_refused(client, org):
    token, form = _token_and_form(client, org, "adc.srinagar", "ADC's laptop")
    theirs = client.post(f"/tokens/{token.id}/revoke", data=form)
    assert theirs.status_code == 404
    assert "This page does not exist or you may not see it." in theirs.get_data(as_text=True)
    for answer in (client.post(f"/tokens/{token.id}/revoke", data={}),
                   client.post(f"/tokens/{token.id}/revoke", data={"csrf_token": "x" * 40}),
                   client.post("/tokens/99999999999/revoke", data=form),
                   client.post("/tokens/0/revoke", data=form)):
        assert answer.status_code in (400, 404)
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).revoked_at is None
    assert _audited("token.revoke") == 0


def test_ending_a_session_from_two_tabs_and_someone_elses(client, org):
    users = org["users"]
    login(client, "so.srinagar")
    start_session(users["so.srinagar"], ip="10.0.0.9", user_agent="Phone")
    start_session(users["adc.srinagar"], ip="10.0.0.8", user_agent="ADC's PC")
    db.session.commit()
    mine = db.session.scalar(select(UserSession).where(UserSession.user_agent == "Phone"))
    theirs = db.session.scalar(select(UserSession).where(UserSession.user_agent == "ADC's PC"))
    form = {"csrf_token": csrf_token(client, "/account/sessions")}

    refused = client.post(f"/account/sessions/{theirs.id}/end", data=form)
    assert refused.status_code == 404
    assert client.post(f"/account/sessions/{mine.id}/end", data={}).status_code == 400
    db.session.expire_all()
    assert db.session.get(UserSession, mine.id).ended_at is None

    assert client.post(f"/account/sessions/{mine.id}/end", data=form).status_code == 303
    assert client.post(f"/account/sessions/{mine.id}/end", data=form).status_code == 303
    db.session.expire_all()
    assert db.session.get(UserSession, mine.id).ended_at is not None
    assert db.session.get(UserSession, theirs.id).ended_at is None
    assert _audited("session.end") == 1
    assert client.get("/inbox").status_code == 200  # this session lives on
