"""Onboarding targets an IT admin sets per org unit."""
from ..extensions import db


class UnitTarget(db.Model):
    __tablename__ = "unit_target"
    org_unit_id = db.Column(db.ForeignKey("org_unit.id"), primary_key=True)
    offices_target = db.Column(db.Integer)
    users_target = db.Column(db.Integer)
    updated_at = db.Column(db.DateTime, nullable=False)
    updated_by_id = db.Column(db.ForeignKey("user_account.id"), nullable=False)

    org_unit = db.relationship("OrgUnit")
    updated_by = db.relationship("User")
