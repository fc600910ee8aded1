"""Who signed what, and when: a password confirmation today, a DSC or eSign later."""
from ..extensions import db
from ..integrity import triggers

SIGNATURE_PURPOSES = ("notes", "draft_approval", "letter")


class Signature(db.Model):
    __tablename__ = "signature"
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user_account.id"), nullable=False, index=True)
    post_id = db.Column(db.ForeignKey("post.id"))
    purpose = db.Column(db.String(32), nullable=False)
    method = db.Column(db.String(16), nullable=False, default="password")
    payload_sha256 = db.Column(db.String(64), nullable=False)
    signed_at = db.Column(db.DateTime, nullable=False)
    seal = db.Column(db.String(64))  # keyed MAC: eoffice.integrity.seals

    user = db.relationship("User")
    post = db.relationship("Post")


triggers.attach(Signature.__table__)
