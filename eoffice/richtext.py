"""The one HTML allow-list for notes and draft letters.

Text comes in through `clean()` (bleach, allow-list) and is stored clean; pages show
it through the `richtext` filter, which cleans again, so even a row edited behind the
portal's back cannot run script in a browser. Nothing else is ever rendered `|safe`.
"""
import re
from functools import lru_cache
from html import unescape

import bleach
from markupsafe import Markup

TAGS = frozenset({"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "blockquote",
                  "table", "thead", "tbody", "tr", "th", "td"})
ATTRIBUTES = {"a": ["href"], "th": ["colspan", "rowspan"], "td": ["colspan", "rowspan"]}
# Links go to the web (http, https) or to files and receipts in this portal.
LOCAL_LINK = re.compile(r"^/(files|receipts)/\d+(/[a-z0-9-]+(/\d+)?)?/?(#[A-Za-z0-9_-]+)?$")
WEB_LINK = re.compile(r"^https?://[^\s\"'<>]+$", re.IGNORECASE)
SPAN = re.compile(r"^[1-9][0-9]?$")
# Elements whose content is code or chrome, not text: removed whole, content and all.
DROPPED = re.compile(r"<(script|style|template|iframe|object|embed|noscript|textarea|title"
                     r"|svg|math)\b[^>]*>.*?(</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL)
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
DEVANAGARI = re.compile(r"[\u0900-\u097f]")
LATIN = re.compile(r"[A-Za-z]")
TEXT_ONLY = re.compile(r"<[^>]*>")
INLINE_TAG = re.compile(r"</?(b|strong|i|em|u|a)\b[^>]*>", re.IGNORECASE)
HAS_BLOCKS = re.compile(r"<(p|br|ul|ol|table)\b", re.IGNORECASE)
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
BLOCK_END = re.compile(r"<br\s*/?>|</(p|li|tr|th|td)>", re.IGNORECASE)


def _allowed(tag, name, value):
    if name == "href":
        value = value.strip()
        return bool(LOCAL_LINK.match(value) or WEB_LINK.match(value))
    if name in ("colspan", "rowspan"):
        return bool(SPAN.match(value.strip()))
    return False


_cleaner = bleach.Cleaner(tags=TAGS, attributes={tag: _allowed for tag in ATTRIBUTES},
                          protocols=["http", "https"], strip=True, strip_comments=True)


def clean(html):
    """The allow-listed subset of html: paragraphs, bold, italic, underline, lists,
    tables and links to the web or to this portal's files and receipts. Text typed
    without paragraph tags gets them: a blank line starts a paragraph."""
    html = DROPPED.sub("", html or "")
    if not HAS_BLOCKS.search(html):
        html = "".join(f"<p>{'<br>'.join(part.strip().splitlines())}</p>"
                       for part in PARAGRAPH_BREAK.split(html.strip()) if part.strip())
    return _cleaner.clean(html).strip()


def plain_text(html):
    """The words of cleaned html, for comparing versions and for checks of emptiness."""
    text = TEXT_ONLY.sub(" ", INLINE_TAG.sub("", html or ""))
    return " ".join(unescape(text).split())


def words(html):
    """The words of cleaned html, with "\n" where a paragraph, item or cell ends."""
    tokens = []
    for line in BLOCK_END.sub("\n", html or "").split("\n"):
        line_words = plain_text(line).split()
        if line_words:
            tokens += line_words + ["\n"]
    return tokens


def is_blank(html):
    return not plain_text(html)


def script_language(html):
    """'ur' for Arabic-script text, 'hi' for Devanagari, 'en' for Latin, else None: an
    Urdu note gets its font and line height in any page, an English one keeps Latin
    digits and punctuation inside an Urdu page."""
    text = plain_text(html)
    if ARABIC_SCRIPT.search(text):
        return "ur"
    if DEVANAGARI.search(text):
        return "hi"
    return "en" if LATIN.search(text) else None


@lru_cache(maxsize=1024)
def render(html):
    """Cleaning is a function of the text alone and final notes never change, so each
    worker cleans a note once, not on every view of its file."""
    return Markup(clean(html))

