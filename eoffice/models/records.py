"""Vocabulary shared by receipts and files."""
from sqlalchemy import Index, text

GRADINGS = ("normal", "confidential", "secret", "top_secret")
RESTRICTED_GRADINGS = ("confidential", "secret", "top_secret")
PRIORITIES = ("normal", "immediate", "most_immediate")
PRIORITY_RANK = {"normal": 0, "immediate": 1, "most_immediate": 2}
RECEIPT_MODES = ("post", "hand", "email", "eunnat", "electronic")
RECEIPT_CATEGORIES = ("general", "application", "complaint", "court_case", "government_order",
                      "rti", "representation", "other")
FILE_CATEGORIES = ("general", "establishment", "accounts", "policy", "court_case", "rti",
                   "works", "other")
OPEN_STATUSES = ("active", "parked")
# SQL for "still pending"; written out (not bound) so that the partial indexes below
# match the queries that use it, on SQLite and PostgreSQL alike
OPEN_SQL = "status IN ('active', 'parked')"


def open_items_index(table):
    """Pending items by holder with their age and due date: dashboards count pendency
    from this index alone."""
    return Index(f"ix_{table}_open", "holder_post_id", "holder_since", "due_on",
                 postgresql_where=text(OPEN_SQL), sqlite_where=text(OPEN_SQL))


class MovableMixin:
    """Columns that cache an item's last movement, kept in the same transaction."""

    def is_restricted(self):
        return self.grading in RESTRICTED_GRADINGS
