"""An e-file (or a physical file tracked here), numbered by its office's scheme."""
from ..extensions import db
from .records import MovableMixin, open_items_index


class EFile(MovableMixin, db.Model):
    __tablename__ = "efile"
    __table_args__ = (
        db.UniqueConstraint("office_id", "file_no"),
        # inbox, parked, pendency: one post's items newest first, cut to a page
        db.Index("ix_efile_holder", "holder_post_id", "status", "holder_since", "id"),
        db.Index("ix_efile_holder_due", "holder_post_id", "status", "due_on"),  # overdue
        # sent view, pendency with others: where it is now and when due, read off the index
        db.Index("ix_efile_sent", "sent_by_post_id", "status", "holder_since", "id",
                 "holder_post_id", "due_on"),
        db.Index("ix_efile_created", "created_by_post_id", "holder_since", "id"),
        db.Index("ix_efile_file_no", "file_no"),
        open_items_index("efile"),
    )
    kind = "file"
    id = db.Column(db.Integer, primary_key=True)
    section_id = db.Column(db.ForeignKey("section.id"))
    file_no = db.Column(db.String(160), nullable=False)
    serial = db.Column(db.Integer, nullable=False)
    year = db.Column(db.Integer, nullable=False)
    head = db.Column(db.String(40), nullable=False)
    category = db.Column(db.String(32), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False)
    closed_at = db.Column(db.DateTime)
    close_reason = db.Column(db.String(500))

    section = db.relationship("Section")
    receipts = db.relationship("Receipt", foreign_keys="Receipt.efile_id", viewonly=True,
                               order_by="Receipt.id")

    @property
    def number(self):
        return self.file_no
