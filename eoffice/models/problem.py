"""Infrastructure problems an office raises, and their append-only history."""
from .. import vocabulary
from ..extensions import db

PROBLEM_CATEGORIES = vocabulary.PROBLEM_CATEGORIES.codes
PROBLEM_STATUSES = vocabulary.PROBLEM_STATUSES.codes
ESCALATION_TARGETS = vocabulary.ESCALATION_TARGETS.codes


class InfraProblem(db.Model):
    __tablename__ = "infra_problem"
    id = db.Column(db.Integer, primary_key=True)
    office_id = db.Column(db.ForeignKey("office.id"), nullable=False, index=True)
    category = db.Column(db.String(16), nullable=False)
    summary = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    status = db.Column(db.String(16), nullable=False, default="open", index=True)
    escalated_to = db.Column(db.String(16))
    raised_by_id = db.Column(db.ForeignKey("user_account.id"), nullable=False)
    raised_at = db.Column(db.DateTime, nullable=False, index=True)
    resolved_at = db.Column(db.DateTime)

    office = db.relationship("Office")
    raised_by = db.relationship("User")
    events = db.relationship("ProblemEvent", back_populates="problem", order_by="ProblemEvent.id")

    def __repr__(self):
        return f"<InfraProblem {self.id} {self.status}>"

    @property
    def is_resolved(self):
        return self.status == "resolved"

    def age_days(self, now):
        """Days open so far, or days it took when resolved."""
        return ((self.resolved_at or now) - self.raised_at).days


class ProblemEvent(db.Model):
    """Raised, commented on, escalated or resolved. Never updated."""
    __tablename__ = "problem_event"
    id = db.Column(db.Integer, primary_key=True)
    problem_id = db.Column(db.ForeignKey("infra_problem.id"), nullable=False, index=True)
    action = db.Column(db.String(16), nullable=False)
    escalated_to = db.Column(db.String(16))
    remarks = db.Column(db.Text, nullable=False, default="")
    user_id = db.Column(db.ForeignKey("user_account.id"), nullable=False)
    at = db.Column(db.DateTime, nullable=False)

    problem = db.relationship("InfraProblem", back_populates="events")
    user = db.relationship("User")
