"""A district head reads within their district because of the district-head post, not
because of every post they hold: an additional charge of a UT-level post does not
spread their read scope to every district (nor their dashboards)."""
from datetime import date

from eoffice import policy
from eoffice.extensions import db
from eoffice.models import PostHolding
from tests.conftest import login
from tests.factories import make_file, make_receipt


def test_an_additional_charge_does_not_widen_a_district_heads_oversight(client, org):
    dc_jammu = org["users"]["dc.jammu"]
    srinagar_file = make_file(org["users"]["so.srinagar"], subject="Srinagar's own business")
    srinagar_receipt = make_receipt(org["users"]["so.srinagar"], subject="Srinagar's letter")
    ut_post = org["users"]["cs.it"].holdings[0].post
    db.session.add(PostHolding(user=dc_jammu, post=ut_post, kind="additional",
                               starts_on=date(2025, 1, 1)))
    db.session.commit()
    db.session.expire_all()
    assert not policy.can_view(dc_jammu, srinagar_file)
    assert not policy.can_view(dc_jammu, srinagar_receipt)
    assert policy.oversight_paths(dc_jammu) == (org["units"]["jammu"].path,)
    login(client, "dc.jammu")
    assert client.get(f"/files/{srinagar_file.id}").status_code == 404
    assert client.get("/dashboard/SGR").status_code == 404
    assert client.get("/dashboard/JMU").status_code == 200


def test_the_district_head_post_still_gives_the_district(org):
    srinagar_file = make_file(org["users"]["so.srinagar"], subject="Srinagar's own business")
    assert policy.can_view(org["users"]["dc.srinagar"], srinagar_file)
    assert not policy.can_view(org["users"]["dc.jammu"], srinagar_file)
