"""Lists: the caller's inbox, search, and the adoption figures of an org unit."""
from datetime import timedelta

from flask import g, jsonify
from sqlalchemy import select

from .. import policy
from ..clock import today
from ..dashboards import figures as dashboard_figures
from ..dashboards.routes import home_scope
from ..errors import NotFound
from ..extensions import db
from ..i18n import gettext as _
from ..inbox.queries import VIEWS, list_items
from ..models import OrgUnit
from ..search.services import search as search_items
from . import serializers
from .auth import personal_only
from .blueprint import bp
from .payloads import PAGING, invalid, query
from .schema import date, enum, string

INBOX_QUERY = {"view": enum(VIEWS, default="inbox"), "kind": enum(("file", "receipt")),
               **PAGING}
SEARCH_QUERY = {"q": string(200), **PAGING}
ADOPTION_QUERY = {"unit": string(32, 1, description=(
    "Org unit code. Default: the caller's own area (UT oversight: the UT; a district head: "
    "the district); anyone else names one (422 `no_own_area` without).")), "from": date(), "to": date()}
DEFAULT_PERIOD_DAYS = 30


@bp.get("/inbox")
@personal_only
def inbox():
    """Files and receipts held by the caller's posts (or another view of them)."""
    args = query(INBOX_QUERY)
    kinds = (args["kind"],) if "kind" in args else ("file", "receipt")
    found = list_items(g.api_actor, args["view"], {}, "received", args["page"],
                       args["per_page"], kinds)
    return jsonify(serializers.page_of(found, serializers.inbox_item))


@bp.get("/search")
@personal_only
def search():
    args = query(SEARCH_QUERY)
    found = search_items(g.api_actor, args.get("q", ""), {}, args["page"], args["per_page"])
    return jsonify(serializers.page_of(found, serializers.search_hit))


@bp.get("/stats/adoption")
@personal_only
def adoption():
    args = query(ADOPTION_QUERY)
    if "unit" not in args:
        scope = home_scope(g.api_actor)
        if scope is None or scope.unit is None:  # an official oversees no area of their own
            raise invalid({"unit": "no_own_area"})
        args["unit"] = scope.unit.code
    end = args.get("to") or today()  # the offices' day, as the dashboards count
    start = args.get("from") or end - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
    if start > end:
        raise invalid({"from": "after_to"})
    unit = db.session.scalar(select(OrgUnit).where(OrgUnit.code == args["unit"]))
    if unit is None or not policy.can_view_dashboard(g.api_actor, unit):
        raise NotFound(_("This page does not exist or you may not see it."))
    figures = dashboard_figures.adoption(unit, start, end)
    return jsonify(serializers.adoption(unit, start, end, figures))
