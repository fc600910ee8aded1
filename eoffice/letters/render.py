"""The issued letter as a PDF (WeasyPrint): letterhead, number and date, To, Subject,
body, the approver's name and designation, a QR code and short link to the public
verification page; in the letter's own language, with its fonts embedded (Noto from
Debian: Devanagari shaped, Urdu right to left in Nastaliq), as PDF/A-3b.

The same letter renders to the same bytes every time: the PDF's dates are the issue
time and its identifier comes from the dispatch number."""
import hashlib

import segno
from flask import current_app
from markupsafe import Markup

from ..clock import office_day
from ..names import name_in
from ..richtext import clean

FONTS = {
    "en": '"Noto Serif", "Noto Serif Devanagari", "Noto Naskh Arabic", serif',
    "hi": '"Noto Serif Devanagari", "Noto Serif", serif',
    "ur": '"Noto Nastaliq Urdu", "Noto Naskh Arabic", "Noto Serif", serif',
}


def letter_language(dispatch):
    """The language the letter is written in, as chosen when it was drafted."""
    return dispatch.language if dispatch.language in FONTS else "en"


def verify_url(document):
    return f"{current_app.config['PUBLIC_URL'].rstrip('/')}/v/{document.verify_code}"


def qr_svg(url):
    """The link as a QR code in vector form (an inline SVG the PDF keeps as paths)."""
    svg = segno.make(url, error="m").svg_inline(scale=3, border=2)
    return Markup(svg)


def isolated(text):
    """A left-to-right run (number, date, link) kept whole inside right-to-left text."""
    return f"\u2066{text}\u2069"


def letter_facts(dispatch, document, method):
    """Everything the letter shows, read from the records (plain values: the PDF is
    rendered away from the request's session and language)."""
    version = dispatch.version
    approver, post = version.approved_by, version.approved_by_post
    url, language = verify_url(document), document.language
    return dict(
        language=language, office=name_in(dispatch.office, language=language),
        number=isolated(dispatch.dispatch_no),
        date=isolated(office_day(dispatch.issued_at).strftime("%d-%m-%Y")),
        recipients=dispatch.recipient_list, subject=dispatch.subject,
        body=Markup(clean(version.body_html)),
        approver=approver.name if approver else "",
        designation=name_in(post, "designation", language) if post else "",
        digitally_signed=method in ("pkcs11", "pkcs12"), verify_url=isolated(url), qr=qr_svg(url),
        rendered_later=isolated(office_day(document.rendered_later_at).strftime("%d-%m-%Y"))
        if document.rendered_later_at else None,
        fonts=FONTS[document.language], rtl=document.language in current_app.config["RTL_LANGUAGES"],
        issued_iso=dispatch.issued_at.strftime("%Y-%m-%dT%H:%M:%S+00:00"))


def render_pdf(dispatch, document, method):
    """The letter's PDF bytes, the same for the same letter."""
    from weasyprint import HTML

    from ..drafts.letters import render_letter  # drafts issue letters: imported late

    html = render_letter(dispatch, "letters/letter_pdf.html",
                         **letter_facts(dispatch, document, method))
    identifier = hashlib.sha256(dispatch.dispatch_no.encode()).digest()[:16]
    return HTML(string=html, url_fetcher=refuse_fetch).write_pdf(
        pdf_variant="pdf/a-3b", pdf_identifier=identifier, pdf_forms=False,
        finisher=plain_metadata)


def plain_metadata(document, pdf):
    """PDF/A keeps the XMP metadata stream unfiltered, readable by tools that know no PDF;
    WeasyPrint compresses it with everything else (an independent validator, page,
    refuses that: tests/letters/test_pdfa.py)."""
    number = int(bytes(pdf.catalog["Metadata"]).split()[0])  # b"24 0 R"
    pdf.objects[number].compress = False


def refuse_fetch(url, *args, **kwargs):
    """A letter loads nothing from anywhere: its text could name any address."""
    raise ValueError(f"letters fetch no resources ({url[:40]})")
