"""htmx helpers: one page template, one fragment, chosen per request."""
from flask import make_response, redirect, render_template, request, url_for


def is_htmx():
    headers = request.headers
    return (headers.get("HX-Request") == "true"
            and headers.get("HX-Boosted") != "true"
            and headers.get("HX-History-Restore-Request") != "true")


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
