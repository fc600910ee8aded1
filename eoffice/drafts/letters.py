"""An issued letter in its own language: the frame (letterhead, To, Subject, names,
dates) speaks the language chosen when drafting, whatever the reader's. The page, the
print and the PDF all render it through here."""
import html
import re

from flask import render_template
from markupsafe import Markup

from ..i18n import in_language

LETTER_TEMPLATE = "drafts/_letter.html"


def render_letter(dispatch, template=LETTER_TEMPLATE, **context):
    """The letter's HTML in its language (an <article lang dir>, for a page or a PDF)."""
    with in_language(dispatch.language):
        return Markup(render_template(template, dispatch=dispatch, version=dispatch.version,
                                      **context))


PREVIEW_TEMPLATE = "drafts/_letterhead_preview.html"
# what the letterhead prints and drafters tend to type again at the top of the text
REPEATED_HEAD = re.compile(r"^\s*(to\b|subject\s*:|sub\s*:|no\.|dated\b|government of)",
                           re.IGNORECASE)


def render_preview(draft, version):
    """A draft version on its letterhead, in the letter's language: the office, the
    number and date (given on issue), To (named on issue) and Subject around the text."""
    with in_language(draft.language):
        return Markup(render_template(PREVIEW_TEMPLATE, draft=draft, version=version,
                                      office=draft.efile.office))


def repeated_in_text(version):
    """Whether the text's first lines repeat what the letterhead prints (To, Subject,
    No., Dated, or the subject itself), which the issued letter would then print twice."""
    text = html.unescape(re.sub(r"<[^>]+>", "\n", version.body_html or ""))
    first_lines = [line.strip() for line in text.splitlines() if line.strip()][:6]
    subject = (version.subject or "").strip().casefold()
    return any(REPEATED_HEAD.match(line) or (subject and line.casefold() == subject)
               for line in first_lines)
