"""IT readiness of one office: what it has to run e-Office, as last reported."""
from ..extensions import db

READINESS_MEASURES = ("computers", "scanners", "bandwidth_mbps", "vpn_accounts",
                      "signing_tokens", "staff_trained")


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
        return [m for m in READINESS_MEASURES if getattr(self, m) < thresholds[m]]
