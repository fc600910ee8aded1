"""Read-only oversight comes from the post, not from the person: a district head's post
gives its district, a UT oversight post everything, whoever holds them (also by
additional charge, while it lasts); no other post the person holds, no role and no
district-level office widens what they read: not items, search, dashboards nor the API."""
from datetime import date, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from eoffice import policy
from eoffice.clock import today
from eoffice.extensions import db
from eoffice.models import Post, PostHolding, User, UserRole
from tests.api.conftest import Api, personal_token
from tests.conftest import login
from tests.factories import make_file, make_post, make_receipt, make_user

SUBJECT = "Srinagar ferry ghat repairs"


def srinagar_items(org):
    so = org["users"]["so.srinagar"]
    return make_file(so, subject=SUBJECT), make_receipt(so, subject=SUBJECT)


def give_charge(user, post, kind="additional", ends_on=None):
    db.session.add(PostHolding(user=user, post=post, kind=kind, starts_on=date(2025, 1, 1),
                               ends_on=ends_on))
    db.session.commit()
    db.session.expire_all()


def reads_nothing_of_srinagar(client, app, username, efile, receipt):
    """Everything an oversight reader could reach Srinagar's open items by, refused."""
    user = db.session.scalar(db.select(User).where(User.username == username))
    assert not policy.can_view(user, efile) and not policy.can_view(user, receipt)
    login(client, username)
    assert client.get(f"/files/{efile.id}").status_code == 404
    assert client.get(f"/receipts/{receipt.id}").status_code == 404
    assert client.get("/dashboard/SGR").status_code == 404
    assert client.get("/dashboard/JK").status_code == 404
    found = client.get("/search?q=ferry").get_data(as_text=True)
    assert "<h1>Search</h1>" in found
    assert f'href="/files/{efile.id}"' not in found
    assert f'href="/receipts/{receipt.id}"' not in found
    api = Api(app.test_client(), personal_token(username))
    assert api.get(f"/api/v1/files/{efile.id}").status_code == 404
    assert api.get(f"/api/v1/receipts/{receipt.id}").status_code == 404
    assert api.get("/api/v1/stats/adoption?unit=SGR").status_code == 404
    assert not api_search_finds(app, username, receipt)


def test_a_charge_of_a_ut_level_post_without_oversight_widens_nothing(client, app, org):
    efile, receipt = srinagar_items(org)
    ut_desk = make_post(org["posts"]["cs"].office, "SO (e-Gov)")  # UT-level, no oversight
    give_charge(org["users"]["dc.jammu"], ut_desk)
    assert policy.oversight_paths(org["users"]["dc.jammu"]) == (org["units"]["jammu"].path,)
    reads_nothing_of_srinagar(client, app, "dc.jammu", efile, receipt)
    assert client.get("/dashboard/JMU").status_code == 200  # the DC Jammu post still does


def test_a_charge_of_a_district_post_that_is_not_the_heads_gives_no_oversight(client, app, org):
    """ADC Srinagar is a district-level post in the DC's own office: holding it lets
    dc.jammu work its items, not read the district's."""
    efile, receipt = srinagar_items(org)
    give_charge(org["users"]["dc.jammu"], org["posts"]["adc"])
    assert policy.oversight_paths(org["users"]["dc.jammu"]) == (org["units"]["jammu"].path,)
    reads_nothing_of_srinagar(client, app, "dc.jammu", efile, receipt)


def test_the_district_head_role_in_a_non_head_post_gives_no_oversight(client, app, org):
    efile, receipt = srinagar_items(org)
    adc = org["users"]["adc.srinagar"]
    db.session.add(UserRole(user_id=adc.id, role="district_head"))
    db.session.commit()
    assert policy.oversight_paths(adc) == ()
    reads_nothing_of_srinagar(client, app, "adc.srinagar", efile, receipt)


def test_the_ut_oversight_role_without_its_post_gives_no_oversight(client, app, org):
    efile, receipt = srinagar_items(org)
    make_user("auditor", org["posts"]["tehsildar"], roles=("official", "ut_oversight"),
              kind="additional")
    db.session.commit()
    reads_nothing_of_srinagar(client, app, "auditor", efile, receipt)


def api_search_finds(app, username, item):
    api = Api(app.test_client(), personal_token(username))
    return (item.kind, item.id) in {(hit["item"]["kind"], hit["item"]["id"]) for hit in
                                    api.get("/api/v1/search?q=ferry").get_json()["items"]}


def test_the_head_post_gives_its_district_to_whoever_holds_it_while_it_lasts(client, app, org):
    efile, receipt = srinagar_items(org)
    dc_jammu = org["users"]["dc.jammu"]
    assert policy.can_view(org["users"]["dc.srinagar"], efile)
    assert not policy.can_view(dc_jammu, efile)
    give_charge(dc_jammu, org["posts"]["dc"])  # DC Srinagar on leave: Jammu's DC holds charge
    assert policy.oversight_paths(dc_jammu) == tuple(sorted(
        (org["units"]["jammu"].path, org["units"]["srinagar"].path)))
    assert policy.can_view(dc_jammu, efile) and policy.can_view(dc_jammu, receipt)
    login(client, "dc.jammu")
    assert client.get("/dashboard/SGR").status_code == 200
    assert client.get("/dashboard/JK").status_code == 404
    assert f'href="/files/{efile.id}"' in client.get("/search?q=ferry").get_data(as_text=True)
    assert api_search_finds(app, "dc.jammu", receipt)
    assert app.test_client().get(f"/api/v1/files/{efile.id}", headers={
        "Authorization": f"Bearer {personal_token('dc.jammu')}"}).status_code == 200
    holding = db.session.scalar(db.select(PostHolding).where(
        PostHolding.user_id == dc_jammu.id, PostHolding.post_id == org["posts"]["dc"].id))
    holding.ends_on = today() - timedelta(days=1)  # the charge is over
    db.session.commit()
    db.session.expire_all()
    assert not policy.can_view(dc_jammu, efile)
    assert client.get("/dashboard/SGR").status_code == 404
    assert client.get(f"/files/{efile.id}").status_code == 404
    assert f'href="/files/{efile.id}"' not in client.get("/search?q=ferry").get_data(as_text=True)
    assert not api_search_finds(app, "dc.jammu", receipt)


def test_a_ut_oversight_post_held_by_charge_reads_the_ut_but_no_confidential_item(client, org):
    so = org["users"]["so.srinagar"]
    open_file = make_file(so, subject=SUBJECT)
    secret = make_file(so, subject="Sealed tender", grading="confidential")
    give_charge(org["users"]["dc.jammu"], org["posts"]["cs"])
    assert policy.oversight_paths(org["users"]["dc.jammu"]) == ("/",)
    assert policy.can_view(org["users"]["dc.jammu"], open_file)
    assert not policy.can_view(org["users"]["dc.jammu"], secret)
    login(client, "dc.jammu")
    assert client.get("/dashboard/SGR").status_code == 200
    assert client.get(f"/files/{secret.id}").status_code == 404


def test_only_the_head_post_submits_the_monthly_report(org):
    srinagar = org["units"]["srinagar"]
    dc_jammu = org["users"]["dc.jammu"]
    give_charge(dc_jammu, org["posts"]["adc"])
    assert not policy.can_submit_monthly_report(dc_jammu, srinagar)
    assert policy.can_submit_monthly_report(org["users"]["dc.srinagar"], srinagar)
    assert not policy.can_submit_monthly_report(org["users"]["cs.it"], srinagar)


def test_posts_oversee_only_what_the_database_allows(org):
    """The CHECK holds even for writes that bypass the admin form."""
    post = db.session.get(Post, org["posts"]["so"].id)
    post.oversight = "division"  # no such scope (a divisional oversight is not modelled)
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
