"""IT readiness of one office: what it has to run e-Office, as last reported, and every
report it made (a month's report shows readiness as it stood at the month's end)."""
from .. import vocabulary
from ..extensions import db

READINESS_MEASURES = vocabulary.READINESS_MEASURES.codes


class OfficeReadiness(db.Model):
    __tablename__ = "office_readiness"
    id = db.Column(db.Integer, primary_key=True)
    office_id = db.Column(db.ForeignKey("office.id"), nullable=False, unique=True)
    computers = db.Column(db.Integer, nullable=False, default=0)
    scanners = db.Column(db.Integer, nullable=False, default=0)
    bandwidth_mbps = db.Column(db.Float, nullable=False, default=0)
    vpn_accounts = db.Column(db.Integer, nullable=False, default=0)
    signing_tokens = db.Column(db.Integer, nullable=False, default=0)
    staff_trained = db.Column(db.Integer, nullable=False, default=0)
    updated_at = db.Column(db.DateTime, nullable=False)
    updated_by_id = db.Column(db.ForeignKey("user_account.id"), nullable=False)

    office = db.relationship("Office")
    updated_by = db.relationship("User")

    def __repr__(self):
        return f"<OfficeReadiness office={self.office_id}>"

    def shortfalls(self, thresholds):
        """The measures below their threshold, in display order."""
        return shortfalls(self, thresholds)


def shortfalls(figures, thresholds):
    return [m for m in READINESS_MEASURES if getattr(figures, m) < thresholds[m]]


class ReadinessReport(db.Model):
    """One report of an office's readiness, kept for good: OfficeReadiness is the latest
    of these; a past month reads the last one made before the month ended."""
    __tablename__ = "readiness_report"
    __table_args__ = (db.Index("ix_readiness_report_office_at", "office_id", "reported_at"),)
    id = db.Column(db.Integer, primary_key=True)
    office_id = db.Column(db.ForeignKey("office.id"), nullable=False)
    computers = db.Column(db.Integer, nullable=False)
    scanners = db.Column(db.Integer, nullable=False)
    bandwidth_mbps = db.Column(db.Float, nullable=False)
    vpn_accounts = db.Column(db.Integer, nullable=False)
    signing_tokens = db.Column(db.Integer, nullable=False)
    staff_trained = db.Column(db.Integer, nullable=False)
    reported_at = db.Column(db.DateTime, nullable=False)
    reported_by_id = db.Column(db.ForeignKey("user_account.id"), nullable=False)

    office = db.relationship("Office")
    reported_by = db.relationship("User")

    @property
    def updated_at(self):  # read like the latest figures
        return self.reported_at

    def shortfalls(self, thresholds):
        return shortfalls(self, thresholds)
