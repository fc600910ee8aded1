"""One form per use case. Choices that depend on the user are filled in by the view."""
from wtforms import (
    FloatField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..forms import DayField, Form, QueryForm
from ..i18n import lazy_gettext as _l
from ..inputs import MAX_ID
from ..models.readiness import READINESS_MEASURES
from . import labels


def _count(label, minimum=0):
    return IntegerField(label, validators=[InputRequired(), NumberRange(min=minimum, max=MAX_ID)])


class ProposalForm(Form):
    district_id = SelectField(_l("District"), coerce=int, validators=[InputRequired()])
    service_name = StringField(_l("Service name"), validators=[DataRequired(), Length(max=200)])
    department_id = SelectField(_l("Department"), coerce=int, validators=[InputRequired()])
    citizen_gets = TextAreaField(_l("What the citizen gets"),
                                 validators=[DataRequired(), Length(max=2000)])
    documents_needed = TextAreaField(_l("Documents needed"), validators=[Length(max=2000)])
    expected_applications = _count(_l("Expected applications per year"))
    delivery_days = _count(_l("Time limit for delivery (days)"), 1)
    fee_rupees = _count(_l("Fee (rupees, 0 if free)"))

    def payload(self):
        return {name: getattr(self, name).data for name in (
            "service_name", "department_id", "citizen_gets", "documents_needed",
            "expected_applications", "delivery_days", "fee_rupees")}


class ProposalReviewForm(Form):
    status = SelectField(_l("New status"), validators=[DataRequired()])
    remarks = TextAreaField(_l("Remarks"), validators=[Length(max=2000)])
    service_code = StringField(_l("e-UNNAT service code (when live)"),
                               validators=[Optional(), Length(max=32)])


class RemarksForm(Form):
    """A bare action with optional remarks: submit a proposal, comment, resolve."""
    remarks = TextAreaField(_l("Remarks"), validators=[Length(max=2000)])


class ProposalFilterForm(QueryForm):
    district = SelectField(_l("District"), validators=[Optional()])
    department = SelectField(_l("Department"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()],
                         choices=labels.choices(labels.PROPOSAL_STATUS, _l("Any status")))


class DistrictFilterForm(QueryForm):
    district = SelectField(_l("District"), validators=[Optional()])


class ProblemFilterForm(DistrictFilterForm):
    status = SelectField(_l("Status"), validators=[Optional()],
                         choices=labels.choices(labels.PROBLEM_STATUS, _l("Any status")))
    category = SelectField(_l("Kind of problem"), validators=[Optional()],
                           choices=labels.choices(labels.PROBLEM_CATEGORY, _l("Any kind")))


class WorkshopForm(Form):
    org_unit_id = SelectField(_l("Tehsil or block"), coerce=int, validators=[InputRequired()])
    held_on = DayField(_l("Date"), validators=[InputRequired()])
    venue = StringField(_l("Venue"), validators=[DataRequired(), Length(max=200)])
    trainer = StringField(_l("Trainer"), validators=[DataRequired(), Length(max=160)])
    participants = _count(_l("Number of participants"), 1)
    offices_covered = TextAreaField(_l("Offices covered"), validators=[Length(max=2000)])
    topics = TextAreaField(_l("Topics"), validators=[Length(max=2000)])

    def payload(self):
        return {name: getattr(self, name).data for name in (
            "held_on", "venue", "trainer", "participants", "offices_covered", "topics")}


class ReadinessForm(Form):
    computers = _count(labels.MEASURE["computers"])
    scanners = _count(labels.MEASURE["scanners"])
    bandwidth_mbps = FloatField(labels.MEASURE["bandwidth_mbps"],
                                validators=[InputRequired(), NumberRange(min=0, max=100000)])
    vpn_accounts = _count(labels.MEASURE["vpn_accounts"])
    signing_tokens = _count(labels.MEASURE["signing_tokens"])
    staff_trained = _count(labels.MEASURE["staff_trained"])

    def payload(self):
        return {name: getattr(self, name).data for name in READINESS_MEASURES}


class ProblemForm(Form):
    office_id = SelectField(_l("Office"), coerce=int, validators=[InputRequired()])
    category = SelectField(_l("Kind of problem"), choices=labels.choices(labels.PROBLEM_CATEGORY),
                           validators=[DataRequired()])
    summary = StringField(_l("Summary"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Details"), validators=[Length(max=4000)])


class EscalateForm(Form):
    escalated_to = SelectField(_l("Escalate to"), choices=labels.choices(labels.ESCALATION),
                               validators=[DataRequired()])
    remarks = TextAreaField(_l("Remarks"), validators=[Length(max=2000)])


class MonthlyReportForm(Form):
    remarks = TextAreaField(_l("Deputy Commissioner's remarks"), validators=[Length(max=8000)],
                            render_kw={"rows": 6})
    save = SubmitField(_l("Save remarks"))
    submit_report = SubmitField(_l("Submit the report"))
