"""Bad values in a button's form or a page's query string: a clear answer, never a 500,
and nothing changed. The buttons answer through forms.press/refused, the filters through
forms.QueryForm and forms.query_value."""
import pytest
from sqlalchemy import func, select

from eoffice.extensions import db
from eoffice.models import CorrespondencePage, Receipt
from eoffice.movement.services import send
from tests.conftest import csrf_token, login
from tests.factories import make_file, make_receipt

HUGE = "9" * 30


def test_putting_a_receipt_into_no_file_or_a_bad_one_is_refused(client, org):
    users = org["users"]
    receipt = make_receipt(users["cru.srinagar"])
    send(users["cru.srinagar"], receipt, [org["posts"]["so"].id])
    db.session.commit()
    make_file(users["so.srinagar"], subject="Where receipts go")
    login(client, "so.srinagar")
    token = csrf_token(client, f"/receipts/{receipt.id}")
    for chosen, status, message in (
            ({}, 422, "Choose a file."),
            ({"efile_id": ""}, 422, "Choose a file."),
            ({"efile_id": "seven"}, 422, "Invalid Choice: could not coerce."),
            ({"efile_id": HUGE}, 422, "Invalid Choice: could not coerce."),
            ({"efile_id": "2147483000"}, 404, "This page does not exist")):
        answer = client.post(f"/receipts/{receipt.id}/put-in-file",
                             data={"csrf_token": token, "version": receipt.version, **chosen})
        assert answer.status_code == status, chosen
        assert message in answer.get_data(as_text=True), chosen
    db.session.expire_all()
    assert db.session.get(Receipt, receipt.id).holder_post_id == org["posts"]["so"].id
    assert db.session.scalar(select(func.count()).select_from(CorrespondencePage)) == 0


@pytest.mark.parametrize("user, url", [
    ("so.srinagar", f"/inbox?view=bogus&page=x&post={HUGE}&sort=none&priority=%00"),
    ("so.srinagar", f"/inbox?view=sent&page={HUGE}"),
    ("so.srinagar", f"/search?q=land&page=-3&office={HUGE}"),
    ("so.srinagar", f"/posts/search?q={'a' * 300}&multiple=yes"),
    ("so.srinagar", f"/dispatch?office=x&page=zz&date_from=31-02-2026&mode={HUGE}"),
    ("cru.srinagar", f"/receipts/new?sender_from={HUGE}"),
    ("cru.srinagar", "/receipts/new?sender_from=-4"),
    ("admin", f"/admin/users?role=bogus&status=gone&page={HUGE}&q={'x' * 200}"),
    ("admin", "/admin/holdings?user=nobody&post=x&kind=z"),
    ("admin", "/admin/holdings/new?user=x&post=-1"),
    ("cs.it", f"/reports/proposals?department=abc&district=ZZZ&status=x&page={HUGE}"),
    ("cs.it", "/reports/monthly?month=2026-13"),
    ("cs.it", f"/audit/?object_id=x&before={HUGE}&from=99-99-9999&user={'u' * 100}"),
    ("cs.it", "/dashboard?sort=bogus&dir=sideways"),
])
def test_a_bad_query_string_is_answered_without_a_failure(client, org, user, url):
    login(client, user)
    answer = client.get(url)
    assert answer.status_code in (200, 303, 422), answer.status_code
    assert "Something went wrong on our side" not in answer.get_data(as_text=True)


def test_a_filter_refused_is_said_beside_it_and_left_out(client, org):
    login(client, "admin")
    page = client.get(f"/admin/users?q={'x' * 101}&role=so")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Field cannot be longer than 100 characters." in text
    assert "so.srinagar" in text  # the search left out: every user listed
