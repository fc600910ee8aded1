"""A draft note is the holding desk's work in progress, not part of the record: only the
post holding the file reads it (its holder, or an officer holding that post on
additional charge); the posts on the trail, district heads and UT oversight read the
final notes only, on the file page, in the print view, through the API and in search."""
from eoffice import policy
from eoffice.extensions import db
from eoffice.notes import services
from eoffice.search.services import Filters, search
from tests.api.conftest import Api, personal_token
from tests.conftest import login
from tests.factories import make_file, make_user
from tests.notes.test_noting import sign_and_send

FINAL = "Land record verified by the section"
DRAFT = "Tentatively inclined to reject"


def noted_file(org):
    """Paragraph 1 final (the SO's, sent up), paragraph 2 a draft of the ADC, who holds it."""
    users, posts = org["users"], org["posts"]
    efile = make_file(users["so.srinagar"])
    services.add_note(users["so.srinagar"], efile, f"<p>{FINAL}</p>")
    sign_and_send(users["so.srinagar"], efile, posts["adc"])
    services.add_note(users["adc.srinagar"], efile, f"<p>{DRAFT}</p>")
    db.session.commit()
    return efile


def test_only_the_post_holding_the_file_reads_its_drafts(org):
    efile = noted_file(org)
    users = org["users"]
    charge = make_user("adc.charge", org["posts"]["adc"], kind="additional")
    draft = services.draft_notes(efile)[0]
    for reader in (users["adc.srinagar"], charge):
        assert policy.can_read_note(reader, draft)
        assert [n.seq for n in services.readable_notes(reader, efile)] == [1, 2]
    for username in ("so.srinagar", "dc.srinagar", "cs.it"):  # trail, district head, UT
        assert policy.can_view(users[username], efile), username
        assert not policy.can_read_note(users[username], draft), username
        assert [n.seq for n in services.readable_notes(users[username], efile)] == [1]


def test_file_page_print_view_api_and_search_show_others_final_notes_only(app, org):
    efile = noted_file(org)
    for username, sees_draft in (("adc.srinagar", True), ("so.srinagar", False),
                                 ("dc.srinagar", False), ("cs.it", False)):
        client = app.test_client()
        login(client, username)
        for url in (f"/files/{efile.id}", f"/files/{efile.id}/print"):
            html = client.get(url).get_data(as_text=True)
            assert FINAL in html, (username, url)
            assert (DRAFT in html) is sees_draft, (username, url)
            assert ('class="note note-draft"' in html) is sees_draft, (username, url)
        assert ("Noting (2)" in client.get(f"/files/{efile.id}").get_data(as_text=True)) \
            is sees_draft
        api = Api(app.test_client(), personal_token(username))
        notes = api.get(f"/api/v1/files/{efile.id}").json["notes"]
        assert [(n["seq"], n["status"]) for n in notes] == (
            [(1, "final"), (2, "draft")] if sees_draft else [(1, "final")]), username
        # search indexes final notes only: a draft is nobody's to find, not even its author's
        user = org["users"][username]
        assert [hit.kind for hit in search(user, "verified", Filters()).items] == ["note"]
        assert search(user, "tentatively", Filters()).items == []
