"""Posts are positions, not people; post holdings say who sits in them and when."""
from .. import vocabulary
from ..extensions import db

HOLDING_KINDS = vocabulary.HOLDING_KINDS.codes
# What a post oversees (read-only), whoever holds it today, by regular posting,
# additional charge or delegation: "ut" every unit, "district" the district its office
# is at, "none" nothing beyond its own work. Never from the person or their other posts.
OVERSIGHT_SCOPES = vocabulary.OVERSIGHT_SCOPES.codes


class Post(db.Model):
    __tablename__ = "post"
    __table_args__ = (db.CheckConstraint("oversight IN ('none', 'district', 'ut')",
                                         name="oversight"),)
    id = db.Column(db.Integer, primary_key=True)
    office_id = db.Column(db.ForeignKey("office.id"), nullable=False, index=True)
    section_id = db.Column(db.ForeignKey("section.id"), index=True)
    designation = db.Column(db.String(160), nullable=False)
    label = db.Column(db.String(80), nullable=False)  # short marking label, e.g. "SO (Estt)"
    designation_hi = db.Column(db.String(160))  # Hindi and Urdu names: eoffice.names
    designation_ur = db.Column(db.String(160))
    label_hi = db.Column(db.String(80))
    label_ur = db.Column(db.String(80))
    reports_to_id = db.Column(db.ForeignKey("post.id"), index=True)
    # may approve draft letters for issue (DC, ADC and posts the administration names)
    can_approve = db.Column(db.Boolean, nullable=False, default=False)
    active = db.Column(db.Boolean, nullable=False, default=True)
    oversight = db.Column(db.String(8), nullable=False, default="none", server_default="none")

    office = db.relationship("Office")
    section = db.relationship("Section")
    reports_to = db.relationship("Post", remote_side=[id])

    def __repr__(self):
        return f"<Post {self.label}>"

    @property
    def full_label(self):
        return f"{self.label}, {self.office.name}"


class PostHolding(db.Model):
    __tablename__ = "post_holding"
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user_account.id"), nullable=False, index=True)
    post_id = db.Column(db.ForeignKey("post.id"), nullable=False, index=True)
    kind = db.Column(db.String(16), nullable=False, default="regular")
    starts_on = db.Column(db.Date, nullable=False)
    ends_on = db.Column(db.Date)
    delegated_by_id = db.Column(db.ForeignKey("user_account.id"))

    user = db.relationship("User", foreign_keys=[user_id], back_populates="holdings")
    post = db.relationship("Post")
    delegated_by = db.relationship("User", foreign_keys=[delegated_by_id])

    def is_current(self, on_day):
        return self.starts_on <= on_day and (self.ends_on is None or self.ends_on >= on_day)
