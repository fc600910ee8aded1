"""The bearer token, its user, roles and posts read as plain rows and made into the
ORM's objects (auth/session_rows.py, as a session row is): the same objects an ORM query
gives, and every refusal as strict as before, from a request whose session holds
nothing yet (as every request in a server starts)."""
from datetime import date, timedelta

from sqlalchemy import inspect, select, update
from sqlalchemy.orm import joinedload

from eoffice.clock import utcnow
from eoffice.extensions import db
from eoffice.models import ApiToken, PostHolding, User, UserRole
from eoffice.tokens.services import resolve, token_digest
from tests.api.conftest import personal_token, service_token
from tests.auth.test_session_load import described

ORM_LOAD = (select(ApiToken).options(
    joinedload(ApiToken.user).joinedload(User.holdings).joinedload(PostHolding.post),
    joinedload(ApiToken.user).joinedload(User.role_rows)))


def _fresh_resolve(raw, app):
    db.session.commit()
    db.session.expunge_all()
    with app.test_request_context():
        return resolve(raw)


def test_rows_make_the_objects_an_orm_query_makes(app, org):
    so = db.session.scalar(select(User).filter_by(username="so.srinagar"))
    db.session.add(PostHolding(user=so, post=org["posts"]["cru"], kind="additional",
                               starts_on=date(2024, 1, 1), ends_on=date(2024, 6, 30)))
    db.session.add(UserRole(user_id=so.id, role="diarist"))
    raw = personal_token("so.srinagar")
    _fresh_resolve(raw, app)  # notes its use: the next one writes nothing
    db.session.commit()
    db.session.expunge_all()
    expected = described(db.session.scalars(ORM_LOAD.where(
        ApiToken.token_hash == token_digest(raw))).unique().one())
    made = _fresh_resolve(raw, app)
    assert described(made) == expected
    assert len(made.user.holdings) == 2 and made.user.roles == {"official", "diarist"}
    for obj in (made, made.user, *made.user.role_rows, *made.user.holdings,
                *(holding.post for holding in made.user.holdings)):
        state = inspect(obj)
        assert state.persistent and not state.modified and not state.expired_attributes
    assert db.session.get(User, made.user.id) is made.user
    assert made.user.holdings[0].post.office.code == "DC-SGR"


def test_a_service_token_still_knows_its_offices(app, org):
    made = _fresh_resolve(service_token("eunnat", ("DC-SGR",)), app)
    assert made.is_service and [office.code for office in made.offices] == ["DC-SGR"]


def test_revoked_expired_unknown_and_deactivated_tokens_resolve_to_nothing(app, org):
    raw = personal_token("so.srinagar")
    assert _fresh_resolve(raw, app) is not None
    assert _fresh_resolve(raw[:-1] + ("A" if raw[-1] != "A" else "B"), app) is None
    db.session.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert _fresh_resolve(raw, app) is None
    db.session.execute(update(ApiToken).values(expires_at=None, revoked_at=utcnow()))
    assert _fresh_resolve(raw, app) is None
    db.session.execute(update(ApiToken).values(revoked_at=None))
    assert _fresh_resolve(raw, app) is not None
    db.session.execute(update(User).where(User.username == "so.srinagar").values(active=False))
    assert _fresh_resolve(raw, app) is None
