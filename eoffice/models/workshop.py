"""Training workshops held in a tehsil or block."""
from ..extensions import db
from ..vocabulary import WORKSHOP_UNIT_KINDS  # noqa: F401 - where workshops are held


class Workshop(db.Model):
    __tablename__ = "workshop"
    id = db.Column(db.Integer, primary_key=True)
    org_unit_id = db.Column(db.ForeignKey("org_unit.id"), nullable=False, index=True)
    held_on = db.Column(db.Date, nullable=False, index=True)
    venue = db.Column(db.String(200), nullable=False)
    trainer = db.Column(db.String(160), nullable=False)
    participants = db.Column(db.Integer, nullable=False)
    offices_covered = db.Column(db.Text, nullable=False, default="")
    topics = db.Column(db.Text, nullable=False, default="")
    recorded_by_id = db.Column(db.ForeignKey("user_account.id"), nullable=False)
    recorded_at = db.Column(db.DateTime, nullable=False)
    updated_at = db.Column(db.DateTime, nullable=False)

    org_unit = db.relationship("OrgUnit")
    recorded_by = db.relationship("User")

    def __repr__(self):
        return f"<Workshop {self.id} {self.held_on}>"
