"""Vocabulary shared by receipts and files."""
GRADINGS = ("normal", "confidential", "secret", "top_secret")
RESTRICTED_GRADINGS = ("confidential", "secret", "top_secret")
PRIORITIES = ("normal", "immediate", "most_immediate")
PRIORITY_RANK = {"normal": 0, "immediate": 1, "most_immediate": 2}
RECEIPT_MODES = ("post", "hand", "email", "eunnat", "electronic")
RECEIPT_CATEGORIES = ("general", "application", "complaint", "court_case", "government_order",
                      "rti", "representation", "other")
FILE_CATEGORIES = ("general", "establishment", "accounts", "policy", "court_case", "rti",
                   "works", "other")


class MovableMixin:
    """Columns that cache an item's last movement, kept in the same transaction."""

    def is_restricted(self):
        return self.grading in RESTRICTED_GRADINGS
