"""The first lines of a scanned letter, offered to the diarist for subject and sender.

A letter names its subject after a label ("Subject:", "Sub.", "विषय:", "موضوع:") and
its sender in the letterhead at the top, or after "From:" ("प्रेषक:", "منجانب:").
Where there is no label, the first line is the letterhead: the sender.
"""
import re
from dataclasses import dataclass, field

FIRST_LINES = 6
SUBJECT_LABELS = ("subject", "sub", "re", "विषय", "موضوع", "بابت")
SENDER_LABELS = ("from", "प्रेषक", "منجانب", "از")
_LABELLED = re.compile(r"^\s*([^\W\d_][\w\u0900-\u097f\u0600-\u06ff]*)\s*[.:\-–]\s*(.+)$")


@dataclass
class Suggestion:
    subject: str = ""
    sender: str = ""
    lines: list = field(default_factory=list)  # the first lines, to read and copy

    def __bool__(self):
        return bool(self.lines)


def _labelled(line, labels):
    match = _LABELLED.match(line)
    if match and match.group(1).casefold() in labels:
        return match.group(2).strip()
    return None


def suggest(text, limit=500):
    """Subject and sender read off the top of the first page (both may be empty)."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    found = Suggestion(lines=lines[:FIRST_LINES])
    for line in lines[:40]:
        found.subject = found.subject or (_labelled(line, SUBJECT_LABELS) or "")
        found.sender = found.sender or (_labelled(line, SENDER_LABELS) or "")
    if not found.sender and lines and _labelled(lines[0], SUBJECT_LABELS) is None:
        found.sender = lines[0]
    found.subject, found.sender = found.subject[:limit], found.sender[:160]
    return found
