"""The reverse proxy in front (deploy/nginx-eoffice.conf): which forwarded headers the
portal believes, and the page nginx shows for a request it refuses as too large."""
from flask import Blueprint, current_app, jsonify, request

from .errors import error_response
from .i18n import gettext as _

bp = Blueprint("proxy", __name__)


def register(app):
    """Behind EOFFICE_PROXY_HOPS proxies, the client's address and scheme are the ones the
    nearest of them forwarded; without it every user would look like the proxy."""
    hops = app.config.get("PROXY_HOPS")
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    app.register_blueprint(bp)


@bp.get("/errors/too-large")
def too_large():
    """nginx refused a request over client_max_body_size and asks for this answer instead
    (without the body); X-Original-URI tells an API call from a page."""
    limit = current_app.config["MAX_UPLOAD_MB"]
    if request.headers.get("X-Original-URI", "").startswith("/api/"):
        return jsonify(error={"code": "too_large", "message": _(
            "The request is too large: an attachment may be at most %(mb)d MB.", mb=limit)}), 413
    return error_response(413, _("The upload is too large: a file may be at most %(mb)d MB, "
                                 "and nothing was saved. Please choose a smaller file "
                                 "(scan at a lower resolution, or in parts).", mb=limit))
