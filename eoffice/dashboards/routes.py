"""Dashboard pages, their CSV exports and the targets page.

`/dashboard` shows the signed-in user's own dashboard without a redirect (one round
trip less on a slow link): UT oversight the UT, a district head their district, any
other official their office. Officials get an office dashboard
(`/dashboard/office/<code>`), never a unit one: a unit dashboard shows other offices.
"""
import json
from urllib.parse import urlencode

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from .. import kept_gzip, policy
from ..clock import utcnow
from ..errors import WorkflowError
from ..extensions import cache, db
from ..forms import query_string, query_value, submit
from ..htmx import is_htmx, redirect_to, render
from ..i18n import gettext as _
from ..loaders import load_dashboard_office_or_404, load_dashboard_unit_or_404
from ..models import Department, OrgUnit, UnitTarget
from ..names import name_in
from . import periods
from .blueprint import bp
from .board import DEFAULT_SORT, SORT_KEYS, build
from .cells import csv_response
from .figures import onboarded_now
from .forms import TargetForm
from .scope import Scope, ancestors
from .targets import set_target

CARRIED_ARGS = ("period", "from", "to", "dept", "sort", "dir")
QUERY_SAFE = "!$'()*,/:;?@"  # as werkzeug.urls._urlencode leaves them


def home_scope(user):
    """The dashboard a user lands on, or None."""
    paths = policy.oversight_paths(user)
    if paths:
        unit = db.session.scalar(select(OrgUnit).where(OrgUnit.path.in_(paths))
                                 .order_by(OrgUnit.path).limit(1))
        if unit is None and "/" in paths:
            unit = db.session.scalar(select(OrgUnit).where(OrgUnit.parent_id.is_(None))
                                     .order_by(OrgUnit.path).limit(1))
        if unit is not None:
            return Scope(unit=unit)
    posts = user.current_posts()
    return Scope(office=posts[0].office) if posts else None


def _department(scope):
    code = query_value("dept")
    if not code or scope.office is not None:
        return None
    department = db.session.scalar(select(Department).where(Department.code == code))
    if department is None:
        raise WorkflowError(_("There is no such department."), {"dept": "unknown"})
    return department


class Links:
    """URLs for this dashboard with some arguments changed, and for the ones it links to."""

    def __init__(self, scope):
        self.scope = scope
        self.args = {k: v for k, v in query_string().items() if k in CARRIED_ARGS and v}
        self._paths = {}

    def _build(self, endpoint, code, args):
        """`url_for(endpoint, code=code, **args)`, with the path built once per endpoint
        and code in this request (a page links to its own path a dozen times, and each
        url_for costs more than the rest of a link) and the query encoded as Werkzeug
        encodes it."""
        key = (endpoint, code)
        path = self._paths.get(key)
        if path is None:
            path = self._paths[key] = url_for(endpoint, code=code)
        return f"{path}?{urlencode(list(args.items()), safe=QUERY_SAFE)}" if args else path

    def _values(self, changes, keep=CARRIED_ARGS):
        values = {k: v for k, v in self.args.items() if k in keep}
        values.update(changes)
        return {k: v for k, v in values.items() if v not in (None, "")}

    def here(self, **changes):
        return self._url(**self._values(changes))

    def form_action(self):
        """Where the period form goes: its fields are the whole query."""
        return self._url()

    def _url(self, **args):
        endpoint = "dashboards.office" if self.scope.office is not None else "dashboards.unit"
        return self._build(endpoint, self.scope.code, args)

    def period(self, key):
        return self.here(period=key, **{"from": None, "to": None})

    def unit(self, code):
        return self._build("dashboards.unit", code,
                           self._values({}, ("period", "from", "to", "dept")))

    def office(self, code):
        return self._build("dashboards.office", code, self._values({}, ("period", "from", "to")))

    def csv(self, table):
        endpoint = "dashboards.office_csv" if self.scope.office is not None else "dashboards.unit_csv"
        return url_for(endpoint, code=self.scope.code, table=table, **self._values({}))

    def sort(self, key, current, descending):
        descending = not descending if key == current else key != "name"
        return self.here(sort=key, dir="desc" if descending else "asc")


def _sort():
    key = query_value("sort")
    key = key if key in SORT_KEYS else DEFAULT_SORT
    return key, query_value("dir", "desc" if key != "name" else "asc") != "asc"


def _asked(scope):
    """The scope (with its department filter) and the period the request asks for;
    WorkflowError (422) for a bad period or department."""
    scope = Scope(unit=scope.unit, office=scope.office, department=_department(scope))
    return scope, periods.from_args(query_string())


def _figures(scope, period, links):
    """The figures, tables and charts as HTML, the same for everyone who may see this
    dashboard: kept for DASHBOARD_CACHE_SECONDS, so a UT-wide view is computed once a
    minute, not once a request."""
    seconds = current_app.config["DASHBOARD_CACHE_SECONDS"]
    key = "dashboard:" + json.dumps([
        scope.office is not None, scope.code, sorted(links.args.items()),
        period.start.isoformat(), period.end.isoformat(), str(get_locale())])
    kept = cache.get(key) if seconds else None
    if not kept_gzip.is_kept(kept):
        board = build(scope, period, *_sort())
        html = render_template("dashboards/_figures.html", board=board, scope=scope,
                               links=links, as_of=utcnow())
        if not seconds:
            return Markup(html)
        kept = kept_gzip.keep(html)
        cache.set(key, kept, timeout=seconds)
    return kept_gzip.shown(kept)


def _show(scope):
    links = Links(scope)
    context = {"links": links, "as_fragment": is_htmx(), "trail": _trail(scope)}
    try:
        scope, period = _asked(scope)
    except WorkflowError as error:
        db.session.rollback()
        return render("dashboards/index.html", "dashboards/_board.html", status=422,
                      scope=scope, period=None, figures=None, error=error.message, **context)
    return render("dashboards/index.html", "dashboards/_board.html", scope=scope,
                  period=period, figures=_figures(scope, period, links), **context)


def _trail(scope):
    """Breadcrumb above the dashboard: units the user may open, top first."""
    unit = scope.unit if scope.unit is not None else scope.office.org_unit
    above = ancestors(unit) + ([unit] if scope.office is not None else [])
    return [(u, policy.can_view_dashboard(current_user, u)) for u in above]


@bp.get("/dashboard")
def home():
    scope = home_scope(current_user)
    if scope is None:
        abort(404)
    return _show(scope)


@bp.get("/dashboard/<code>")
def unit(code):
    return _show(Scope(unit=load_dashboard_unit_or_404(code)))


@bp.get("/dashboard/office/<code>")
def office(code):
    return _show(Scope(office=load_dashboard_office_or_404(code)))


def _export(scope, table):
    board = build(*_asked(scope), *_sort())
    if table not in board.tables:
        abort(404)
    period = board.period
    name = f"eoffice-{scope.code}-{table}-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    return csv_response(board.tables[table], name)


@bp.get("/dashboard/<code>/<table>.csv")
def unit_csv(code, table):
    return _export(Scope(unit=load_dashboard_unit_or_404(code)), table)


@bp.get("/dashboard/office/<code>/<table>.csv")
def office_csv(code, table):
    return _export(Scope(office=load_dashboard_office_or_404(code)), table)


@bp.get("/dashboard/targets")
def targets_home():
    """IT admins start setting targets at the top of the tree."""
    if not policy.can_set_targets(current_user):
        abort(404)
    root = db.session.scalar(select(OrgUnit).where(OrgUnit.parent_id.is_(None))
                             .order_by(OrgUnit.path).limit(1))
    if root is None:
        abort(404)
    return redirect(url_for("dashboards.targets", code=root.code))


@bp.route("/dashboard/<code>/targets", methods=["GET", "POST"])
def targets(code):
    if not policy.can_set_targets(current_user):
        abort(404)
    unit = db.session.scalar(select(OrgUnit).where(OrgUnit.code == code))
    if unit is None:
        abort(404)
    current = db.session.get(UnitTarget, unit.id)
    form = TargetForm(obj=current if request.method == "GET" else None)
    sent = submit(form, lambda: set_target(current_user, unit, form.offices_target.data,
                                           form.users_target.data))
    if not sent.done:
        return render_template("dashboards/targets.html", form=form, unit=unit,
                               children=_children(unit), trail=ancestors(unit),
                               onboarded=onboarded_now(unit), error=sent.error), sent.status
    flash(_("Targets for %(unit)s saved.", unit=name_in(unit)), "success")
    return redirect_to("dashboards.targets", code=unit.code)


def _children(unit):
    return db.session.scalars(select(OrgUnit).where(OrgUnit.parent_id == unit.id, OrgUnit.active)
                              .order_by(OrgUnit.name)).all()
