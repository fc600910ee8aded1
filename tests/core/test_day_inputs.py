"""Dates are typed and shown DD-MM-YYYY in every language: the day boxes are text, not
the browser's date input (which shows its own mm/dd/yyyy), and also take YYYY-MM-DD."""
from datetime import date, datetime

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from eoffice.clock import travel_to
from eoffice.extensions import db
from eoffice.forms import DayField, Form
from eoffice.inputs import calendar_day
from eoffice.models import User
from tests.conftest import login


class DayForm(Form):
    class Meta:
        csrf = False

    day = DayField("Day")


@pytest.mark.parametrize("typed, day", [
    ("31-01-2026", date(2026, 1, 31)), ("2026-01-31", date(2026, 1, 31)),
    (" 1-2-2026 ", date(2026, 2, 1)), ("01/02/2026", date(2026, 2, 1)), ("", None)])
def test_a_day_box_reads_day_month_year_and_iso(app, typed, day):
    with app.test_request_context():
        form = DayForm(MultiDict({"day": typed}))
        assert form.validate() and form.day.data == day
        assert calendar_day(typed) == day


@pytest.mark.parametrize("typed", ["01/31/2026", "31-02-2026", "2026-13-01", "tomorrow",
                                   "31-01-1850", "1-1-99999"])
def test_a_day_box_refuses_what_is_no_day_and_says_how_to_write_one(app, typed):
    with app.test_request_context():
        form = DayForm(MultiDict({"day": typed}))
        assert not form.validate()
        assert "DD-MM-YYYY" in form.day.errors[0]


@pytest.mark.parametrize("language, placeholder", [
    ("en", "DD-MM-YYYY"), ("hi", "दिन-माह-वर्ष"), ("ur", "دن-مہینہ-سال")])
def test_the_dak_form_shows_its_dates_day_month_year_in_every_language(app, client, org,
                                                                       language, placeholder):
    db.session.scalar(select(User).filter_by(username="cru.srinagar")).language = language
    db.session.commit()
    with travel_to(datetime(2026, 11, 26, 20, 0)):  # 27-11-2026 in the office
        login(client, "cru.srinagar")
        form = client.get("/receipts/new").get_data(as_text=True)
    box = form[form.index('name="received_on"') - 300:form.index('name="received_on"') + 300]
    assert 'type="text"' in box and 'value="27-11-2026"' in box
    assert f'placeholder="{placeholder}"' in box
    assert 'type="date"' not in form


def test_the_dispatch_register_filters_by_a_day_typed_day_month_year(app, client, org):
    login(client, "adc.srinagar")
    page = client.get("/dispatch?date_from=05-10-2026&date_to=2026-10-31")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'value="05-10-2026"' in html and 'value="31-10-2026"' in html


@pytest.mark.parametrize("language, post, position", [("hi", "डाक", "पद"), ("ur", "ڈاک", "عہدہ")])
def test_the_dak_form_says_post_the_mail_not_post_the_position(app, client, org, language,
                                                               post, position):
    db.session.scalar(select(User).filter_by(username="cru.srinagar")).language = language
    db.session.commit()
    login(client, "cru.srinagar")
    form = client.get("/receipts/new").get_data(as_text=True)
    assert f'value="post">{post}</option>' in form
    assert f'value="post">{position}</option>' not in form
