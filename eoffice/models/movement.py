"""Append-only log of everything that happens to a file or receipt."""
from .. import vocabulary
from ..extensions import db
from ..integrity import triggers

ACTIONS = vocabulary.ACTIONS.codes


class Movement(db.Model):
    __tablename__ = "movement"
    __table_args__ = (
        db.CheckConstraint("(efile_id IS NULL) <> (receipt_id IS NULL)", name="one_item"),
        db.Index("ix_movement_efile", "efile_id", "id"),
        db.Index("ix_movement_receipt", "receipt_id", "id"),
        db.Index("ix_movement_by_post", "by_post_id", "action", "at"),
        db.Index("ix_movement_to_post", "to_post_id"),
    )
    id = db.Column(db.Integer, primary_key=True)
    efile_id = db.Column(db.ForeignKey("efile.id"))
    receipt_id = db.Column(db.ForeignKey("receipt.id"))
    action = db.Column(db.String(16), nullable=False)
    from_post_id = db.Column(db.ForeignKey("post.id"))
    to_post_id = db.Column(db.ForeignKey("post.id"))
    by_post_id = db.Column(db.ForeignKey("post.id"))
    by_user_id = db.Column(db.ForeignKey("user_account.id"), nullable=False)
    remarks = db.Column(db.String(1000), nullable=False, default="")
    # a remark the portal wrote (labels.MOVEMENT_REMARK): `remarks` holds it in English,
    # and these let each reader see it in their own language
    remark_key = db.Column(db.String(32))
    remark_args = db.Column(db.JSON(none_as_null=True))
    priority = db.Column(db.String(16))
    due_on = db.Column(db.Date)
    at = db.Column(db.DateTime, nullable=False, index=True)
    seal = db.Column(db.String(64))  # keyed MAC: eoffice.integrity.seals

    from_post = db.relationship("Post", foreign_keys=[from_post_id])
    to_post = db.relationship("Post", foreign_keys=[to_post_id])
    by_post = db.relationship("Post", foreign_keys=[by_post_id])
    by_user = db.relationship("User")
    receipt = db.relationship("Receipt", viewonly=True)


triggers.attach(Movement.__table__)
