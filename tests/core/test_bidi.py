"""Urdu pages keep numbers, ratios, codes and hashes left to right: each is isolated
(<bdi dir="ltr">), so the bidi algorithm cannot turn "4 / 8" into "8 / 4" or move a
file number's parts about."""
from sqlalchemy import select

from eoffice.extensions import db
from eoffice.i18n import ratio
from eoffice.models import User
from tests.factories import PASSWORD, make_file
from tests.notes.test_pages import signed_in


def _in_urdu(app, username):
    db.session.scalar(select(User).filter_by(username=username)).language = "ur"
    db.session.commit()
    return signed_in(app, username)


def test_a_ratio_is_one_left_to_right_run_in_its_order(app):
    with app.test_request_context(headers={"Accept-Language": "ur"}):
        assert str(ratio(4, 8)) == '<bdi dir="ltr">4 / 8</bdi>'
        assert str(ratio(1234567, 8)) == '<bdi dir="ltr">1,234,567 / 8</bdi>'


def test_the_reporting_overview_isolates_its_ratios_in_urdu(app, org):
    page = _in_urdu(app, "dc.srinagar").get("/reports/").get_data(as_text=True)
    assert 'dir="rtl"' in page
    assert page.count('<bdi dir="ltr">') >= 2  # tehsils covered, offices flagged
    assert '<bdi dir="ltr">0 / 1</bdi>' in page  # Khanyar: no workshop yet


def test_a_notes_signature_line_keeps_its_parts_apart_in_urdu(app, org):
    from eoffice.notes import services as noting
    so = org["users"]["so.srinagar"]
    efile = make_file(so)
    noting.add_note(so, efile, "<p>Put up for orders.</p>")
    noting.sign_and_send(so, efile, PASSWORD, to_post_ids=[org["posts"]["adc"].id])
    db.session.commit()
    page = _in_urdu(app, "adc.srinagar").get(f"/files/{efile.id}").get_data(as_text=True)
    line = page[page.index('class="note-sign"'):]
    line = line[:line.index("</p>")]
    assert line.count("<bdi") >= 3  # who signed, when, the hash
    assert '<bdi dir="ltr">' in line[line.index('class="hash"'):]
    assert f'<bdi dir="ltr">{efile.file_no}</bdi>' in page
