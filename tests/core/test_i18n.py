from sqlalchemy import select

from eoffice.extensions import db
from eoffice.models import AuditEvent, User
from tests.conftest import csrf_from, login


def test_login_page_in_hindi_and_urdu(client, org):
    hindi = client.get("/login", headers={"Accept-Language": "hi"}).get_data(as_text=True)
    assert '<html lang="hi" dir="ltr">' in hindi
    assert "साइन इन" in hindi
    urdu = client.get("/login", headers={"Accept-Language": "ur"}).get_data(as_text=True)
    assert '<html lang="ur" dir="rtl">' in urdu
    assert "سائن ان" in urdu


def test_language_switch_is_kept_for_the_user(client, org):
    login(client, "so.srinagar")
    token = csrf_from(client.get("/inbox").get_data(as_text=True))
    response = client.post("/language", data={"csrf_token": token, "language": "ur"})
    assert response.status_code == 303
    assert 'dir="rtl"' in client.get("/inbox").get_data(as_text=True)
    user = db.session.query(User).filter_by(username="so.srinagar").one()
    assert user.language == "ur"
    event = db.session.scalars(select(AuditEvent).filter_by(action="user.language")).one()
    assert (event.object_type, event.object_id) == ("User", user.id), "not the LocalProxy"


def test_unknown_language_is_ignored(client, org):
    login(client, "so.srinagar")
    token = csrf_from(client.get("/inbox").get_data(as_text=True))
    client.post("/language", data={"csrf_token": token, "language": "xx"})
    assert '<html lang="en"' in client.get("/inbox").get_data(as_text=True)


def test_dates_stay_day_month_year_in_right_to_left_pages(app):
    from datetime import date

    from flask import g

    from eoffice.i18n import format_date

    with app.test_request_context(headers={"Accept-Language": "ur"}):
        shown = format_date(date(2026, 11, 3))
        assert shown == "\u206603-11-2026\u2069"  # an LTR run: no bidi reordering
    g.__dict__.clear()  # the test's app context outlives the request: forget its locale
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert format_date(date(2026, 11, 3)) == "03-11-2026"


def test_template_strings_keep_jinja_newstyle_rules(app):
    """Translated text is markup, the values put into it are escaped, and every string
    is a format string, as with Jinja's own newstyle gettext."""
    from flask import g, render_template_string

    g.__dict__.clear()
    with app.test_request_context(headers={"Accept-Language": "hi"}):
        shown = render_template_string(
            '{{ _("Inbox") }}|{{ _("File %(number)s", number="<b>") }}|{{ _("100%%") }}|'
            '{{ ngettext("%(num)d file", "%(num)d files", 2) }}')
    inbox, number, percent, plural = shown.split("|")
    assert inbox != "Inbox" and inbox.strip()  # Hindi, from the catalogue
    assert "&lt;b&gt;" in number and "<b>" not in number
    assert percent == "100%"
    assert plural.startswith("2")


def test_labels_follow_the_language_of_each_request(app):
    from flask import g, render_template_string

    source = "{{ labels.label(labels.STATUS, 'closed') }}"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert render_template_string(source) == "Closed"
    g.__dict__.clear()
    with app.test_request_context(headers={"Accept-Language": "ur"}):
        assert render_template_string(source) not in ("Closed", "")


def _choose_on_sign_in_page(client, language):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    client.post("/language", data={"csrf_token": token, "language": language})


def test_a_language_chosen_on_the_sign_in_page_becomes_the_profiles(client, org):
    user = db.session.query(User).filter_by(username="so.srinagar").one()
    assert user.language == "en"
    _choose_on_sign_in_page(client, "ur")
    assert login(client, "so.srinagar").status_code == 303
    assert '<html lang="ur" dir="rtl">' in client.get("/inbox").get_data(as_text=True)
    db.session.refresh(user)
    assert user.language == "ur"
    event = db.session.scalars(select(AuditEvent).filter_by(action="user.language")).one()
    assert event.object_id == user.id and "sign-in" in event.detail


def test_without_a_choice_on_the_sign_in_page_the_profile_language_stays(client, org):
    user = db.session.query(User).filter_by(username="so.srinagar").one()
    user.language = "hi"
    db.session.commit()
    assert login(client, "so.srinagar").status_code == 303  # browser asks for English
    assert '<html lang="hi"' in client.get("/inbox").get_data(as_text=True)
    db.session.refresh(user)
    assert user.language == "hi"


def test_a_failed_sign_in_changes_no_profile(client, org):
    _choose_on_sign_in_page(client, "ur")
    token = csrf_from(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"csrf_token": token, "username": "so.srinagar",
                                "password": "wrong password"})
    assert db.session.query(User).filter_by(username="so.srinagar").one().language == "en"
