"""Columns of a name kept in English and, beside it, in Hindi and Urdu (shown by
eoffice.names in the reader's language; the admin forms set all three)."""
from ..extensions import db


def translated_name(length):
    """name, name_hi, name_ur: the English one required, the others filled in as known."""
    return (db.Column(db.String(length), nullable=False), db.Column(db.String(length)),
            db.Column(db.String(length)))
