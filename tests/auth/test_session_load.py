"""The session row, its user, roles and posts read as plain rows and made into the ORM's
objects (auth/session_rows.py): the same objects an ORM query gives, and every check on
them as strict as before. A server's request starts with nothing loaded in its session;
tests share one with the app, so each request here is made from an empty one (`fresh`),
and one with everything held, expired, as after a commit."""
from datetime import date, timedelta

from sqlalchemy import delete, inspect, select, update
from sqlalchemy.orm import joinedload

from eoffice.auth.services import _digest
from eoffice.auth.session_rows import load_session_row
from eoffice.clock import utcnow
from eoffice.extensions import db
from eoffice.models import PostHolding, User, UserRole, UserSession
from tests.conftest import csrf_from, login
from tests.factories import PASSWORD

ORM_LOAD = (select(UserSession).options(
    joinedload(UserSession.user).joinedload(User.holdings).joinedload(PostHolding.post),
    joinedload(UserSession.user).joinedload(User.role_rows)))


def fresh(client, path, method="get", **kwargs):
    """A request whose session holds nothing yet, as every request in a server starts."""
    db.session.commit()
    db.session.expunge_all()
    return getattr(client, method)(path, **kwargs)


def _signed_in(client, username):
    """Signs in; the new session row's id."""
    assert login(client, username).status_code == 303
    return db.session.scalars(select(UserSession.id).join(User)
                              .where(User.username == username)
                              .order_by(UserSession.id)).all()[-1]


def _user_id(username):
    return db.session.scalar(select(User.id).filter_by(username=username))


def described(session_row):
    """A session row or API token, its user, roles, holdings and posts, as plain values."""
    user = session_row.user
    return ({column.key: getattr(session_row, column.key)
             for column in type(session_row).__table__.c},
            {column.key: getattr(user, column.key) for column in User.__table__.c},
            sorted(user.roles),
            sorted((h.id, h.kind, h.starts_on, h.ends_on, h.post.id, h.post.label)
                   for h in user.holdings),
            [p.label for p in user.current_posts()])


def test_rows_make_the_objects_an_orm_query_makes(app, client, org):
    holding_post = org["posts"]["cru"]
    so = db.session.scalar(select(User).filter_by(username="so.srinagar"))
    # a second, ended holding and a second role: rows multiply (roles x holdings)
    db.session.add(PostHolding(user=so, post=holding_post, kind="additional",
                               starts_on=date(2024, 1, 1), ends_on=date(2024, 6, 30)))
    db.session.add(UserRole(user_id=so.id, role="diarist"))
    digest = db.session.get(UserSession, _signed_in(client, "so.srinagar")).token_hash
    db.session.commit()
    db.session.expunge_all()
    expected = described(db.session.scalars(
        ORM_LOAD.where(UserSession.token_hash == digest)).unique().one())
    db.session.expunge_all()
    made = load_session_row(db.session(), digest)
    assert described(made) == expected
    assert len(made.user.holdings) == 2 and made.user.roles == {"official", "diarist"}
    for obj in (made, made.user, *made.user.role_rows, *made.user.holdings,
                *(h.post for h in made.user.holdings)):
        state = inspect(obj)
        assert state.persistent and not state.modified and not state.expired_attributes
    assert not db.session.dirty and not db.session.new
    # the user is the session's own: found by get, relationships load, changes are written
    assert db.session.get(User, made.user.id) is made.user
    assert made.user.holdings[0].post.office.code == "DC-SGR"
    made.user.language = "ur"
    db.session.commit()
    db.session.expunge_all()
    assert db.session.scalar(select(User.language).filter_by(username="so.srinagar")) == "ur"


def test_objects_the_session_holds_are_kept_and_filled_in(app, client, org):
    digest = db.session.get(UserSession, _signed_in(client, "so.srinagar")).token_hash
    user = db.session.scalar(select(User).filter_by(username="so.srinagar"))
    db.session.commit()  # everything held is expired
    db.session.execute(update(User).where(User.id == user.id).values(name="Renamed"))
    made = load_session_row(db.session(), digest)
    assert made.user is user and user.name == "Renamed"
    assert not inspect(user).expired_attributes
    user.name = "Changed here"  # a change not yet written stays
    assert load_session_row(db.session(), digest).user.name == "Changed here"
    assert load_session_row(db.session(), _digest("no such token")) is None


def test_a_fresh_request_serves_the_users_posts(app, client, org):
    _signed_in(client, "so.srinagar")
    page = fresh(client, "/inbox")
    assert page.status_code == 200
    assert "SO (Gen) Srinagar" in page.get_data(as_text=True)


def test_a_fresh_request_can_write_as_the_user(app, client, org):
    """current_user is assigned to relationships by services: a note by the user."""
    from eoffice.models import Note
    from tests.factories import make_file

    so = db.session.scalar(select(User).filter_by(username="so.srinagar"))
    file_id, so_id = make_file(so).id, so.id
    db.session.commit()
    _signed_in(client, "so.srinagar")
    page = fresh(client, f"/files/{file_id}")
    response = fresh(client, f"/files/{file_id}/notes", method="post",
                     data={"csrf_token": csrf_from(page.get_data(as_text=True)),
                           "body": "Put up for orders."})
    assert response.status_code in (200, 303)
    note = db.session.scalar(select(Note).where(Note.efile_id == file_id))
    assert note is not None and note.author_id == so_id


def test_a_logged_out_session_is_refused_in_a_fresh_request(app, client, org):
    _signed_in(client, "so.srinagar")
    cookie = client.get_cookie("session").value
    token = csrf_from(fresh(client, "/inbox").get_data(as_text=True))
    assert fresh(client, "/logout", method="post", data={"csrf_token": token}).status_code == 303
    replay = app.test_client()
    replay.set_cookie("session", cookie)
    assert fresh(replay, "/inbox").status_code == 302


def test_an_ended_session_is_refused_at_once(app, client, org):
    session_id = _signed_in(client, "so.srinagar")
    assert fresh(client, "/inbox").status_code == 200
    db.session.execute(update(UserSession).where(UserSession.id == session_id)
                       .values(ended_at=utcnow()))
    assert fresh(client, "/inbox").status_code == 302


def test_a_deactivated_user_is_signed_out_at_once(app, client, org):
    _signed_in(client, "so.srinagar")
    assert fresh(client, "/inbox").status_code == 200
    db.session.execute(update(User).where(User.username == "so.srinagar").values(active=False))
    response = fresh(client, "/inbox")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_idle_and_absolute_timeouts_hold_in_a_fresh_request(app, client, org):
    idle = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
    session_id = _signed_in(client, "so.srinagar")
    db.session.execute(update(UserSession).where(UserSession.id == session_id)
                       .values(last_seen_at=utcnow() - idle))
    assert fresh(client, "/inbox").status_code == 302
    assert db.session.get(UserSession, session_id).ended_at is not None
    session_id = _signed_in(client, "so.srinagar")
    old = timedelta(hours=app.config["SESSION_ABSOLUTE_HOURS"], minutes=1)
    db.session.execute(update(UserSession).where(UserSession.id == session_id)
                       .values(created_at=utcnow() - old))
    assert fresh(client, "/inbox").status_code == 302


def test_a_password_change_ends_the_users_other_sessions(app, client, org):
    other = app.test_client()
    _signed_in(other, "so.srinagar")
    _signed_in(client, "so.srinagar")
    assert fresh(other, "/inbox").status_code == 200
    token = csrf_from(fresh(client, "/password").get_data(as_text=True))
    new = "a long new passphrase"
    assert fresh(client, "/password", method="post",
                 data={"csrf_token": token, "current": PASSWORD, "new": new,
                       "confirm": new}).status_code == 303
    assert fresh(other, "/inbox").status_code == 302
    assert fresh(client, "/inbox").status_code == 200


def test_role_changes_take_effect_at_once(app, client, org):
    so_id = _user_id("so.srinagar")
    _signed_in(client, "so.srinagar")
    assert fresh(client, "/admin/").status_code == 404
    db.session.add(UserRole(user_id=so_id, role="it_admin"))
    assert fresh(client, "/admin/").status_code == 200
    db.session.execute(delete(UserRole).where(UserRole.user_id == so_id,
                                              UserRole.role == "it_admin"))
    assert fresh(client, "/admin/").status_code == 404


def test_an_ended_holding_takes_its_post_away_at_once(app, client, org):
    so_id = _user_id("so.srinagar")
    _signed_in(client, "so.srinagar")
    assert "SO (Gen) Srinagar" in fresh(client, "/inbox").get_data(as_text=True)
    db.session.execute(update(PostHolding).where(PostHolding.user_id == so_id)
                       .values(ends_on=date(2025, 1, 1) - timedelta(days=1)))
    assert "SO (Gen) Srinagar" not in fresh(client, "/inbox").get_data(as_text=True)
