"""A numbered paragraph of a file's noting: a draft while the file is with its author,
then final, immutable and chained to the final note before it by hash."""
from ..extensions import db
from ..integrity import triggers
from ..vocabulary import NOTE_DRAFT, NOTE_FINAL, NOTE_STATUSES, one_of_sql

# drafts stay editable; the database refuses to touch finals
FINAL_ROWS = f"OLD.status = '{NOTE_FINAL}'"


class Note(db.Model):
    __tablename__ = "note"
    __table_args__ = (
        db.UniqueConstraint("efile_id", "seq"),
        db.CheckConstraint(one_of_sql("status", NOTE_STATUSES), name="status"),
    )
    id = db.Column(db.Integer, primary_key=True)
    efile_id = db.Column(db.ForeignKey("efile.id"), nullable=False)
    seq = db.Column(db.Integer, nullable=False)  # paragraph number, continuous across authors
    author_id = db.Column(db.ForeignKey("user_account.id"), nullable=False, index=True)
    post_id = db.Column(db.ForeignKey("post.id"), nullable=False)
    # as they stood when the note was written, so later renames do not rewrite history
    author_name = db.Column(db.String(160), nullable=False)
    designation = db.Column(db.String(160), nullable=False)
    body_html = db.Column(db.Text, nullable=False)
    status = db.Column(db.String(8), nullable=False, default=NOTE_DRAFT)
    created_at = db.Column(db.DateTime, nullable=False)
    updated_at = db.Column(db.DateTime, nullable=False)
    finalised_at = db.Column(db.DateTime)
    signature_id = db.Column(db.ForeignKey("signature.id"))
    prev_hash = db.Column(db.String(64))
    hash = db.Column(db.String(64))
    seal = db.Column(db.String(64))  # keyed MAC: eoffice.integrity.seals

    efile = db.relationship("EFile")
    author = db.relationship("User")
    post = db.relationship("Post")
    signature = db.relationship("Signature")

    @property
    def is_final(self):
        return self.status == NOTE_FINAL


triggers.attach(Note.__table__, when=FINAL_ROWS)
