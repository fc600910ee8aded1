"""An issued letter in its own language: the frame (letterhead, To, Subject, names,
dates) speaks the language chosen when drafting, whatever the reader's. The page, the
print and the PDF all render it through here."""
from flask import render_template
from markupsafe import Markup

from ..i18n import in_language

LETTER_TEMPLATE = "drafts/_letter.html"


def render_letter(dispatch, template=LETTER_TEMPLATE, **context):
    """The letter's HTML in its language (an <article lang dir>, for a page or a PDF)."""
    with in_language(dispatch.language):
        return Markup(render_template(template, dispatch=dispatch, version=dispatch.version,
                                      **context))
