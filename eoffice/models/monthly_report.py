"""A district's monthly report: remarks while a draft, a frozen snapshot once submitted."""
from ..extensions import db


class MonthlyReport(db.Model):
    __tablename__ = "monthly_report"
    __table_args__ = (db.UniqueConstraint("district_id", "month"),)
    id = db.Column(db.Integer, primary_key=True)
    district_id = db.Column(db.ForeignKey("org_unit.id"), nullable=False, index=True)
    month = db.Column(db.Date, nullable=False, index=True)  # first day of the month
    status = db.Column(db.String(16), nullable=False, default="draft")
    dc_remarks = db.Column(db.Text, nullable=False, default="")
    content = db.Column(db.JSON)  # assembled report, kept as it was when submitted
    updated_at = db.Column(db.DateTime, nullable=False)
    updated_by_id = db.Column(db.ForeignKey("user_account.id"), nullable=False)
    submitted_at = db.Column(db.DateTime)
    submitted_by_id = db.Column(db.ForeignKey("user_account.id"))

    district = db.relationship("OrgUnit")
    updated_by = db.relationship("User", foreign_keys=[updated_by_id])
    submitted_by = db.relationship("User", foreign_keys=[submitted_by_id])

    def __repr__(self):
        return f"<MonthlyReport {self.district_id} {self.month}>"

    @property
    def is_submitted(self):
        return self.status == "submitted"
