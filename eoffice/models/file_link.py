"""A file linked to another (earlier correspondence on the matter, a connected case);
shown on both files."""
from ..extensions import db


class FileLink(db.Model):
    __tablename__ = "file_link"
    __table_args__ = (
        db.UniqueConstraint("from_efile_id", "to_efile_id"),
        db.CheckConstraint("from_efile_id <> to_efile_id", name="not_self"),
        db.Index("ix_file_link_to", "to_efile_id"),
    )
    id = db.Column(db.Integer, primary_key=True)
    from_efile_id = db.Column(db.ForeignKey("efile.id"), nullable=False)
    to_efile_id = db.Column(db.ForeignKey("efile.id"), nullable=False)
    remarks = db.Column(db.String(300), nullable=False, default="")
    created_by_id = db.Column(db.ForeignKey("user_account.id"), nullable=False)
    created_by_post_id = db.Column(db.ForeignKey("post.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False)

    from_efile = db.relationship("EFile", foreign_keys=[from_efile_id])
    to_efile = db.relationship("EFile", foreign_keys=[to_efile_id])
    created_by = db.relationship("User")
    created_by_post = db.relationship("Post")
