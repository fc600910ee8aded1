"""The admin area's front page, lookups, and retiring or restoring any record."""
from functools import partial

from flask import abort, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select

from .. import policy
from ..extensions import db
from ..forms import query_value
from ..i18n import gettext as _
from ..models import Department, Office, OrgUnit, Post, PostHolding, Section, User
from . import lookups, services
from .blueprint import bp
from .forms import ActionForm
from .pages import actor, form_page

# kind in the URL -> (model, its edit endpoint, that endpoint's id argument)
RETIRABLE = {
    "units": (OrgUnit, "admin.unit_edit", "unit_id"),
    "departments": (Department, "admin.department_edit", "department_id"),
    "offices": (Office, "admin.office_edit", "office_id"),
    "sections": (Section, "admin.section_edit", "section_id"),
    "posts": (Post, "admin.post_edit", "post_id"),
    "users": (User, "admin.user_edit", "user_id"),
}


@bp.before_request
def only_it_admins():
    if not policy.can_administer(current_user):
        abort(404)


@bp.get("/")
def index():
    models = {"units": OrgUnit, "departments": Department, "offices": Office, "posts": Post,
              "users": User}
    counts = {name: db.session.scalar(select(func.count()).select_from(model)
                                      .where(model.active.is_(True)))
              for name, model in models.items()}
    counts["holdings"] = db.session.scalar(select(func.count()).select_from(PostHolding)
                                           .where(PostHolding.ends_on.is_(None)))
    return render_template("admin/index.html", counts=counts)


@bp.get("/lookup/<kind>")
def lookup(kind):
    """Suggestions for a reference field, as the <datalist> that field lists from."""
    if kind not in lookups.SEARCHED:
        abort(404)
    field = query_value("field", "")[:40]
    options = lookups.suggestions(kind, query_value(field, "")[:100])
    return render_template("admin/_options.html", list_id=f"{field}-options", options=options)


def lifecycle_link(kind, record):
    """(label, url) of the retire or restore page for `record`."""
    action = "retire" if record.active else "restore"
    label = _("Retire") if record.active else _("Restore")
    return label, url_for("admin.lifecycle", kind=kind, record_id=record.id, action=action)


@bp.route("/<kind>/<int:record_id>/<action>", methods=["GET", "POST"])
def lifecycle(kind, record_id, action):
    if kind not in RETIRABLE or action not in ("retire", "restore"):
        abort(404)
    model, edit, id_arg = RETIRABLE[kind]
    record = db.get_or_404(model, record_id)
    name = lookups.describe(record)
    retire = action == "retire"
    return form_page(
        ActionForm(), partial(services.set_active, actor(), record, not retire),
        _("Retire %(name)s", name=name) if retire else _("Restore %(name)s", name=name),
        back=(edit, {id_arg: record.id}),
        intro=_("A retired record stays in the registers and the audit log but can no longer be "
                "chosen or used. It can be restored later.") if retire else None,
        submit=_("Retire") if retire else _("Restore"))
