"""A letter drafted inside a file, edited up the chain (every save a new version),
approved by a post authorised to approve, then issued."""
from ..extensions import db
from ..vocabulary import LETTER_DRAFT, LETTER_STATUSES, one_of_sql

DRAFT_STATUSES = LETTER_STATUSES.codes
# a letter speaks one language, chosen when drafting: its frame (To, Subject, the
# letterhead, names) is shown, printed and exported in it, whatever the reader's
LETTER_LANGUAGES = ("en", "hi", "ur")


class DraftLetter(db.Model):
    __tablename__ = "draft_letter"
    __table_args__ = (db.CheckConstraint(one_of_sql("status", DRAFT_STATUSES), name="status"),
                      db.CheckConstraint("language IN ('en', 'hi', 'ur')", name="language"))
    id = db.Column(db.Integer, primary_key=True)
    efile_id = db.Column(db.ForeignKey("efile.id"), nullable=False, index=True)
    status = db.Column(db.String(16), nullable=False, default=LETTER_DRAFT)
    language = db.Column(db.String(8), nullable=False, default="en", server_default="en")
    created_by_id = db.Column(db.ForeignKey("user_account.id"), nullable=False)
    created_by_post_id = db.Column(db.ForeignKey("post.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False)

    efile = db.relationship("EFile")
    created_by = db.relationship("User")
    created_by_post = db.relationship("Post")
    versions = db.relationship("DraftVersion", back_populates="draft",
                               order_by="DraftVersion.number")

    @property
    def latest(self):
        return self.versions[-1] if self.versions else None

    @property
    def approved_version(self):
        return next((v for v in self.versions if v.approved_at is not None), None)

    @property
    def subject(self):
        return self.latest.subject if self.latest else ""


class DraftVersion(db.Model):
    __tablename__ = "draft_version"
    __table_args__ = (db.UniqueConstraint("draft_id", "number"),)
    id = db.Column(db.Integer, primary_key=True)
    draft_id = db.Column(db.ForeignKey("draft_letter.id"), nullable=False)
    number = db.Column(db.Integer, nullable=False)
    subject = db.Column(db.String(500), nullable=False)
    body_html = db.Column(db.Text, nullable=False)
    author_id = db.Column(db.ForeignKey("user_account.id"), nullable=False)
    post_id = db.Column(db.ForeignKey("post.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False)
    approved_at = db.Column(db.DateTime)
    approved_by_id = db.Column(db.ForeignKey("user_account.id"))
    approved_by_post_id = db.Column(db.ForeignKey("post.id"))
    signature_id = db.Column(db.ForeignKey("signature.id"))

    draft = db.relationship("DraftLetter", back_populates="versions")
    author = db.relationship("User", foreign_keys=[author_id])
    post = db.relationship("Post", foreign_keys=[post_id])
    approved_by = db.relationship("User", foreign_keys=[approved_by_id])
    approved_by_post = db.relationship("Post", foreign_keys=[approved_by_post_id])
    signature = db.relationship("Signature")
