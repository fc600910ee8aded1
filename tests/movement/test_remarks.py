"""Remarks the portal writes into the movement log are shown in each reader's language;
remarks typed by officials, and rows written before, are shown as they were stored."""
from flask import g
from sqlalchemy import select

from eoffice.dak.services import put_in_file
from eoffice.extensions import db
from eoffice.i18n import gettext
from eoffice.models import Movement, Receipt
from eoffice.movement import services
from tests.conftest import login
from tests.factories import make_file, make_receipt

URDU_TYPED = "تحصیلدار کی رپورٹ کا انتظار ہے"


def in_language(app, language, message, **values):
    g.__dict__.clear()
    with app.test_request_context(headers={"Accept-Language": language}):
        text = gettext(message, **values)
    g.__dict__.clear()
    return text


def test_system_remarks_follow_the_reader_and_typed_ones_stay_as_typed(app, client, org):
    users, posts = org["users"], org["posts"]
    so = users["so.srinagar"]
    efile = make_file(so, subject="Roads in Khanyar")
    receipt = make_receipt(so)
    g.__dict__.clear()
    with app.test_request_context(headers={"Accept-Language": "ur"}):  # he works in Urdu
        put_in_file(so, receipt, efile)
        services.park(so, efile, URDU_TYPED)
        # as a row written before remarks had keys: the words of the one who acted
        services.record(efile, "attach", so, posts["so"], remarks="فائل واپس لی گئی")
    db.session.commit()
    g.__dict__.clear()
    filed = db.session.scalar(select(Movement).where(Movement.receipt_id == receipt.id,
                                                     Movement.action == "attach"))
    assert filed.remarks == f"Put into file {efile.file_no}"  # English in the log and audit
    assert (filed.remark_key, filed.remark_args) == ("put_in_file", {"number": efile.file_no})

    put_into = ("Put into file %(number)s", {"number": efile.file_no})
    put_in = ("Receipt %(number)s put in", {"number": receipt.diary_no})
    login(client, "so.srinagar")
    for language in ("hi", "ur", "en"):
        users["so.srinagar"].language = language
        db.session.commit()
        history = client.get(f"/files/{efile.id}/history").get_data(as_text=True)
        for message, values in (put_into, put_in):
            shown = in_language(app, language, message, **values)
            assert shown in history, (language, shown)
            assert language == "en" or shown != message % values
        assert URDU_TYPED in history and "فائل واپس لی گئی" in history


def test_a_copy_names_its_original_in_each_readers_language(app, org):
    users, posts = org["users"], org["posts"]
    cru = users["cru.srinagar"]
    receipt = make_receipt(cru, subject="Circular to several posts")
    services.send(cru, receipt, [posts["so"].id, posts["adc"].id])
    db.session.commit()
    copy = db.session.scalar(select(Receipt).where(Receipt.copy_of_id == receipt.id))
    made = db.session.scalar(select(Movement).where(Movement.receipt_id == copy.id,
                                                    Movement.action == "copy"))
    assert made.remarks == f"Copy of {receipt.diary_no}"
    assert (made.remark_key, made.remark_args) == ("copy_of", {"number": receipt.diary_no})
    users["adc.srinagar"].language = "hi"
    db.session.commit()
    client = app.test_client()
    login(client, "adc.srinagar")
    history = client.get(f"/receipts/{copy.id}/history").get_data(as_text=True)
    assert in_language(app, "hi", "Copy of %(number)s", number=receipt.diary_no) in history
