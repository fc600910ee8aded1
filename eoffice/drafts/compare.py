"""Two versions of a draft side by side: what was removed, what was added."""
from difflib import SequenceMatcher

from .. import richtext


def word_changes(old_html, new_html):
    """[(kind, text)] with kind 'same', 'removed' or 'added', word by word; a line
    break is kept as "\\n" so the page can show paragraphs."""
    old, new = richtext.words(old_html), richtext.words(new_html)
    changes = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            changes.append(("same", _join(old[i1:i2])))
            continue
        if i2 > i1:
            changes.append(("removed", _join(old[i1:i2])))
        if j2 > j1:
            changes.append(("added", _join(new[j1:j2])))
    return changes


def _join(tokens):
    return " ".join(tokens).replace(" \n ", "\n").replace(" \n", "\n").replace("\n ", "\n")


def compare_versions(old, new):
    return {"subject_changed": old.subject != new.subject,
            "body": word_changes(old.body_html, new.body_html)}
