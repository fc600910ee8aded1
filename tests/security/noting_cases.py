"""Access-matrix rows for noting (notes, correspondence pages, print), drafts for approval
and dispatch, and API tokens. Rules (eoffice/policy/): the post holding an active file writes
notes, links files and drafts letters; only a note's author edits or discards it while
a draft; a post authorised to approve (the DC here) approves while holding the file; an
issued letter is read by those who see its file and by readers of its office's dispatch
register; every user makes API tokens for themselves and revokes only their own."""
from eoffice.extensions import db
from eoffice.notes.services import add_note
from eoffice.tokens.services import create_personal_token
from tests.factories import PASSWORD, make_file
from tests.security.access import SIGNED_IN, VIEW_FILE, draft_letter

# the DC Srinagar office's posts read its dispatch register (the diarist sits there too)
VIEW_LETTER = VIEW_FILE | {"diarist"}

GET_OK = {
    "notes.edit": {"holder"},
    "notes.page": (VIEW_FILE, 303),  # on to the receipt or letter on that page
    "notes.print_file": VIEW_FILE,
    "notes.letter": (VIEW_FILE, 303),  # the file page shows it to a browser
    "drafts.new": {"holder"},
    "drafts.show": VIEW_FILE,
    "drafts.compare": VIEW_FILE,
    "drafts.edit": {"holder"},
    "drafts.issue": {"district_head"},  # the approved letter is in the DC's own file
    "drafts.register": SIGNED_IN,  # each sees the registers of their own offices
    "drafts.letter": VIEW_LETTER,
    "tokens.index": SIGNED_IN,
}


def _so(org):
    return org["users"]["so.srinagar"]


def _dc(org):
    return org["users"]["dc.srinagar"]


def _draft_note(org):
    efile = make_file(_so(org))
    note = add_note(_so(org), efile, "<p>Put up for orders.</p>")
    db.session.commit()
    return f"/files/{efile.id}/notes/{note.id}"


def _token_of_the_holder(org, user):
    token, _raw = create_personal_token(_so(org), "Scanner")
    db.session.commit()
    return f"/tokens/{token.id}/revoke", {}


LETTER = {"subject": "Reply to the applicant", "body": "<p>Sir, the matter is examined.</p>"}

# endpoint -> (roles that carry it out, status they get, case(org, user) -> (url, form data))
POST_OK = {
    "notes.add": ({"holder"}, 303, lambda org, user: (
        f"/files/{make_file(_so(org)).id}/notes", {"body": "<p>Seen. Put up.</p>"})),
    "notes.edit": ({"holder"}, 303, lambda org, user: (
        _draft_note(org) + "/edit", {"body": "<p>Put up for kind orders.</p>"})),
    "notes.discard": ({"holder"}, 303, lambda org, user: (_draft_note(org) + "/discard", {})),
    "notes.link": ({"holder"}, 303, lambda org, user: (
        f"/files/{make_file(_so(org)).id}/links",
        {"file_no": make_file(_so(org), subject="Earlier case").file_no, "remarks": "Same land"})),
    "drafts.new": ({"holder"}, 303, lambda org, user: (
        f"/files/{make_file(_so(org)).id}/drafts/new", LETTER)),
    "drafts.edit": ({"holder"}, 303, lambda org, user: (
        f"/drafts/{draft_letter(_so(org), make_file(_so(org))).id}/edit",
        {**LETTER, "body": "<p>Sir, the matter is settled.</p>", "based_on": 1})),
    "drafts.approve": ({"district_head"}, 303, lambda org, user: (
        f"/drafts/{draft_letter(_dc(org), make_file(_dc(org), head='GEN')).id}/approve",
        {"password": PASSWORD, "version_number": 1})),
    "drafts.issue": ({"district_head"}, 303, lambda org, user: (
        f"/drafts/{draft_letter(_dc(org), make_file(_dc(org), head='GEN'), approve=True).id}"
        "/issue", {"recipients": "Ghulam Nabi\nKhanyar, Srinagar", "mode": "post"})),
    "tokens.index": (SIGNED_IN, 201, lambda org, user: ("/tokens", {"name": "Scanner", "password": PASSWORD})),
    "tokens.revoke": ({"holder"}, 303, _token_of_the_holder),
}
