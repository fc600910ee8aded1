"""The letter as PDF/A-3b, checked by a validator independent of WeasyPrint that made it:
page (PyPI page-validation), against the profile the letter declares in its XMP metadata,
in English, Hindi and Urdu (tests/ocr/test_pdfa.py says what it validates)."""
import page  # PyPI page-validation (requirements-dev.txt)
from weasyprint import HTML

from eoffice.letters.render import plain_metadata
from tests.letters.conftest import HINDI_BODY, URDU_BODY, issue_letter, run_jobs


def test_letters_are_valid_pdf_a_3b_in_each_language(app, org):
    for language, body in (("en", "<p>Sir, the record is corrected.</p>"), ("hi", HINDI_BODY),
                           ("ur", URDU_BODY)):
        dispatch = issue_letter(org, language=language, body=body)
        run_jobs()
        report = page.validate_pdf_bytes(dispatch.document.pdf)
        assert report.profile == page.ValidationProfile.PDF_A_3B, (language, report.profile)
        assert report.is_compliant and not report.failures, (language, report)


def test_the_metadata_left_unfiltered_is_what_the_validator_asked_for():
    """WeasyPrint alone compresses the XMP metadata, which PDF/A forbids; the letter's
    finisher leaves it plain."""
    def rules(**options):
        pdf = HTML(string="<p>A letter.</p>").write_pdf(pdf_variant="pdf/a-3b", **options)
        return [failure.rule_id for failure in page.validate_pdf_bytes(pdf).failures]

    assert rules() == ["PDFA3B-METADATA-FILTER-001"]
    assert rules(finisher=plain_metadata) == []
