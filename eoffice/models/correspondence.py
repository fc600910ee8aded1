"""The correspondence part of a file: receipts put in and letters issued, numbered in
a page series of their own. The first receipt is the PUC, later ones FR I, FR II..."""
from ..extensions import db


def roman(number):
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    result = ""
    for value, numeral in numerals:
        count, number = divmod(number, value)
        result += numeral * count
    return result


class CorrespondencePage(db.Model):
    __tablename__ = "correspondence_page"
    __table_args__ = (
        db.UniqueConstraint("efile_id", "page_no"),
        db.CheckConstraint("(receipt_id IS NULL) <> (dispatch_id IS NULL)", name="one_item"),
    )
    id = db.Column(db.Integer, primary_key=True)
    efile_id = db.Column(db.ForeignKey("efile.id"), nullable=False)
    page_no = db.Column(db.Integer, nullable=False)
    receipt_ordinal = db.Column(db.Integer)  # 1 = PUC, 2 = FR I, ...; none for issued letters
    receipt_id = db.Column(db.ForeignKey("receipt.id"), unique=True)
    dispatch_id = db.Column(db.ForeignKey("dispatch.id"), unique=True)
    added_at = db.Column(db.DateTime, nullable=False)
    added_by_id = db.Column(db.ForeignKey("user_account.id"), nullable=False)

    efile = db.relationship("EFile")
    receipt = db.relationship("Receipt")
    dispatch = db.relationship("Dispatch")
    added_by = db.relationship("User")

    @property
    def label(self):
        """PUC, FR I, FR II... for receipts; empty for issued letters (labelled in pages)."""
        if self.receipt_ordinal is None:
            return ""
        return "PUC" if self.receipt_ordinal == 1 else f"FR {roman(self.receipt_ordinal - 1)}"

    @property
    def item(self):
        return self.receipt if self.receipt_id else self.dispatch
