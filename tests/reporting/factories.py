"""Reporting factories: plain functions on top of tests/factories.py."""
from eoffice.extensions import db
from eoffice.models import User
from eoffice.reporting.services import proposals
from tests.factories import make_department, make_office, make_unit

PATH_TO = {
    "draft": [], "submitted": ["submitted"], "under_review": ["submitted", "under_review"],
    "approved": ["submitted", "under_review", "approved"],
    "in_development": ["submitted", "under_review", "approved", "in_development"],
    "returned": ["submitted", "returned"], "rejected": ["submitted", "rejected"],
}


def user(username):
    return db.session.query(User).filter_by(username=username).one()


def proposal_fields(**overrides):
    fields = {"service_name": "Domicile certificate", "department_id": make_department().id,
              "citizen_gets": "A domicile certificate", "documents_needed": "Aadhaar card",
              "expected_applications": 1200, "delivery_days": 15, "fee_rupees": 0}
    fields.update(overrides)
    return fields


def make_proposal(district, author="dc.srinagar", status="draft", **overrides):
    """A proposal by the district's user, moved along to the status asked for."""
    proposal = proposals.create_proposal(user(author), district, **proposal_fields(**overrides))
    for step in PATH_TO[status]:
        if step == "submitted":
            proposals.submit_proposal(user(author), proposal)
        else:
            proposals.change_proposal_status(user("cs.it"), proposal, step, remarks="Because.")
    db.session.commit()
    return proposal


def add_units(org):
    """Srinagar gets a second tehsil, two blocks (one with a panchayat) and their offices."""
    srinagar = org["units"]["srinagar"]
    units = {
        "shalteng": make_unit("SGR-T2", "tehsil", srinagar, "Shalteng"),
        "block1": make_unit("SGR-B1", "block", srinagar, "Srinagar Block I"),
        "block2": make_unit("SGR-B2", "block", srinagar, "Srinagar Block II"),
        "jammu_north": make_unit("JMU-T1", "tehsil", org["units"]["jammu"], "Jammu North"),
    }
    units["panchayat"] = make_unit("SGR-B1-P1", "panchayat", units["block1"], "Panchayat One")
    units["bdo"] = make_office("BDO-SGR-B1", units["block1"],
                               make_department("RDD", "Rural Development"),
                               name="Block Development Office, Srinagar Block I")
    db.session.commit()
    return units
