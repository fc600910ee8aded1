"""Words for the search index, the same way for documents and queries, in any script.

Database tokenisers are not trusted with Devanagari or Perso-Arabic text: SQLite's
`unicode61` splits "किसान" at its vowel signs into "क", "स", "न", and PostgreSQL's
parser depends on the cluster's locale. So text is cut into words here and the
databases receive ready-made tokens (FTS5 `ascii` tokeniser, literal `tsvector`).

A word is a run of letters, combining marks and digits. Vowel signs, virama and
anusvara stay inside it. Marks that writers often leave out are folded away on both
sides (Latin accents, the Devanagari nukta, Arabic harakat), Arabic-keyboard letter
forms become the Urdu ones, and Devanagari or Arabic-Indic digits become 0-9.
"""
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from markupsafe import Markup, escape

MAX_TOKEN = 60
MAX_QUERY_CHUNKS = 8


def _build_tables():
    fold, ranges = {}, []
    for code in range(0x10000):  # every script we serve lives in the BMP
        category = unicodedata.category(chr(code))
        if category == "Nd":
            fold[code] = str(unicodedata.decimal(chr(code)))
        elif category in ("Mn", "Mc", "Me"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    dropped = [*range(0x0300, 0x0370), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE),
               0x093C, 0x200C, 0x200D, 0x0640]
    fold.update({code: None for code in dropped})
    fold.update({0x064A: "\u06CC", 0x0649: "\u06CC", 0x0643: "\u06A9", 0x0647: "\u06C1"})
    mark_class = "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in ranges)
    return fold, mark_class


_FOLD, _MARKS = _build_tables()
# \w is letters, digits and "_"; combining marks are added, "_" taken out
_WORD = re.compile(rf"(?:[^\W_]|[{_MARKS}])+")
# in original text a word may also hold joiners and tatweel that normalising removes
_RAW_WORD = re.compile(rf"(?:[^\W_]|[{_MARKS}\u200c\u200d])+")


def normalise(text):
    text = unicodedata.normalize("NFKD", text or "").translate(_FOLD)
    return unicodedata.normalize("NFC", text).casefold()


def tokens(text):
    """The index words of a text, in order."""
    return [word for word in _WORD.findall(normalise(text)) if len(word) <= MAX_TOKEN]


def number_key(number):
    """File and diary numbers compared as typed: case, spaces and digit scripts ignored."""
    return "".join(normalise(number).split())[:160] or None


@dataclass
class Query:
    """What the user typed: phrases (one per space-separated chunk) that must all
    occur, as whole words. (No prefix matching: in PostgreSQL a prefix of a common
    word gathers every row of every matching word before anything is cut.)"""
    phrases: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.phrases)

    @cached_property
    def words(self):
        return frozenset(word for phrase in self.phrases for word in phrase)

    def matches(self, word):
        return word in self.words

    def score(self, heading):
        """How many of the query's words the heading (number and title words) holds:
        the rank of a match, before its age."""
        padded = f" {heading} "
        return sum(f" {word} " in padded for word in self.words)

    def may_occur_in(self, text):
        """False when no query word can be in the text (a cheap test before highlighting)."""
        folded = normalise(text)
        return any(word in folded for word in self.words)


def parse_query(text):
    phrases = [found for found in (tokens(chunk) for chunk in (text or "").split()) if found]
    return Query(phrases[:MAX_QUERY_CHUNKS])


@lru_cache(maxsize=50000)
def _word_tokens(word):
    return tokens(word)


def highlight(text, query, limit=None):
    """Escaped text with the query's words in <mark>; cut to about `limit` characters
    around the first match. Escaping comes first, so the text cannot inject markup."""
    text = text or ""
    spans = [m.span() for m in _RAW_WORD.finditer(text)
             if any(query.matches(word) for word in _word_tokens(m.group()))] \
        if query and query.may_occur_in(text) else []
    start, end = 0, len(text)
    if limit and len(text) > limit:
        first = spans[0][0] if spans else 0
        start = max(0, first - limit // 3)
        start = text.rfind(" ", 0, start) + 1 if start else 0
        end = min(len(text), start + limit)
        if end < len(text):
            end = max(text.rfind(" ", start, end), spans[0][1] if spans else start)
    pieces, cursor = [], start
    for left, right in spans:
        if left < start or right > end:
            continue
        pieces += [escape(text[cursor:left]), Markup("<mark>"), escape(text[left:right]),
                   Markup("</mark>")]
        cursor = right
    pieces.append(escape(text[cursor:end]))
    result = Markup("").join(pieces)
    if start > 0:
        result = Markup("… ") + result
    if end < len(text):
        result += Markup(" …")
    return result, bool(spans)
