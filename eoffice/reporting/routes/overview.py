from flask_login import current_user

from ...clock import today, utcnow
from ...htmx import render
from ...months import previous_month
from ..blueprint import bp
from ..services.overview import district_overview
from ..services.proposals import minimum_per_district


@bp.get("/")
def index():
    month = previous_month(today())
    rows = district_overview(current_user, month, utcnow())
    return render("reporting/index.html", "reporting/_overview.html", rows=rows, month=month,
                  minimum=minimum_per_district())
