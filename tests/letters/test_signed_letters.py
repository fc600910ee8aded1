"""A signed letter in Hindi and in Urdu, verified by pyHanko's validator and by
poppler's pdfsig, and broken for both after one byte changes; a wrong PIN or password
signs nothing; an office without certificates issues a letter that says it is unsigned."""
import hashlib
import shutil
import subprocess
from io import BytesIO

import pytest
from sqlalchemy import func, select

from eoffice.errors import NotAllowed, WorkflowError
from eoffice.extensions import db
from eoffice.letters import services as letters
from eoffice.models import Signature
from tests.factories import PASSWORD
from tests.letters.conftest import (
    HINDI_BODY,
    TOKEN_PIN,
    URDU_BODY,
    issue_letter,
    name_offices_locally,
    run_jobs,
)


def pyhanko_status(pdf, ca_pem):
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(BytesIO(pdf))
    assert len(reader.embedded_signatures) == 1
    context = ValidationContext(trust_roots=[load_cert_from_pemder(ca_pem)])
    return validate_pdf_signature(reader.embedded_signatures[0], context)


def pdfsig(pdf, tmp_path):
    if not shutil.which("pdfsig"):
        pytest.fail("poppler-utils is needed: apt-get install poppler-utils")
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    # -nocert: the demo CA is in no system trust store; the signature itself is checked
    result = subprocess.run(["pdfsig", "-nocert", str(path)], capture_output=True, text=True)
    return result.stdout + result.stderr


def one_byte_changed(pdf):
    """The PDF with one byte of its first page's content stream flipped."""
    at = pdf.index(b"stream", pdf.index(b"/Contents")) + 40
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1:]


def assert_verifies_and_breaks(pdf, ca_pem, tmp_path):
    status = pyhanko_status(pdf, ca_pem)
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert "Signature is Valid" in pdfsig(pdf, tmp_path)
    forged = one_byte_changed(pdf)
    status = pyhanko_status(forged, ca_pem)
    assert not status.intact and not status.bottom_line
    report = pdfsig(forged, tmp_path)
    assert "Signature is Valid" not in report
    assert "Signature is Invalid" in report or "Digest Mismatch" in report, report


def pdf_text(pdf, tmp_path):
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_a_hindi_letter_signed_with_a_pkcs12_file_verifies_and_breaks(app, org, pkcs12_officer, tmp_path):
    name_offices_locally(org)
    dispatch = issue_letter(org, "hi", HINDI_BODY)
    assert dispatch.document.state == "rendering"
    run_jobs()
    document = dispatch.document
    assert document.state == "awaiting_signature" and document.signing_method == "pkcs12"
    letters.sign_letter(org["users"]["adc.srinagar"], dispatch, PASSWORD)
    db.session.commit()
    assert document.state == "signed"
    assert document.pdf_sha256 == hashlib.sha256(document.pdf).hexdigest()
    assert document.pdf.startswith(document.rendered_pdf)  # an incremental update
    assert_verifies_and_breaks(document.pdf, pkcs12_officer["pem"], tmp_path)
    text = pdf_text(document.pdf, tmp_path)
    # the letter's frame and names in Hindi (words whose glyphs pdftotext maps back whole)
    for words in ("सरकार", "उपायुक्त", "श्रीनगर", dispatch.dispatch_no):
        assert words in text, words


def test_an_urdu_letter_signed_in_a_softhsm_token_verifies_and_breaks(app, org, pkcs11_officer, tmp_path):
    dispatch = issue_letter(org, "ur", URDU_BODY)
    run_jobs()
    assert dispatch.document.signing_method == "pkcs11"
    letters.sign_letter(org["users"]["adc.srinagar"], dispatch, TOKEN_PIN)
    db.session.commit()
    assert dispatch.document.state == "signed"
    assert "A. D. Commissioner" in dispatch.document.certificate_subject
    assert_verifies_and_breaks(dispatch.document.pdf, pkcs11_officer["ca_pem"], tmp_path)
    fonts = subprocess.run(["pdffonts", "-"], input=dispatch.document.pdf, capture_output=True).stdout
    assert b"Nastaliq" in fonts


def signatures():
    return db.session.scalar(select(func.count()).select_from(Signature).where(
        Signature.purpose == "letter"))


@pytest.mark.parametrize("officer", ["pkcs11_officer", "pkcs12_officer"])
def test_a_wrong_pin_or_password_signs_nothing(app, org, officer, request):
    request.getfixturevalue(officer)
    dispatch = issue_letter(org, "en")
    run_jobs()
    for wrong in ("000000", "not-the-password", ""):
        with pytest.raises(WorkflowError):
            letters.sign_letter(org["users"]["adc.srinagar"], dispatch, wrong)
        db.session.rollback()
    db.session.expire_all()
    assert dispatch.document.state == "awaiting_signature"
    assert dispatch.document.pdf is None and dispatch.deliveries == []
    assert signatures() == 0


def test_only_the_approving_officer_signs_and_only_once(app, org, pkcs12_officer):
    dispatch = issue_letter(org, "en")
    run_jobs()
    for other in ("so.srinagar", "dc.srinagar"):
        with pytest.raises(NotAllowed):
            letters.sign_letter(org["users"][other], dispatch, PASSWORD)
        db.session.rollback()
    letters.sign_letter(org["users"]["adc.srinagar"], dispatch, PASSWORD)
    db.session.commit()
    signed = dispatch.document.pdf
    with pytest.raises(NotAllowed):
        letters.sign_letter(org["users"]["adc.srinagar"], dispatch, PASSWORD)
    db.session.rollback()
    assert dispatch.document.pdf == signed and signatures() == 1


def test_signing_before_the_worker_rendered_gives_the_same_letter(app, org, pkcs12_officer):
    dispatch = issue_letter(org, "hi", HINDI_BODY)
    letters.sign_letter(org["users"]["adc.srinagar"], dispatch, PASSWORD)
    db.session.commit()
    rendered = dispatch.document.rendered_pdf
    run_jobs()  # the render job finds the letter done and changes nothing
    assert dispatch.document.rendered_pdf == rendered and dispatch.document.state == "signed"


def test_an_office_without_certificates_issues_a_letter_that_says_it_is_unsigned(app, org, tmp_path):
    app.config["SIGNING_DIR"] = str(tmp_path / "none")
    dispatch = issue_letter(org, "en")
    run_jobs()
    document = dispatch.document
    assert (document.state, document.signing_method) == ("unsigned", "password")
    assert document.pdf == document.rendered_pdf
    assert "not signed digitally" in pdf_text(document.pdf, tmp_path)
    with pytest.raises(NotAllowed):
        letters.sign_letter(org["users"]["adc.srinagar"], dispatch, PASSWORD)


def test_the_same_letter_renders_to_the_same_bytes(app, org, tmp_path):
    from eoffice.letters.render import render_pdf

    app.config["SIGNING_DIR"] = str(tmp_path / "none")
    dispatch = issue_letter(org, "ur", URDU_BODY)
    first = render_pdf(dispatch, dispatch.document, "password")
    second = render_pdf(dispatch, dispatch.document, "password")
    assert first == second
    meta = subprocess.run(["pdfinfo", "-meta", "-"], input=first, capture_output=True).stdout
    assert b"pdfaid:part" in meta  # it says it is PDF/A (3b)
