"""An issued letter: the office's next dispatch number, recipients and mode; the
dispatch register is these rows."""
from ..extensions import db

DISPATCH_MODES = ("post", "email", "hand", "eunnat")


class Dispatch(db.Model):
    __tablename__ = "dispatch"
    __table_args__ = (
        db.UniqueConstraint("office_id", "year", "serial"),
        db.Index("ix_dispatch_office_issued", "office_id", "issued_at"),
    )
    id = db.Column(db.Integer, primary_key=True)
    office_id = db.Column(db.ForeignKey("office.id"), nullable=False)
    year = db.Column(db.Integer, nullable=False)
    serial = db.Column(db.Integer, nullable=False)
    dispatch_no = db.Column(db.String(64), nullable=False, unique=True)
    draft_id = db.Column(db.ForeignKey("draft_letter.id"), nullable=False, unique=True)
    draft_version_id = db.Column(db.ForeignKey("draft_version.id"), nullable=False)
    efile_id = db.Column(db.ForeignKey("efile.id"), nullable=False, index=True)
    subject = db.Column(db.String(500), nullable=False)
    recipients = db.Column(db.Text, nullable=False)  # one per line
    mode = db.Column(db.String(16), nullable=False)
    issued_at = db.Column(db.DateTime, nullable=False)
    issued_by_id = db.Column(db.ForeignKey("user_account.id"), nullable=False)
    issued_by_post_id = db.Column(db.ForeignKey("post.id"), nullable=False)

    office = db.relationship("Office")
    draft = db.relationship("DraftLetter")
    version = db.relationship("DraftVersion")
    efile = db.relationship("EFile")
    issued_by = db.relationship("User")
    issued_by_post = db.relationship("Post")

    @property
    def language(self):
        """The letter's language, fixed with its draft (eoffice.drafts.letters)."""
        return self.draft.language

    @property
    def number(self):
        return self.dispatch_no

    @property
    def recipient_list(self):
        return [line for line in self.recipients.splitlines() if line.strip()]
