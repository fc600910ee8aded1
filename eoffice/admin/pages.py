"""The screens every admin section shares: a filtered list and a form (also used to confirm)."""
from flask import current_app, flash, request, url_for
from flask_login import current_user

from ..extensions import db
from ..forms import page_number, submit
from ..htmx import redirect_to, render
from ..i18n import gettext as _


def actor():
    return current_user._get_current_object()


def list_page(title, filters, query, fragment, new=None, **context):
    """A searchable list, 25 a page; an htmx live filter gets only the list fragment."""
    values = filters.values()
    rows = db.paginate(query(**values), page=page_number(),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render("admin/list.html", fragment, title=title, filters=filters, rows=rows,
                  list_template=fragment, pager_args=dict(request.view_args, **values), new=new,
                  **context)


def form_page(form, save, title, back, done=None, **context):
    """GET shows the form. A valid POST calls save(**form.payload()) through forms.submit
    and goes to done(record) or back; bad input answers 422 with the message beside its field."""
    sent = submit(form, lambda: save(**form.payload()))
    if sent.done:
        flash(_("Saved."), "success")
        endpoint, values = done(sent.result) if done else back
        return redirect_to(endpoint, **values)
    return render("admin/form.html", "admin/_form.html", status=sent.status, form=form,
                  title=title, back=url_for(back[0], **back[1]), error=sent.error, **context)
