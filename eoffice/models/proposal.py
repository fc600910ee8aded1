"""Online-service proposals a district makes for e-UNNAT, with their append-only history."""
from .. import vocabulary
from ..extensions import db

PROPOSAL_STATUSES = vocabulary.PROPOSAL_STATUSES.codes
# What counts toward a district's target: sent to the UT and neither returned nor rejected.
COUNTED_STATUSES = ("submitted", "under_review", "approved", "in_development", "live")
EDITABLE_STATUSES = ("draft", "returned")
TRANSITIONS = {
    "draft": ("submitted",),
    "returned": ("submitted",),
    "submitted": ("under_review", "returned", "rejected"),
    "under_review": ("approved", "returned", "rejected"),
    "approved": ("in_development",),
    "in_development": ("live",),
    "live": (),
    "rejected": (),
}
DISTRICT_MOVES = ("submitted",)  # every other move is the UT's review
REMARKS_REQUIRED = ("returned", "rejected")


class ServiceProposal(db.Model):
    __tablename__ = "service_proposal"
    id = db.Column(db.Integer, primary_key=True)
    district_id = db.Column(db.ForeignKey("org_unit.id"), nullable=False, index=True)
    department_id = db.Column(db.ForeignKey("department.id"), nullable=False, index=True)
    service_name = db.Column(db.String(200), nullable=False)
    citizen_gets = db.Column(db.Text, nullable=False)
    documents_needed = db.Column(db.Text, nullable=False, default="")
    expected_applications = db.Column(db.Integer, nullable=False)  # per year
    delivery_days = db.Column(db.Integer, nullable=False)
    fee_rupees = db.Column(db.Integer, nullable=False, default=0)
    status = db.Column(db.String(16), nullable=False, default="draft", index=True)
    service_code = db.Column(db.String(32), unique=True)  # given when live on e-UNNAT
    created_by_id = db.Column(db.ForeignKey("user_account.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False)
    updated_at = db.Column(db.DateTime, nullable=False)

    district = db.relationship("OrgUnit")
    department = db.relationship("Department")
    created_by = db.relationship("User")
    events = db.relationship("ProposalEvent", back_populates="proposal",
                             order_by="ProposalEvent.id")

    def __repr__(self):
        return f"<ServiceProposal {self.id} {self.status}>"

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES

    def review_moves(self):
        return [s for s in TRANSITIONS[self.status] if s not in DISTRICT_MOVES]


class ProposalEvent(db.Model):
    """One change to a proposal: created, edited or a status move. Never updated."""
    __tablename__ = "proposal_event"
    id = db.Column(db.Integer, primary_key=True)
    proposal_id = db.Column(db.ForeignKey("service_proposal.id"), nullable=False, index=True)
    action = db.Column(db.String(16), nullable=False)
    from_status = db.Column(db.String(16))
    to_status = db.Column(db.String(16))
    remarks = db.Column(db.Text, nullable=False, default="")
    user_id = db.Column(db.ForeignKey("user_account.id"), nullable=False)
    at = db.Column(db.DateTime, nullable=False)

    proposal = db.relationship("ServiceProposal", back_populates="events")
    user = db.relationship("User")
