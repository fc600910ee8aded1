from flask import abort, current_app, request
from flask_login import current_user

from .. import policy
from ..htmx import render
from ..i18n import gettext as _
from ..inputs import calendar_day, whole_number
from . import queries
from .blueprint import bp


@bp.before_request
def only_auditors():
    if not policy.can_read_audit(current_user):
        abort(404)


def _date(name):
    try:
        return calendar_day(request.args.get(name, ""))
    except ValueError:
        return None


@bp.get("/")
def index():
    args = request.args
    filters = queries.Filters(user=args.get("user", "")[:64],
                              action=args.get("action", "")[:48],
                              object_type=args.get("object_type", ""),
                              object_id=args.get("object_id", type=whole_number),
                              date_from=_date("from"), date_to=_date("to"))
    events, older = queries.events(filters, args.get("before", type=whole_number),
                                   current_app.config["AUDIT_PAGE_SIZE"])
    kept = {k: v for k, v in args.items() if k != "before" and v}
    return render("audit/index.html", "audit/_events.html", events=events, older=older,
                  filters=filters, args=kept, object_types=queries.OBJECT_TYPES,
                  posts=queries.post_labels(events),
                  type_labels={"EFile": _("File"), "Receipt": _("Receipt"), "User": _("User")},
                  newest=bool(args.get("before")))
