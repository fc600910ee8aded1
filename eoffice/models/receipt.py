"""A receipt (dak): incoming mail, diarised in an office, moved post to post."""
from ..extensions import db
from .records import MovableMixin, open_items_index


class Receipt(MovableMixin, db.Model):
    __tablename__ = "receipt"
    __table_args__ = (
        db.UniqueConstraint("office_id", "diary_year", "diary_serial", "copy_no"),
        # inbox, parked, pendency: one post's items newest first, cut to a page
        db.Index("ix_receipt_holder", "holder_post_id", "status", "holder_since", "id"),
        db.Index("ix_receipt_holder_due", "holder_post_id", "status", "due_on"),  # overdue
        # sent view, pendency with others: where it is now and when due, read off the index
        db.Index("ix_receipt_sent", "sent_by_post_id", "status", "holder_since", "id",
                 "holder_post_id", "due_on"),
        db.Index("ix_receipt_created", "created_by_post_id", "holder_since", "id"),
        # an outside system's idempotency key, unique per client (the creating account)
        db.UniqueConstraint("created_by_id", "external_ref"),
        open_items_index("receipt"),
    )
    kind = "receipt"
    id = db.Column(db.Integer, primary_key=True)
    diary_no = db.Column(db.String(64), nullable=False, index=True)
    diary_year = db.Column(db.Integer, nullable=False)
    diary_serial = db.Column(db.Integer, nullable=False)
    copy_no = db.Column(db.Integer, nullable=False, default=0)
    copy_of_id = db.Column(db.ForeignKey("receipt.id"))
    body = db.Column(db.Text, nullable=False, default="")
    sender_name = db.Column(db.String(160), nullable=False)
    sender_designation = db.Column(db.String(160), nullable=False, default="")
    sender_organisation = db.Column(db.String(200), nullable=False, default="")
    sender_address = db.Column(db.String(400), nullable=False, default="")
    sender_email = db.Column(db.String(200), nullable=False, default="")
    sender_mobile = db.Column(db.String(20), nullable=False, default="")
    letter_no = db.Column(db.String(120), nullable=False, default="")
    letter_date = db.Column(db.Date)
    received_on = db.Column(db.Date, nullable=False)
    diarised_at = db.Column(db.DateTime, nullable=False)
    mode = db.Column(db.String(16), nullable=False)
    category = db.Column(db.String(32), nullable=False)
    external_ref = db.Column(db.String(120))
    efile_id = db.Column(db.ForeignKey("efile.id"), index=True)

    efile = db.relationship("EFile", foreign_keys=[efile_id])
    attachments = db.relationship("Attachment", order_by="Attachment.id",
                                  back_populates="receipt")

    @property
    def number(self):
        return self.diary_no
