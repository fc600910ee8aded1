"""Load what a URL names for a user (by default the signed-in one), or answer 404 when it
does not exist or policy says the user may not see it: every page and API route loads
through here, so "not yours to see" and "not there" look the same everywhere, and no
service decides an HTTP answer."""
from flask import abort
from flask_login import current_user
from sqlalchemy import bindparam, select

from . import policy
from .clock import today
from .extensions import db
from .models import (
    Attachment,
    Dispatch,
    DraftLetter,
    EFile,
    InfraProblem,
    Note,
    Office,
    OrgUnit,
    Receipt,
    ServiceProposal,
    Workshop,
)
from .months import parse_month
from .orm_rows import JoinedLoad
from .vocabulary import ITEM_KINDS

# by kind, and by the kind's part of URLs ("files")
MODELS = {"file": EFile, "receipt": Receipt}
MODELS.update({ITEM_KINDS[kind].path: model for kind, model in list(MODELS.items())})


def _found(record, visible):
    """The record when there is one and the user may see it; 404 otherwise."""
    if record is None or not visible(record):
        abort(404)
    return record


def require(rule, *objects, user=None):
    """403 unless policy's `rule` lets the user do this to what was loaded (a page for a
    task the user may see but not do)."""
    if not rule(user or current_user, *objects):
        abort(403)


def _shown_with(model, *more):
    """What every item page shows beside the item: who holds it where, who created it;
    a file's cover its section, a receipt's page its office. One statement built once,
    its row made into the objects (orm_rows: cheaper than the ORM's joined loads)."""
    own = "section" if model is EFile else "office"
    return JoinedLoad(model, "holder_post", "holder_post.office", "created_by_post", own, *more)


SHOWN_WITH = {model: _shown_with(model) for model in (EFile, Receipt)}  # made once
# the file's own page and print view show its cover, which names its creator (not
# their roles): joined here, not loaded lazily in two more queries
WITH_COVER = {**SHOWN_WITH, EFile: _shown_with(EFile, "created_by")}


def load_item_or_404(kind, item_id, user=None, shown=SHOWN_WITH):
    """A file or receipt (`kind` as a word or as its part of URLs) the user may see;
    `shown`: what comes with it (WITH_COVER for a page showing a file's cover)."""
    model = MODELS.get(kind)
    item = shown[model].get(db.session, item_id) if model else None
    return _found(item, lambda found: policy.can_view(user or current_user, found))


def item_url_kind(item):
    return ITEM_KINDS[item.kind].path


def load_note_or_404(efile, note_id):
    """A paragraph of a file already loaded for the user; another file's is not found."""
    return _found(db.session.get(Note, note_id), lambda note: note.efile_id == efile.id)


def load_attachment_or_404(item_id, attachment_id, user=None):
    """(receipt, attachment): an attachment of a receipt the user may see."""
    receipt = load_item_or_404("receipt", item_id, user)
    record = _found(db.session.get(Attachment, attachment_id),
                    lambda found: found.receipt_id == receipt.id)
    return receipt, record


def load_draft_or_404(draft_id, user=None):
    """A draft letter, seen by those who may see its file."""
    draft = _found(db.session.get(DraftLetter, draft_id), lambda found: True)
    load_item_or_404("file", draft.efile_id, user)
    return draft


def load_letter_or_404(dispatch_id, user=None):
    """An issued letter (its dispatch), for those who may read it."""
    return _found(db.session.get(Dispatch, dispatch_id),
                  lambda found: policy.can_view_letter(user or current_user, found))


# by code, built once (building a statement costs more than SQLite takes to run it)
UNIT_BY_CODE = select(OrgUnit).where(OrgUnit.code == bindparam("code"))
OFFICE_BY_CODE = select(Office).where(Office.code == bindparam("code"))


def load_dashboard_unit_or_404(code, user=None):
    return _found(db.session.scalar(UNIT_BY_CODE, {"code": code}),
                  lambda unit: policy.can_view_dashboard(user or current_user, unit))


def load_dashboard_office_or_404(code, user=None):
    return _found(db.session.scalar(OFFICE_BY_CODE, {"code": code}),
                  lambda office: policy.can_view_office_dashboard(user or current_user, office))


def load_district_or_404(code, user=None):
    """A district whose reports the user may see, by code."""
    district = db.session.scalar(select(OrgUnit).where(OrgUnit.code == code,
                                                       OrgUnit.kind == "district"))
    return _found(district, lambda found: policy.can_view_reporting_unit(user or current_user,
                                                                         found))


def load_report_month_or_404(text):
    """A report month spelt YYYY-MM, not after this one."""
    return _found(parse_month(text), lambda month: month <= today().replace(day=1))


# a district's reporting records, by the org unit that decides who may see them
_REPORTED_AT = {
    InfraProblem: lambda problem: problem.office.org_unit,
    ServiceProposal: lambda proposal: proposal.district,
    Workshop: lambda workshop: workshop.org_unit,
    Office: lambda office: office.org_unit,
}


def load_reported_or_404(model, record_id, user=None):
    """A problem, proposal, workshop or office, when the user may see its unit's reports."""
    unit_of = _REPORTED_AT[model]
    return _found(db.session.get(model, record_id),
                  lambda found: policy.can_view_reporting_unit(user or current_user,
                                                               unit_of(found)))
