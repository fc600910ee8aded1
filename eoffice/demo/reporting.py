"""Demo district reporting: proposals, workshops, readiness and problems that tell a story.

Some districts have met the five-proposal target, some have not; some tehsils and blocks
have had no workshop; some offices are short of equipment; problems of all ages are open;
a few districts have already submitted last month's report. Numbers are seeded, so every
demo load looks the same apart from dates, which are relative to today.
"""
import random
from datetime import timedelta

from sqlalchemy import select

from ..clock import today, utcnow
from ..extensions import db
from ..models import (
    Department,
    InfraProblem,
    MonthlyReport,
    Office,
    OfficeReadiness,
    OrgUnit,
    ProblemEvent,
    ProposalEvent,
    ReadinessReport,
    ServiceProposal,
    User,
    Workshop,
)

SERVICES = [
    ("Domicile certificate", "REV", "A domicile certificate, signed digitally."),
    ("Income certificate", "REV", "An income certificate valid for one year."),
    ("Legal heir certificate", "REV", "A certificate naming the legal heirs."),
    ("Copy of land record (fard)", "REV", "A certified extract of the land record."),
    ("Disability certificate", "HLT", "A disability certificate after the medical board."),
    ("Death certificate correction", "HLT", "A corrected death certificate."),
    ("School leaving certificate", "SED", "A school leaving certificate."),
    ("Scholarship verification", "SED", "Verified scholarship eligibility."),
    ("Marriage registration", "GAD", "A marriage registration certificate."),
    ("Arms licence renewal", "GAD", "A renewed arms licence."),
    ("MGNREGA job card", "RDD", "A job card under MGNREGA."),
    ("Rural building permission", "RDD", "Permission to build in a rural area."),
    ("Old-age pension enrolment", "RDD", "Enrolment for the old-age pension."),
]
DOCUMENTS = "Aadhaar card\nPassport-size photograph\nProof of residence"
# Districts that have met the target, and how many proposals they count.
STRONG = {"SGR": 7, "JMU": 6, "BDG": 5, "ANT": 5, "BRM": 6, "KTH": 5}
PATHS = {
    "draft": [], "submitted": ["submitted"], "under_review": ["submitted", "under_review"],
    "approved": ["submitted", "under_review", "approved"],
    "in_development": ["submitted", "under_review", "approved", "in_development"],
    "live": ["submitted", "under_review", "approved", "in_development", "live"],
    "returned": ["submitted", "under_review", "returned"], "rejected": ["submitted", "rejected"],
}
COUNTED = ["submitted", "under_review", "approved", "in_development", "live"]
REVIEW_REMARKS = {
    "returned": "Fee and time limit to be justified; resubmit with the department's consent.",
    "rejected": "Already offered by the department on e-UNNAT.",
}
FULLY_COVERED = ("SGR", "BDG")  # every tehsil and block has had a workshop
# Three offices in four meet every readiness minimum; the rest fall short somewhere.
READINESS_GOOD = {"computers": range(5, 26), "scanners": range(1, 5),
                  "bandwidth_mbps": (10, 20, 34, 100), "vpn_accounts": range(2, 11),
                  "signing_tokens": range(2, 7), "staff_trained": range(5, 21)}
READINESS_POOR = {"computers": range(1, 7), "scanners": range(0, 3),
                  "bandwidth_mbps": (2, 4, 8, 10), "vpn_accounts": range(0, 4),
                  "signing_tokens": range(0, 3), "staff_trained": range(0, 7)}
TRAINERS = ["NIC District Informatics Officer", "e-Office master trainer, JaKeGA",
            "Assistant Informatics Officer"]
PROBLEMS = [
    ("vpn", "VPN tokens not working for section staff"),
    ("bandwidth", "Link drops every afternoon; files fail to open"),
    ("hardware", "Scanner out of order; dak cannot be digitised"),
    ("training", "New staff posted without e-Office training"),
    ("software", "Digital signature not detected in browser"),
    ("other", "No power backup in the record room"),
]


class ReportingDemo:
    def __init__(self):
        self.rng = random.Random(6)
        self.now = utcnow()
        self.users = {u.username: u for u in db.session.scalars(select(User))}
        self.departments = {d.code: d for d in db.session.scalars(select(Department))}
        self.oversight = self.users["cs.it"]
        self.service_codes = 0

    def build(self):
        districts = db.session.scalars(select(OrgUnit).where(OrgUnit.kind == "district")
                                       .order_by(OrgUnit.code)).all()
        for district in districts:
            self.proposals(district)
            self.workshops(district)
            offices = db.session.scalars(select(Office).join(Office.org_unit).where(
                OrgUnit.path.startswith(district.path))).all()
            self.readiness(district, offices)
            self.problems(district, offices)
        db.session.flush()
        self.monthly_reports(districts)

    def district_user(self, district, role="dc"):
        return self.users[f"{role}.{district.name.lower().replace(' ', '')}"]

    def proposals(self, district):
        counted = STRONG.get(district.code, self.rng.randint(0, 4))
        statuses = [self.rng.choice(COUNTED) for _ in range(counted)]
        others = ["draft", "returned", "rejected", "draft"]
        statuses += self.rng.sample(others, self.rng.randint(0, 3))
        for (name, dept, gets), status in zip(self.rng.sample(SERVICES, len(statuses)), statuses):
            self.proposal(district, name, dept, gets, status)

    def proposal(self, district, name, dept, gets, status):
        author = self.district_user(district, self.rng.choice(["dc", "so"]))
        at = self.now - timedelta(days=self.rng.randint(100, 160))
        proposal = ServiceProposal(
            district=district, department=self.departments[dept], service_name=name,
            citizen_gets=gets, documents_needed=DOCUMENTS,
            expected_applications=self.rng.randrange(500, 20000, 100),
            delivery_days=self.rng.choice([7, 10, 15, 21, 30]),
            fee_rupees=self.rng.choice([0, 10, 20, 50]),
            status="draft", created_by=author, created_at=at, updated_at=at)
        db.session.add(proposal)
        self.event(proposal, "created", None, "draft", author, at)
        for to_status in PATHS[status]:
            at += timedelta(days=self.rng.randint(3, 18), hours=self.rng.randint(1, 8))
            actor = author if to_status == "submitted" else self.oversight
            remarks = REVIEW_REMARKS.get(to_status, "")
            if to_status == "live":
                self.service_codes += 1
                proposal.service_code = f"EUN-{district.code}-{self.service_codes:03d}"
            self.event(proposal, "status", proposal.status, to_status, actor, at, remarks)
            proposal.status, proposal.updated_at = to_status, at

    def event(self, proposal, action, from_status, to_status, user, at, remarks=""):
        db.session.add(ProposalEvent(proposal=proposal, action=action, from_status=from_status,
                                     to_status=to_status, remarks=remarks, user=user, at=at))

    def workshops(self, district):
        units = db.session.scalars(select(OrgUnit).where(OrgUnit.parent_id == district.id)
                                   .order_by(OrgUnit.code)).all()
        covered = len(units)
        if district.code not in FULLY_COVERED:
            covered = self.rng.randint(1, len(units) - 1)
        recorder = self.district_user(district, "so")
        for unit in self.rng.sample(units, covered):
            for _ in range(self.rng.randint(1, 2)):
                held = today() - timedelta(days=self.rng.randint(5, 110))
                db.session.add(Workshop(
                    org_unit=unit, held_on=held, venue=f"Conference hall, {unit.name}",
                    trainer=self.rng.choice(TRAINERS), participants=self.rng.randint(12, 45),
                    offices_covered=f"Offices of {unit.name}",
                    topics="Diarising dak; e-files; noting",
                    recorded_by=recorder, recorded_at=self.now, updated_at=self.now))

    def readiness(self, district, offices):
        reporter = self.district_user(district, "so")
        for office in offices:
            if self.rng.random() < 0.12:
                continue  # not reported yet
            ranges = READINESS_GOOD if self.rng.random() < 0.75 else READINESS_POOR
            figures = {m: self.rng.choice(values) for m, values in ranges.items()}
            reported = self.now - timedelta(days=self.rng.randint(1, 60))
            db.session.add(OfficeReadiness(office=office, updated_by=reporter,
                                           updated_at=reported, **figures))
            db.session.add(ReadinessReport(office=office, reported_by=reporter,
                                           reported_at=reported, **figures))

    def problems(self, district, offices):
        raiser = self.district_user(district, "so")
        for _ in range(self.rng.randint(0, 4)):
            category, summary = self.rng.choice(PROBLEMS)
            raised = self.now - timedelta(days=self.rng.randint(1, 80),
                                          hours=self.rng.randint(0, 8))
            problem = InfraProblem(office=self.rng.choice(offices), category=category,
                                   summary=summary, description=summary + ".", status="open",
                                   raised_by=raiser, raised_at=raised)
            db.session.add(problem)
            self.problem_event(problem, "raised", raiser, raised, summary + ".")
            fate = self.rng.choice(["open", "escalated", "escalated", "resolved"])
            at = raised + timedelta(days=self.rng.randint(0, 3), hours=2)
            if fate in ("escalated", "resolved"):
                target = "nic" if category in ("vpn", "bandwidth") else "egov_agency"
                problem.status, problem.escalated_to = "escalated", target
                self.problem_event(problem, "escalated", raiser, at,
                                   "Needs action beyond the district.", target)
                self.problem_event(problem, "comment", self.oversight, at + timedelta(hours=5),
                                   "Taken up with the service provider.")
            if fate == "resolved" and at + timedelta(days=2) < self.now:
                problem.status, problem.resolved_at = "resolved", at + timedelta(days=2)
                self.problem_event(problem, "resolved", raiser, problem.resolved_at,
                                   "Working again.")

    def problem_event(self, problem, action, user, at, remarks, escalated_to=None):
        db.session.add(ProblemEvent(problem=problem, action=action, user=user, at=at,
                                    remarks=remarks, escalated_to=escalated_to))

    def monthly_reports(self, districts):
        from ..months import previous_month
        from ..reporting.services.monthly import assemble

        month = previous_month(today())
        for district in districts:
            if district.code not in STRONG and district.code not in ("SMB", "GBL", "UDH"):
                continue
            dc = self.district_user(district)
            remarks = (f"{district.name}: workshops continue in the remaining tehsils; "
                       "bandwidth at block offices is the main constraint.")
            report = MonthlyReport(district=district, month=month, dc_remarks=remarks,
                                   updated_at=self.now, updated_by=dc)
            if district.code in STRONG:
                report.content = dict(assemble(district, month, self.now), remarks=remarks)
                report.status, report.submitted_at, report.submitted_by = "submitted", self.now, dc
            db.session.add(report)


def load_reporting_demo():
    ReportingDemo().build()
    db.session.flush()
