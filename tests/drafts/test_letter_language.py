"""A letter speaks the one language chosen when drafting: its frame (letterhead, To,
Subject, dates) is shown, printed and exported in it, whatever the reader's language."""
import pytest
from flask import has_request_context, render_template_string
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from eoffice.drafts import services
from eoffice.drafts.letters import render_letter
from eoffice.errors import NotAllowed, WorkflowError
from eoffice.extensions import db
from eoffice.i18n import current_locale, gettext, in_language, pgettext, text_direction
from eoffice.models import Dispatch, DraftLetter
from eoffice.movement import services as movement
from tests.factories import PASSWORD, make_file
from tests.notes.test_pages import post_form, signed_in

URDU_FRAME = ("حکومت جموں و کشمیر", "بخدمت", "موضوع:", "ڈاک")
HINDI_FRAME = ("जम्मू और कश्मीर सरकार", "सेवा में", "विषय:", "डाक")
ENGLISH_FRAME = ("Government of Jammu and Kashmir", "Subject:", "sent by Post")


def issued(org, language):
    users, posts = org["users"], org["posts"]
    so, adc = users["so.srinagar"], users["adc.srinagar"]
    efile = make_file(so)
    draft = services.create_draft(so, efile, "Land record", "<p>Sir, examined.</p>", language)
    movement.send(so, efile, [posts["adc"].id])
    services.approve_draft(adc, draft, PASSWORD)
    dispatch = services.issue_draft(adc, draft, "Ghulam Nabi", "post")
    db.session.commit()
    return dispatch


def _letter(html):
    return html[html.index("<article class=\"letter issued\""):html.index("</article>")]


def _set_language(username, language):
    from eoffice.models import User
    db.session.scalar(select(User).filter_by(username=username)).language = language
    db.session.commit()


def test_an_urdu_letter_reads_in_urdu_to_an_english_reader_and_the_page_stays_english(app, org):
    dispatch = issued(org, "ur")
    assert dispatch.language == "ur"
    page = signed_in(app, "adc.srinagar").get(f"/dispatch/{dispatch.id}").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in page
    letter = _letter(page)
    assert '<article class="letter issued" lang="ur" dir="rtl">' in letter
    for words in URDU_FRAME:
        assert words in letter, words
    for words in ENGLISH_FRAME:
        assert words not in letter, words
    assert "Dispatch register" in page  # the page around it speaks its reader's language
    assert "\u2066" in letter  # dates isolated as left-to-right runs in the Urdu letter


@pytest.mark.parametrize("reader", ["hi", "ur"])
def test_an_english_letter_stays_english_for_hindi_and_urdu_readers(app, org, reader):
    dispatch = issued(org, "en")
    _set_language("adc.srinagar", reader)
    page = signed_in(app, "adc.srinagar").get(f"/dispatch/{dispatch.id}").get_data(as_text=True)
    assert f'<html lang="{reader}"' in page
    letter = _letter(page)
    assert '<article class="letter issued" lang="en" dir="ltr">' in letter
    for words in ENGLISH_FRAME:
        assert words in letter, words
    for words in URDU_FRAME + HINDI_FRAME:
        assert words not in letter, words


def test_a_hindi_letter_for_an_urdu_reader(app, org):
    dispatch = issued(org, "hi")
    _set_language("adc.srinagar", "ur")
    letter = _letter(signed_in(app, "adc.srinagar").get(f"/dispatch/{dispatch.id}")
                     .get_data(as_text=True))
    assert 'lang="hi" dir="ltr"' in letter
    for words in HINDI_FRAME:
        assert words in letter, words


def test_the_drafters_language_is_the_default_and_another_can_be_chosen(app, org):
    _set_language("so.srinagar", "ur")
    efile = make_file(org["users"]["so.srinagar"])
    client = signed_in(app, "so.srinagar")
    form = client.get(f"/files/{efile.id}/drafts/new").get_data(as_text=True)
    assert '<option selected value="ur">' in form
    url = f"/files/{efile.id}/drafts/new"
    assert post_form(client, url, url, {"subject": "S", "body": "B"}).status_code == 303
    assert post_form(client, url, url, {"subject": "S2", "body": "B", "language": "hi"}
                     ).status_code == 303
    assert [d.language for d in db.session.scalars(select(DraftLetter).order_by(
        DraftLetter.id))] == ["ur", "hi"]
    so = org["users"]["so.srinagar"]
    assert services.create_draft(so, efile, "S3", "B").language == "ur"  # the service too


def test_an_unknown_language_is_refused_and_nothing_is_saved(app, org):
    efile = make_file(org["users"]["so.srinagar"])
    client = signed_in(app, "so.srinagar")
    url = f"/files/{efile.id}/drafts/new"
    response = post_form(client, url, url, {"subject": "S", "body": "B", "language": "fr"})
    assert response.status_code == 422
    with pytest.raises(WorkflowError):
        services.create_draft(org["users"]["so.srinagar"], efile, "S", "B", "de")
    db.session.rollback()
    assert db.session.scalar(select(db.func.count()).select_from(DraftLetter)) == 0


def test_the_language_changes_with_a_new_version_until_approval_and_is_signed(org):
    users, posts = org["users"], org["posts"]
    so, adc = users["so.srinagar"], users["adc.srinagar"]
    efile = make_file(so)
    draft = services.create_draft(so, efile, "S", "<p>B</p>", "en")
    version = services.save_version(so, draft, "S", "<p>B</p>", language="ur")  # only that
    assert (version.number, draft.language) == (2, "ur")
    movement.send(so, efile, [posts["adc"].id])
    services.approve_draft(adc, draft, PASSWORD)
    assert "language: ur" in services.approval_payload(draft, draft.approved_version)
    db.session.commit()
    with pytest.raises(NotAllowed):
        services.save_version(adc, draft, "S", "<p>B</p>", language="hi")
    db.session.rollback()
    assert db.session.get(DraftLetter, draft.id).language == "ur"


def test_the_database_refuses_a_language_the_portal_does_not_speak(org):
    draft = services.create_draft(org["users"]["so.srinagar"],
                                  make_file(org["users"]["so.srinagar"]), "S", "B")
    db.session.commit()
    draft.language = "xx"
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_render_letter_outside_a_request_for_the_pdf_worker(app, org):
    dispatch = issued(org, "ur")
    assert not has_request_context()  # as in the task queue's worker: an app context only
    html = render_letter(db.session.get(Dispatch, dispatch.id))
    assert 'lang="ur" dir="rtl"' in html and "بخدمت" in html


def test_in_language_restores_the_readers_language_afterwards(app):
    with app.test_request_context(headers={"Accept-Language": "hi"}):
        assert (current_locale(), text_direction()) == ("hi", "ltr")
        assert gettext("Subject:") == "विषय:"
        with in_language("ur"):
            assert (current_locale(), text_direction()) == ("ur", "rtl")
            assert gettext("Subject:") == "موضوع:"
            assert pgettext("letter addressee", "To") == "بخدمت"
            assert render_template_string("{{ pgettext('mail mode', 'Post') }}") == "ڈاک"
        assert (current_locale(), text_direction()) == ("hi", "ltr")
        assert gettext("Subject:") == "विषय:"
        with pytest.raises(ValueError):
            with in_language("fr"):
                pass
