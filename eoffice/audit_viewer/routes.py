from flask import abort, current_app
from flask_login import current_user

from .. import policy
from ..forms import query_string, query_value
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
        return calendar_day(query_value(name, ""))
    except ValueError:
        return None


@bp.get("/")
def index():
    filters = queries.Filters(user=query_value("user", "")[:64],
                              action=query_value("action", "")[:48],
                              object_type=query_value("object_type", ""),
                              object_id=query_value("object_id", type=whole_number),
                              date_from=_date("from"), date_to=_date("to"))
    events, older = queries.events(filters, query_value("before", type=whole_number),
                                   current_app.config["AUDIT_PAGE_SIZE"])
    kept = {k: v for k, v in query_string(leave_out=("before",)).items() if v}
    return render("audit/index.html", "audit/_events.html", events=events, older=older,
                  filters=filters, args=kept, object_types=queries.OBJECT_TYPES,
                  posts=queries.post_labels(events),
                  type_labels={"EFile": _("File"), "Receipt": _("Receipt"), "User": _("User")},
                  newest=bool(query_value("before")))
