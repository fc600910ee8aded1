"""A draft is previewed on its letterhead (office, number and date given on issue, To,
Subject) so drafters write only the text; a text that repeats the head is flagged, and
the draft page's help is about letters."""
from eoffice.drafts import services as drafts
from eoffice.extensions import db
from tests.conftest import login
from tests.factories import make_file


def draft_page(app, org, body, subject="Repair of GMS Khanyar"):
    so = org["users"]["so.srinagar"]
    efile = make_file(so)
    draft = drafts.create_draft(so, efile, subject, body)
    db.session.commit()
    client = app.test_client()
    login(client, "so.srinagar")
    return client.get(f"/drafts/{draft.id}").get_data(as_text=True), efile


def test_the_draft_is_previewed_on_its_letterhead(app, org):
    html, efile = draft_page(app, org, "<p>Sir, the estimate is approved.</p>")
    preview = html[html.index('class="card letter letterhead-preview"'):]
    preview = preview[:preview.index("</article>")]
    for part in ("Government of Jammu and Kashmir", efile.office.name, "(given when issued)",
                 "(the day of issue)", "Subject:", "Repair of GMS Khanyar",
                 "Sir, the estimate is approved."):
        assert part in preview
    assert "letterhead already prints" not in html


def test_a_text_that_repeats_the_letterhead_is_flagged(app, org):
    html, _efile = draft_page(app, org, "<p>To</p><p>The Tehsildar</p><p>Subject: Repair of GMS "
                                        "Khanyar</p><p>Sir, the estimate is approved.</p>")
    assert "would print it twice" in html


def test_the_draft_form_help_is_about_letters(app, org):
    efile = make_file(org["users"]["so.srinagar"])
    client = app.test_client()
    login(client, "so.srinagar")
    html = client.get(f"/files/{efile.id}/drafts/new").get_data(as_text=True)
    assert "How to format the letter" in html and "How to format a note" not in html
    assert "write only the text of the letter" in html
    assert 'data-markup="bold"' in html and 'class="toolbar"' in html
    assert "/files/12" not in html  # no links to the portal's files in a letter going out
