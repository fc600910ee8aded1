from flask import redirect
from flask_login import current_user

from ..forms import page_number, query_value
from ..htmx import is_htmx, render
from ..i18n import gettext as _
from . import services
from .blueprint import bp
from .forms import SearchForm

# Results carry a snippet each and stand taller than list rows: ten a page, as search
# engines show (and a fragment of about 1 KB on a slow link).
PER_PAGE = 10
ARGS = ("q", "kind", "status", "form", "grading", "office", "unit", "date_from", "date_to")


@bp.get("/search")
def index():
    """Results page, or the results alone for htmx; an exact file or diary number the
    user may see goes straight to that item (htmx shows it first instead)."""
    form = SearchForm()
    form.office.choices = [("", _("All"))] + services.office_choices(current_user)
    form.unit.choices = [("", _("All"))] + services.unit_choices()
    args = {name: query_value(name) for name in ARGS if query_value(name)}
    submitted = bool(args)
    if submitted and not form.validate():
        return render("search/index.html", "search/_results.html", status=422, form=form,
                      page=None, args={}, searched=True)
    page = None
    if submitted:
        exact = None if is_htmx() else services.exact_hits(current_user, form.q.data)
        if exact and len(exact) == 1:
            return redirect(exact[0].url, code=303)
        page = services.search(current_user, form.q.data, form.filters(), page_number(),
                               PER_PAGE, exact)
    return render("search/index.html", "search/_results.html", form=form, page=page, args=args,
                  searched=submitted)
