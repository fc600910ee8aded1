"""Who holds which post: regular, additional charge and delegation."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from eoffice.admin import services
from eoffice.clock import today
from eoffice.errors import WorkflowError
from eoffice.extensions import db
from eoffice.models import PostHolding
from tests.admin.conftest import audited, submit


def holdings_of(user, post):
    return db.session.scalars(select(PostHolding).where(PostHolding.user_id == user.id,
                                                        PostHolding.post_id == post.id)).all()


def test_additional_charge_shows_in_current_posts(admin, org):
    adc_user, so_post = org["users"]["adc.srinagar"], org["posts"]["so"]
    url = f"/admin/holdings/new?user={adc_user.id}&post={so_post.id}"
    page = admin.get(url).get_data(as_text=True)
    assert 'value="adc.srinagar"' in page and f'value="{so_post.id}: SO (Gen) Srinagar"' in page
    response = submit(admin, "/admin/holdings/new",
                      {"user": "adc.srinagar", "post": str(so_post.id), "kind": "additional",
                       "starts_on": today().isoformat()})
    assert response.status_code == 303
    db.session.expire_all()
    assert so_post in adc_user.current_posts()
    holding = holdings_of(adc_user, so_post)[0]
    assert holding.kind == "additional" and audited("holding.create", holding)
    listing = admin.get(f"/admin/holdings?user={adc_user.id}").get_data(as_text=True)
    assert "Additional charge" in listing


def test_end_a_holding(admin, org):
    so_user, so_post = org["users"]["so.srinagar"], org["posts"]["so"]
    holding = holdings_of(so_user, so_post)[0]
    before = submit(admin, f"/admin/holdings/{holding.id}/end", {"ends_on": "2024-12-31"})
    assert before.status_code == 422 and 'id="ends_on-error"' in before.get_data(as_text=True)
    yesterday = today() - timedelta(days=1)
    response = submit(admin, f"/admin/holdings/{holding.id}/end",
                      {"ends_on": yesterday.isoformat()})
    assert response.status_code == 303
    db.session.expire_all()
    assert holding.ends_on == yesterday and so_post not in so_user.current_posts()
    assert audited("holding.end", holding)
    assert db.session.get(PostHolding, holding.id) is not None  # ended, never deleted
    again = submit(admin, f"/admin/holdings/{holding.id}/end", {"ends_on": today().isoformat()})
    assert again.status_code == 422 and "already ended" in again.get_data(as_text=True)


def test_end_before_start_is_refused(admin, org):
    response = submit(admin, "/admin/holdings/new",
                      {"user": "dc.jammu", "post": "ADC Srinagar", "kind": "additional",
                       "starts_on": "2026-03-01", "ends_on": "2026-02-01"})
    assert response.status_code == 422
    assert "before the start date" in response.get_data(as_text=True)


def test_a_post_has_one_regular_holder_at_a_time(it_admin, org):
    users, so_post = org["users"], org["posts"]["so"]
    with pytest.raises(WorkflowError, match="End that holding first"):
        services.assign_post(it_admin, users["dc.jammu"], so_post, "regular", date(2026, 1, 1))
    with pytest.raises(WorkflowError, match="already holds this post"):
        services.assign_post(it_admin, users["so.srinagar"], so_post, "additional",
                             date(2026, 2, 1))


def test_delegation_comes_from_a_holder(it_admin, org):
    users, so_post = org["users"], org["posts"]["so"]
    with pytest.raises(WorkflowError) as error:
        services.assign_post(it_admin, users["cru.srinagar"], so_post, "delegation", today())
    assert error.value.fields == {"delegated_by": "required"}
    with pytest.raises(WorkflowError, match="does not hold this post"):
        services.assign_post(it_admin, users["cru.srinagar"], so_post, "delegation", today(),
                             delegated_by=users["dc.jammu"])
    holding = services.assign_post(it_admin, users["cru.srinagar"], so_post, "delegation", today(),
                                   today() + timedelta(days=7), delegated_by=users["so.srinagar"])
    assert holding.delegated_by is users["so.srinagar"]
    assert so_post in users["cru.srinagar"].current_posts()


def test_retired_user_cannot_be_given_a_post(it_admin, org):
    retired = org["users"]["dc.jammu"]
    retired.active = False
    with pytest.raises(WorkflowError) as error:
        services.assign_post(it_admin, retired, org["posts"]["adc"], "additional", today())
    assert error.value.fields == {"user": "retired"}
