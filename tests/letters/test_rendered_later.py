"""Letters issued before the portal made PDFs (before migration 1401) get one from
`eoffice letters render --missing`: made from the record, saying so and when, unsigned
(never a signature that was not made then), not delivered again, audited, and made once
however often the command runs."""
import subprocess

from sqlalchemy import delete, func, select

from eoffice.extensions import db
from eoffice.models import AuditEvent, BackgroundJob, LetterDelivery, LetterDocument
from tests.conftest import csrf_from, login
from tests.factories import PASSWORD
from tests.letters.conftest import issue_letter, run_jobs


def issued_before_pdfs(org, **kwargs):
    """An issued letter as a database upgraded from before 1401 holds it: the dispatch,
    no document, no render job."""
    dispatch = issue_letter(org, **kwargs)
    db.session.execute(delete(BackgroundJob).where(BackgroundJob.kind == "letter.render"))
    db.session.execute(delete(LetterDocument).where(LetterDocument.dispatch_id == dispatch.id))
    db.session.commit()
    db.session.expire_all()
    assert dispatch.document is None
    return dispatch


def render_missing(app, *options):
    result = app.test_cli_runner().invoke(args=["eoffice", "letters", "render", "--missing",
                                                *options])
    db.session.expire_all()
    return result


def pdf_text(pdf, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def _events(action):
    return db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == action))


def test_an_old_letter_gets_a_pdf_that_says_it_was_made_later_and_is_not_signed(
        app, org, client, pkcs12_officer, tmp_path):
    """Even where the approver now has a certificate, the old letter is not signed."""
    dispatch = issued_before_pdfs(org, recipients="Ghulam Nabi\nghulam.nabi@example.in")
    result = render_missing(app, "--here")
    assert result.exit_code == 0, result.output
    assert "1 letter(s) without a PDF rendered here, 0 failed." in result.output
    document = dispatch.document
    assert document.state == "unsigned" and document.is_final
    assert document.rendered_later_at is not None and document.signed_by_id is None
    text = " ".join(pdf_text(document.pdf, tmp_path).split())
    assert "Copy made on" in text and "issued before eoffice made letters as PDF" in text
    assert "This copy is not signed digitally" in text and "signed digitally by" not in text
    assert dispatch.dispatch_no in text
    signatures = subprocess.run(["pdfsig", str(tmp_path / "letter.pdf")], capture_output=True)
    assert b"does not contain any signatures" in signatures.stdout + signatures.stderr
    # the letter left on paper when it was issued: nobody is sent it now
    assert db.session.scalar(select(func.count()).select_from(LetterDelivery)) == 0
    assert _events("letter.render_later") == 1 and _events("letter.rendered_later") == 1

    login(client, "adc.srinagar")  # the approver is offered no signature
    page = client.get(f"/dispatch/{dispatch.id}").get_data(as_text=True)
    assert "issued before eoffice made letters as PDF" in page
    assert "Sign digitally and send" not in page
    refused = client.post(f"/dispatch/{dispatch.id}/sign", data={
        "csrf_token": csrf_from(page), "secret": PASSWORD})
    assert refused.status_code == 403
    db.session.expire_all()
    assert dispatch.document.state == "unsigned" and dispatch.document.pdf == document.pdf

    public = client.get(f"/v/{document.verify_code}").get_data(as_text=True)
    assert "PDF made" in public and "not signed digitally" in public


def test_the_command_makes_each_pdf_once(app, org, tmp_path):
    old = issued_before_pdfs(org)
    new = issue_letter(org, body="<p>A letter of today.</p>")  # has its document: left alone
    result = render_missing(app)
    assert result.exit_code == 0, result.output
    assert "1 letter(s) without a PDF queued for the worker" in result.output
    assert old.document.state == "rendering"
    assert render_missing(app).output.startswith("0 letter(s)")  # owed once
    run_jobs()
    assert old.document.state == "unsigned" and old.document.rendered_later_at
    assert new.document.rendered_later_at is None
    first = old.document.pdf
    assert render_missing(app, "--here").output.startswith("0 letter(s)")
    db.session.expire_all()
    assert old.document.pdf == first and _events("letter.rendered_later") == 1
    jobs = db.session.scalar(select(func.count()).select_from(BackgroundJob).where(
        BackgroundJob.kind == "letter.render", BackgroundJob.key == old.dispatch_no))
    assert jobs == 1
