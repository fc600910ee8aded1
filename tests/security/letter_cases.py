"""Signed letters for test_bad_input.py: each case makes, with real parts, the letter its
request needs — drafted, approved, issued, rendered by WeasyPrint, signed with a PKCS#12
certificate from a CA made for the test — and returns (url, valid form or body).

The district head (dc.srinagar) drafts, approves, issues and signs in a file they hold;
the `letter_signer` fixture (tests/security/conftest.py) gives them their certificate.
"""
import io

from eoffice.drafts import services as drafts
from eoffice.extensions import db
from eoffice.letters import services as letters
from tests.factories import PASSWORD, make_file
from tests.security.access import draft_letter

SIGNER = "dc.srinagar"
SIGNER_NAME, SIGNER_OFFICE = "D. C. Srinagar", "Deputy Commissioner Office, Srinagar"


def _signer(org):
    return org["users"][SIGNER]


def _dc_file(org):
    return make_file(_signer(org), subject="Letters for issue", head="GEN")


def awaiting_signature(org):
    """An issued letter rendered as the worker would: its PDF waits for the signature."""
    dc = _signer(org)
    draft = draft_letter(dc, _dc_file(org), approve=True)
    dispatch = drafts.issue_draft(dc, draft, "Ghulam Nabi, Khanyar, Srinagar", "post")
    db.session.flush()
    letters.make_pdf(dispatch, dispatch.document)
    db.session.commit()
    assert dispatch.document.state == "awaiting_signature", dispatch.document.state
    return dispatch


def signed(org):
    """A letter signed by its approver: final, with its verification code."""
    dispatch = awaiting_signature(org)
    letters.sign_letter(_signer(org), dispatch, PASSWORD)
    db.session.commit()
    return dispatch


def forged(pdf):
    """The genuine PDF with one byte changed in the middle."""
    middle = len(pdf) // 2
    return pdf[:middle] + bytes([pdf[middle] ^ 0x01]) + pdf[middle + 1:]


def _verify(org, user):
    document = signed(org).document
    return f"/v/{document.verify_code}", {"sha256": document.pdf_sha256}


def _sign(org, user):
    return f"/dispatch/{awaiting_signature(org).id}/sign", {"secret": PASSWORD}


# endpoint -> (role, status of the valid form, case(org, user) -> (url, form data))
FORM_CASES = {
    "letters.sign": ("district_head", 303, _sign),
    "letters.verify": ("anonymous", 200, _verify),
}


def _upload(content, name="letter.pdf"):
    return lambda: (io.BytesIO(content), name)


def extra_values(key, url, app):
    """{field: {label: value}} sent beside the sweep's own values: what an adversary
    tries on this route in particular."""
    if key == "letters.sign":
        return {"secret": {"a wrong PIN": "000000", "the password of another officer":
                           PASSWORD + "x", "a PIN of 129 characters": "1" * 129}}
    if key == "letters.verify":
        document = letters.find_by_code(url.rsplit("/", 1)[1])
        limit = app.config["MAX_CONTENT_LENGTH"]
        return {"pdf": {
            "the PDF with one byte changed": _upload(forged(document.pdf)),
            "another letter's rendering": _upload(document.rendered_pdf),
            "an upload over the size limit": _upload(b"%PDF-1.7\n" + b"0" * limit),
            "an image named .pdf": _upload(b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
        }, "sha256": {
            "the hash of no letter": "0" * 64, "65 hexadecimal characters": "a" * 65,
            "the hash in another alphabet": "g" * 64,
        }}
    return {}


# API: key -> (user of the token, case(org) -> (url, valid body or query))
API_POSTS = {
    "api.create_draft": ("so.srinagar", lambda org: (
        f"/api/v1/files/{make_file(org['users']['so.srinagar']).id}/drafts",
        {"subject": "Reply to the applicant", "text": "<p>Sir, the record is corrected.</p>",
         "language": "en"})),
    "api.approve_draft": (SIGNER, lambda org: (
        lambda draft: (f"/api/v1/drafts/{draft.id}/approve",
                       {"password": PASSWORD, "version": draft.latest.number}))(
            draft_letter(_signer(org), _dc_file(org)))),
    "api.issue_draft": (SIGNER, lambda org: (
        f"/api/v1/drafts/{draft_letter(_signer(org), _dc_file(org), approve=True).id}/issue",
        {"recipients": ["Ghulam Nabi, Khanyar, Srinagar", "ghulam.nabi@example.in"],
         "mode": "post"})),
    "api.sign": (SIGNER, lambda org: (
        f"/api/v1/dispatches/{awaiting_signature(org).id}/sign", {"secret": PASSWORD})),
}
API_GETS = {
    "api.dispatch": (SIGNER, lambda org: (f"/api/v1/dispatches/{signed(org).id}", {})),
    "api.pdf": (SIGNER, lambda org: (f"/api/v1/dispatches/{signed(org).id}/pdf", {})),
}


def api_extra_values(key):
    """{field: {label: value}} for an API body beside the sweep's JSON_VALUES."""
    return {
        "api.sign": {"secret": {"a wrong PIN": "000000", "a PIN of 129 characters": "1" * 129}},
        "api.approve_draft": {"password": {"a wrong password": PASSWORD + "x"},
                              "version": {"a version not written yet": 99}},
        "api.issue_draft": {
            "recipients": {"no recipient": [], "101 recipients": ["Ghulam Nabi"] * 101,
                           "a recipient of 301 characters": ["x" * 301],
                           "a blank recipient": [" "], "a recipient with a NUL": ["a\x00b"]},
            "mode": {"an unknown mode": "pigeon"}},
        "api.create_draft": {"language": {"a language the portal lacks": "fr"},
                             "text": {"nothing left once sanitised": "<script>x()</script>"},
                             "subject": {"a subject of 501 characters": "x" * 501}},
    }.get(key, {})
