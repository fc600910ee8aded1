"""Every string the code and templates show has a Hindi and an Urdu translation.

Messages are extracted afresh from the sources (not from the committed .pot), so a
new untranslated string fails here."""
import os

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from eoffice import ROOT

METHOD_MAP = [("eoffice/**.py", "python"), ("templates/**.html", "jinja2")]
# As the Makefile's extract: N_ takes a message, or a singular and plural (form_messages.py);
# the p-forms take a context first
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
            "N_": {1: None, 2: (1, 2)}, "pgettext": ((1, "c"), 2),
            "npgettext": ((1, "c"), 2, 3), "lazy_pgettext": ((1, "c"), 2)}


def _wanted_dir(path):
    name = os.path.basename(path)
    return not name.startswith(".") and name not in ("node_modules", "vendor")


def source_messages():
    messages = set()
    for _filename, _lineno, message, _comments, context in extract_from_dir(
            ROOT, METHOD_MAP, keywords=KEYWORDS, options_map={}, directory_filter=_wanted_dir):
        messages.add((context, message[0] if isinstance(message, tuple) else message))
    return messages


@pytest.fixture(scope="module")
def messages():
    found = source_messages()
    assert len(found) > 100
    return found


@pytest.mark.parametrize("language", ["hi", "ur"])
def test_every_message_is_translated(messages, language):
    path = os.path.join(ROOT, "eoffice", "translations", language, "LC_MESSAGES", "messages.po")
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=language)
    translated = set()
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if all(strings):
            translated.add((message.context,
                            message.id[0] if isinstance(message.id, tuple) else message.id))
    missing = sorted(messages - translated)
    assert not missing, f"{len(missing)} untranslated in {language}: {missing[:20]}"


# English words with more than one meaning here: each use says which (pgettext), or
# Hindi and Urdu readers get one meaning everywhere ("Post" the mail mode read as पद, a
# position; the letter's "To" read as तक, "until").
AMBIGUOUS = {
    "Post": "mail mode | position",
    "To": "letter addressee | date range | movement",
    "From": "date range | movement",
    "Sent by": "mail mode",
}


def test_ambiguous_words_always_carry_a_context(messages):
    bare = sorted(message for context, message in messages
                  if context is None and message in AMBIGUOUS)
    assert not bare, f"give these a context (pgettext), as {AMBIGUOUS}: {bare}"


def test_the_ambiguity_check_catches_a_bare_use(messages):
    assert not test_ambiguous_words_always_carry_a_context(messages)  # passes as it is
    with __import__("pytest").raises(AssertionError):
        test_ambiguous_words_always_carry_a_context(messages | {(None, "Post")})


@pytest.mark.parametrize("language, context, word, meant", [
    ("hi", "mail mode", "Post", "डाक"), ("ur", "mail mode", "Post", "ڈاک"),
    ("hi", "position", "Post", "पद"), ("ur", "position", "Post", "عہدہ"),
    ("hi", "letter addressee", "To", "सेवा में"), ("ur", "letter addressee", "To", "بخدمت"),
    ("hi", "date range", "To", "तक"), ("ur", "date range", "To", "تک"),
])
def test_each_meaning_has_its_own_translation(app, language, context, word, meant):
    from eoffice.i18n import in_language, pgettext
    with app.test_request_context(), in_language(language):
        assert pgettext(context, word) == meant
