"""Movement rules, called directly."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from eoffice import policy
from eoffice.clock import today
from eoffice.errors import Conflict, NotAllowed, NotFound, WorkflowError
from eoffice.extensions import db
from eoffice.models import Movement, Receipt
from eoffice.movement import services
from tests.factories import make_file, make_receipt, make_user


def sends_of(item):
    column = Movement.efile_id if item.kind == "file" else Movement.receipt_id
    # in the order they were recorded: without ORDER BY the database may return any order
    return db.session.scalars(select(Movement).where(column == item.id, Movement.action == "send")
                              .order_by(Movement.id)).all()


def test_pull_back_before_opening_and_not_after(org):
    users, posts = org["users"], org["posts"]
    receipt = make_receipt(users["cru.srinagar"])
    services.send(users["cru.srinagar"], receipt, [posts["so"].id])
    db.session.commit()
    services.pull_back(users["cru.srinagar"], receipt)
    db.session.commit()
    assert receipt.holder_post_id == posts["cru"].id
    services.send(users["cru.srinagar"], receipt, [posts["so"].id])
    db.session.commit()
    assert services.open_item(users["so.srinagar"], receipt)
    db.session.commit()
    with pytest.raises(Conflict):
        services.pull_back(users["cru.srinagar"], receipt)
    db.session.rollback()
    assert receipt.holder_post_id == posts["so"].id


def test_stale_version_is_a_conflict_and_history_has_one_send(org):
    users, posts = org["users"], org["posts"]
    efile = make_file(users["so.srinagar"])
    version = efile.version
    services.send(users["so.srinagar"], efile, [posts["adc"].id], expected_version=version)
    db.session.commit()
    with pytest.raises(Conflict):
        services.send(users["so.srinagar"], efile, [posts["dc"].id], expected_version=version)
    db.session.rollback()
    with pytest.raises(Conflict):  # no version given: the sender no longer holds it
        services.send(users["so.srinagar"], efile, [posts["dc"].id])
    db.session.rollback()
    assert len(sends_of(efile)) == 1


def test_only_the_holder_sends_and_outsiders_get_not_found(org):
    users, posts = org["users"], org["posts"]
    efile = make_file(users["so.srinagar"])
    with pytest.raises(NotFound):
        services.send(users["dc.jammu"], efile, [posts["dc_jammu"].id])
    db.session.rollback()
    with pytest.raises(WorkflowError):
        services.send(users["so.srinagar"], efile, [posts["adc"].id, posts["dc"].id])
    db.session.rollback()
    with pytest.raises(WorkflowError):
        services.send(users["so.srinagar"], efile, [posts["so"].id])
    db.session.rollback()
    with pytest.raises(WorkflowError):
        services.send(users["so.srinagar"], efile, [posts["adc"].id],
                      due_on=today() - timedelta(days=1))


def test_receipt_to_several_posts_makes_copies(org):
    users, posts = org["users"], org["posts"]
    receipt = make_receipt(users["cru.srinagar"])
    services.send(users["cru.srinagar"], receipt, [posts["so"].id, posts["adc"].id,
                                                    posts["tehsildar"].id])
    db.session.commit()
    copies = db.session.scalars(select(Receipt).where(Receipt.copy_of_id == receipt.id)).all()
    assert sorted(c.holder_post_id for c in copies) == sorted([posts["adc"].id,
                                                               posts["tehsildar"].id])
    assert receipt.holder_post_id == posts["so"].id
    assert {c.diary_no for c in copies} == {receipt.diary_no + "-C1", receipt.diary_no + "-C2"}
    tehsildar_copy = next(c for c in copies if c.holder_post_id == posts["tehsildar"].id)
    assert policy.can_view(users["tehsildar.khanyar"], tehsildar_copy)
    assert not policy.can_view(users["tehsildar.khanyar"], receipt)


def test_park_unpark_close_reopen(org):
    users, posts = org["users"], org["posts"]
    so = users["so.srinagar"]
    efile = make_file(so)
    services.park(so, efile, "awaiting report")
    assert efile.status == "parked"
    services.unpark(so, efile)
    db.session.commit()
    assert efile.status == "active"
    with pytest.raises(WorkflowError):
        services.close(so, efile, "  ")
    db.session.rollback()
    services.send(so, efile, [posts["adc"].id])
    db.session.commit()
    with pytest.raises(NotAllowed):  # the ADC holds it but did not create it
        services.close(users["adc.srinagar"], efile, "done")
    db.session.rollback()
    services.send(users["adc.srinagar"], efile, [posts["so"].id])
    services.close(so, efile, "Matter settled")
    db.session.commit()
    assert efile.status == "closed" and efile.close_reason == "Matter settled"
    with pytest.raises(WorkflowError):
        services.send(so, efile, [posts["adc"].id])
    db.session.rollback()
    services.reopen(so, efile)
    db.session.commit()
    assert efile.status == "active" and efile.closed_at is None
    actions = [m.action for m in db.session.scalars(
        select(Movement).where(Movement.efile_id == efile.id).order_by(Movement.id))]
    assert actions == ["create", "park", "unpark", "send", "send", "close", "reopen"]


def test_visibility_rules(org):
    users, posts = org["users"], org["posts"]
    so = users["so.srinagar"]
    normal = make_file(so)
    secret = make_file(so, subject="Vigilance matter", grading="confidential")
    for efile in (normal, secret):
        services.send(so, efile, [posts["adc"].id])
    db.session.commit()
    assert policy.can_view(users["adc.srinagar"], secret)  # on its trail
    assert policy.can_view(so, secret)  # passed through
    assert policy.can_view(users["dc.srinagar"], normal)  # oversight of the district
    assert not policy.can_view(users["dc.srinagar"], secret)  # restricted: trail only
    assert policy.can_view(users["cs.it"], normal)  # UT oversight sees all
    assert not policy.can_view(users["cs.it"], secret)
    assert not policy.can_view(users["dc.jammu"], normal)
    assert not policy.can_view(users["tehsildar.khanyar"], normal)
    assert not policy.can_send(users["dc.srinagar"], normal)  # oversight is read-only


def test_additional_charge_shows_both_posts_and_records_who_acted(org):
    users, posts = org["users"], org["posts"]
    adc = users["adc.srinagar"]
    from eoffice.models import PostHolding

    db.session.add(PostHolding(user=adc, post=posts["dc"], kind="additional",
                               starts_on=date(2026, 1, 1)))
    db.session.commit()
    efile = make_file(users["so.srinagar"])
    services.send(users["so.srinagar"], efile, [posts["dc"].id])
    db.session.commit()
    assert policy.holds(adc, efile)
    services.send(adc, efile, [posts["so"].id], remarks="Approved")
    db.session.commit()
    first, last = sends_of(efile)
    assert (first.by_post_id, first.by_user_id) == (posts["so"].id, users["so.srinagar"].id)
    assert (last.by_post_id, last.by_user_id) == (posts["dc"].id, adc.id)


def test_expired_delegation_no_longer_counts(org):
    posts = org["posts"]
    deputy = make_user("deputy.srinagar", posts["dc"], kind="delegation",
                       starts_on=date(2025, 1, 1), ends_on=date(2025, 2, 1))
    db.session.commit()
    assert posts["dc"].id not in policy.held_post_ids(deputy)


def test_oversight_may_read_but_not_act(org):
    users, posts = org["users"], org["posts"]
    efile = make_file(users["so.srinagar"])
    with pytest.raises(NotAllowed):
        services.send(users["dc.srinagar"], efile, [posts["adc"].id])


def test_a_file_history_names_its_receipts_by_diary_number_not_database_id(app, org):
    from eoffice.dak.services import put_in_file
    from tests.conftest import login

    users = org["users"]
    so = users["so.srinagar"]
    receipt = make_receipt(so, subject="Letter from the Tehsildar")
    efile = make_file(so)
    put_in_file(so, receipt, efile)
    db.session.commit()
    client = app.test_client()
    login(client, "so.srinagar")
    for page in (f"/files/{efile.id}/history", f"/files/{efile.id}"):
        html = client.get(page).get_data(as_text=True)
        assert f"receipt {receipt.diary_no}" in html and f"receipt {receipt.id}<" not in html


def test_the_send_form_suggests_no_abolished_post(org):
    """A post that no longer exists is not offered, since sending to it is refused."""
    from eoffice.movement import addressbook

    posts = org["posts"]
    posts["adc"].active = False  # the SO's reporting officer's post is abolished
    db.session.commit()
    suggested = addressbook.suggested_posts(posts["so"])
    assert posts["adc"] not in suggested and posts["dc"] in suggested
    with pytest.raises(WorkflowError):
        services.send(org["users"]["so.srinagar"], make_file(org["users"]["so.srinagar"]),
                      [posts["adc"].id])
