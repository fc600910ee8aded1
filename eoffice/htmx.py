"""htmx helpers: one page template, one fragment, chosen per request."""
from flask import make_response, redirect, render_template, request, url_for


def is_htmx():
    headers = request.headers
    return (headers.get("HX-Request") == "true"
            and headers.get("HX-Boosted") != "true"
            and headers.get("HX-History-Restore-Request") != "true")


# the id of an inbox list: its inline actions answer without a swap and let it refresh itself
LIST_TARGET = "item-list"


def targets_list():
    """An htmx action sent from inside a list that refreshes itself (`items-changed`)."""
    return is_htmx() and request.headers.get("HX-Target") == LIST_TARGET


def refresh_list(status=204):
    """Answer an inline action of a list: nothing is swapped in; the list fetches itself
    again and shows the flashed message at its top, whether the action was done or refused."""
    response = make_response("", status)
    response.headers["HX-Trigger"] = "items-changed"
    response.headers["HX-Reswap"] = "none"
    return response


def render(page_template, fragment_template, status=200, **context):
    """Whole page for browsers, the fragment alone for htmx swaps."""
    template = fragment_template if is_htmx() else page_template
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


def redirect_to(endpoint, **values):
    """303 for plain forms; HX-Redirect for htmx so the whole page changes."""
    url = url_for(endpoint, **values)
    if is_htmx():
        response = make_response("", 204)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, code=303)
