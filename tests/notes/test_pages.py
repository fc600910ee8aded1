"""The file page: noting, correspondence, links, the send step that signs, print view."""
import re

from eoffice.extensions import db
from eoffice.models import Note
from eoffice.notes import services
from tests.conftest import csrf_from, login
from tests.core.test_page_budget import BUDGET, first_load_bytes
from tests.factories import PASSWORD, make_file, make_receipt
from tests.integrity.tamper import forced
from tests.notes.test_noting import sign_and_send


def signed_in(app, username):
    client = app.test_client()
    assert login(client, username).status_code == 303
    return client


def post_form(client, page, action, data):
    html = client.get(page).get_data(as_text=True)
    return client.post(action, data={"csrf_token": csrf_from(html), **data})


def send_page_post(client, efile, to_post, password=None):
    html = client.get(f"/files/{efile.id}/send").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    data = {"csrf_token": csrf_from(html), "version": version, "to_post": [to_post.id],
            "priority": "normal"}
    if password is not None:
        data["password"] = password
    return client.post(f"/files/{efile.id}/send", data=data)


def test_the_send_step_names_one_draft_paragraph_or_several(app, org):
    users, posts = org["users"], org["posts"]
    efile = make_file(users["so.srinagar"])
    services.add_note(users["so.srinagar"], efile, "First para")
    db.session.commit()
    so = signed_in(app, "so.srinagar")
    one = so.get(f"/files/{efile.id}/send").get_data(as_text=True)
    assert "Your draft note (paragraph 1) becomes final when the file leaves you." in one
    assert "paragraphs 1" not in one
    refused = send_page_post(so, efile, posts["adc"]).get_data(as_text=True)
    assert "A draft note must be signed before the file leaves: paragraph 1 by" in refused
    services.add_note(users["so.srinagar"], efile, "Second para")
    db.session.commit()
    two = so.get(f"/files/{efile.id}/send").get_data(as_text=True)
    assert "Your draft notes (paragraphs 1, 2) become final when the file leaves you." in two
    refused = send_page_post(so, efile, posts["adc"]).get_data(as_text=True)
    assert "Draft notes must be signed before the file leaves: paragraphs 1, 2 by" in refused


def test_note_written_edited_and_signed_through_the_pages_then_frozen(app, org):
    users, posts = org["users"], org["posts"]
    efile = make_file(users["so.srinagar"])
    so = signed_in(app, "so.srinagar")
    page = f"/files/{efile.id}"
    response = post_form(so, page, f"/files/{efile.id}/notes", {"body": "Draft para"})
    assert response.status_code == 303 and response.headers["Location"].endswith("#note-1")
    note = db.session.query(Note).one()
    html = so.get(page).get_data(as_text=True)
    assert 'class="note note-draft"' in html and f"/notes/{note.id}/edit" in html
    edit = f"/files/{efile.id}/notes/{note.id}/edit"
    assert post_form(so, edit, edit, {"body": "Draft para, corrected"}).status_code == 303
    assert db.session.get(Note, note.id).body_html == "<p>Draft para, corrected</p>"

    send_form = so.get(f"/files/{efile.id}/send").get_data(as_text=True)
    assert 'name="password"' in send_form and "(paragraph 1)" in send_form
    refused = send_page_post(so, efile, posts["adc"])
    assert refused.status_code == 422 and "must be signed" in refused.get_data(as_text=True)
    wrong = send_page_post(so, efile, posts["adc"], "wrong-password")
    assert wrong.status_code == 422 and "password is not correct" in wrong.get_data(as_text=True)
    assert db.session.get(Note, note.id).status == "draft"
    assert send_page_post(so, efile, posts["adc"], PASSWORD).status_code == 303
    assert db.session.get(Note, note.id).status == "final"

    adc = signed_in(app, "adc.srinagar")
    html = adc.get(page).get_data(as_text=True)
    assert 'class="note note-final"' in html and "Noting chain verified" in html
    assert f"/notes/{note.id}/edit" not in html
    for client in (so, adc):  # the edit page and the edit itself are refused to everyone
        assert client.get(edit).status_code == 403
        token = csrf_from(client.get(page).get_data(as_text=True))
        assert client.post(edit, data={"csrf_token": token, "body": "Rewritten"}).status_code == 403
        assert client.post(f"/files/{efile.id}/notes/{note.id}/discard",
                           data={"csrf_token": token}).status_code == 403
    assert db.session.get(Note, note.id).body_html == "<p>Draft para, corrected</p>"
    # the ADC's paragraph continues the numbering
    response = post_form(adc, page, f"/files/{efile.id}/notes", {"body": "Agreed."})
    assert response.headers["Location"].endswith("#note-2")


def test_blank_note_is_a_clear_422_and_nothing_is_saved(app, org):
    efile = make_file(org["users"]["so.srinagar"])
    so = signed_in(app, "so.srinagar")
    response = post_form(so, f"/files/{efile.id}", f"/files/{efile.id}/notes",
                         {"body": "<script>alert(1)</script>"})
    assert response.status_code == 422 and "Write the text first" in response.get_data(as_text=True)
    assert db.session.query(Note).count() == 0


def test_file_page_reports_a_broken_chain(app, org):
    users, posts = org["users"], org["posts"]
    so = users["so.srinagar"]
    efile = make_file(so)
    services.add_note(so, efile, "Genuine text")
    sign_and_send(so, efile, posts["adc"])
    forced("note", "UPDATE note SET body_html = '<p>Altered text</p>'")
    html = signed_in(app, "adc.srinagar").get(f"/files/{efile.id}").get_data(as_text=True)
    assert "Noting chain broken" in html and "Paragraph 1 was changed" in html
    assert "Noting chain verified" not in html


def test_receipts_get_pages_puc_then_fr_and_notes_link_to_them(app, org):
    users = org["users"]
    so = users["so.srinagar"]
    receipts = [make_receipt(so, subject=f"Letter {n}") for n in range(3)]
    efile = make_file(so, receipts=receipts[:1])
    from eoffice.dak.services import put_in_file

    for receipt in receipts[1:]:
        put_in_file(so, receipt, efile)
    db.session.commit()
    client = signed_in(app, "so.srinagar")
    html = client.get(f"/files/{efile.id}").get_data(as_text=True)
    toc = html[html.index("Table of contents"):]
    labels = re.findall(r"<strong>(PUC|FR [IVX]+)</strong>", toc)
    assert labels == ["PUC", "FR I", "FR II"]
    assert 'id="page-3"' in toc
    response = client.get(f"/files/{efile.id}/pages/2")
    assert response.status_code == 303 and response.headers["Location"].endswith(
        f"/receipts/{receipts[1].id}")
    assert client.get(f"/files/{efile.id}/pages/9").status_code == 404
    services.add_note(so, efile, f'See <a href="/files/{efile.id}/pages/1">PUC</a> and '
                                 f'<a href="/receipts/{receipts[2].id}">FR II</a>.')
    db.session.commit()
    html = client.get(f"/files/{efile.id}").get_data(as_text=True)
    assert f'<a href="/files/{efile.id}/pages/1">PUC</a>' in html
    references = html[html.index("Referred to in the notes"):]
    assert receipts[2].diary_no in references


def test_linked_files_show_both_ways_and_only_visible_files_can_be_linked(app, org):
    users = org["users"]
    so = users["so.srinagar"]
    first, second = make_file(so, subject="Encroachment"), make_file(so, subject="Demarcation")
    other_district = make_file(users["dc.jammu"], subject="Jammu matter", head="JMU",
                               grading="secret")
    client = signed_in(app, "so.srinagar")
    page = f"/files/{first.id}"
    assert post_form(client, page, f"{page}/links", {"file_no": second.file_no}).status_code == 303
    assert second.file_no in client.get(page).get_data(as_text=True).split("Linked files")[1]
    assert first.file_no in client.get(f"/files/{second.id}").get_data(as_text=True).split(
        "Linked files")[1]
    for number, message in ((other_district.file_no, "no file with this number"),
                            (first.file_no, "cannot be linked to itself"),
                            (second.file_no, "already linked")):
        response = post_form(client, page, f"{page}/links", {"file_no": number})
        assert response.status_code == 422 and message in response.get_data(as_text=True)


def test_urdu_and_hindi_notes_carry_their_script_and_direction(app, org):
    so = org["users"]["so.srinagar"]
    efile = make_file(so)
    urdu, hindi = "فائل ملاحظہ کے لیے پیش ہے۔", "फ़ाइल अवलोकनार्थ प्रस्तुत है।"
    for text in (urdu, hindi, "Put up for orders."):
        services.add_note(so, efile, text)
    db.session.commit()
    html = signed_in(app, "so.srinagar").get(f"/files/{efile.id}").get_data(as_text=True)
    assert f'<div class="note-body" dir="auto" lang="ur"><p>{urdu}</p>' in html
    assert f'<div class="note-body" dir="auto" lang="hi"><p>{hindi}</p>' in html
    assert '<div class="note-body" dir="auto" lang="en"><p>Put up for orders.</p>' in html


def test_print_view_in_three_languages(app, org):
    users, posts = org["users"], org["posts"]
    so = users["so.srinagar"]
    efile = make_file(so, receipts=[make_receipt(so)])
    services.add_note(so, efile, "Para for print")
    sign_and_send(so, efile, posts["adc"])
    client = signed_in(app, "so.srinagar")
    for language, direction in (("en", "ltr"), ("hi", "ltr"), ("ur", "rtl")):
        so.language = language
        db.session.commit()
        response = client.get(f"/files/{efile.id}/print")
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert f'<html lang="{language}" dir="{direction}">' in html
        assert efile.file_no in html and "Para for print" in html and "PUC" in html
        assert 'class="top"' not in html  # no navigation on paper
    assert f'href="/files/{efile.id}/print"' in client.get(f"/files/{efile.id}").get_data(
        as_text=True)


def test_file_page_with_noting_stays_under_budget(app, org):
    so = org["users"]["so.srinagar"]
    efile = make_file(so, receipts=[make_receipt(so)])
    for n in range(10):
        services.add_note(so, efile, f"<p>Paragraph {n} of the noting, with some text.</p>")
    db.session.commit()
    client = signed_in(app, "so.srinagar")
    assert first_load_bytes(client, f"/files/{efile.id}") < BUDGET


def test_blank_forms_kept_per_language_are_what_the_field_macro_renders(app, org):
    """The file page's note and link fields, rendered once per language for blank forms,
    are exactly what the field macro makes of fresh forms, the paragraph hint put in
    escaped; a form sent back refused is rendered from what was typed, with its error,
    never from the kept blank one."""
    from flask import get_template_attribute

    from eoffice.i18n import current_locale
    from eoffice.notes.file_view import BlankForms
    from eoffice.notes.forms import LinkForm, NoteForm

    efile = make_file(org["users"]["so.srinagar"])
    hint, seen = "Paragraph 3 <b>&", set()
    for language in ("en", "hi", "ur", "en"):
        with app.app_context(), app.test_request_context(headers={"Accept-Language": language}):
            assert current_locale() == language
            field = get_template_attribute("_macros/forms.html", "field")
            note, link = NoteForm(), LinkForm()
            note_html = str(field(note.body, hint=hint))
            link_html = str(field(link.file_no)) + str(field(link.remarks))
            kept = BlankForms(language)
            assert kept.note_id == note.body.id
            assert str(kept.note_body(hint)) == note_html and "&lt;b&gt;&amp;" in note_html
            assert str(kept.link_fields) == link_html
            seen.add(link_html)
    assert len(seen) == 3  # the labels are in each language
    so = signed_in(app, "so.srinagar")
    typed = "x" * (services.MAX_NOTE_CHARS + 1)
    refused = post_form(so, f"/files/{efile.id}", f"/files/{efile.id}/notes", {"body": typed})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and typed in page and 'aria-invalid="true"' in page
    linked = post_form(so, f"/files/{efile.id}", f"/files/{efile.id}/links",
                       {"file_no": "NO/SUCH/FILE<", "remarks": "typed remark"})
    page = linked.get_data(as_text=True)
    assert linked.status_code == 422 and 'value="typed remark"' in page
    assert 'value="NO/SUCH/FILE&lt;"' in page
