"""Every area's blueprint with the modules that put its views on it, registered by
create_app. The views are imported here, not by their area's `__init__`: importing any
module of an area (its services, say) runs the area's `__init__` first, which would
otherwise pull in the area's views and through them half the portal, round a circle
(tests/core/test_import_circles.py)."""
import eoffice.admin.org_routes
import eoffice.admin.people_routes
import eoffice.admin.routes
import eoffice.api.actions
import eoffice.api.files
import eoffice.api.letters
import eoffice.api.lists
import eoffice.api.me
import eoffice.api.openapi
import eoffice.api.receipts
import eoffice.audit_viewer.routes
import eoffice.auth.account
import eoffice.auth.routes
import eoffice.dak.routes
import eoffice.dak.scans
import eoffice.dashboards.routes
import eoffice.drafts.routes
import eoffice.files.routes
import eoffice.inbox.routes
import eoffice.letters.delivery  # its jobs, on the queue
import eoffice.letters.doctor  # its checks, in `eoffice doctor`
import eoffice.letters.routes
import eoffice.movement.routes
import eoffice.notes.routes
import eoffice.reporting.routes.monthly
import eoffice.reporting.routes.overview
import eoffice.reporting.routes.problems
import eoffice.reporting.routes.proposals
import eoffice.reporting.routes.readiness
import eoffice.reporting.routes.workshops
import eoffice.search.routes
import eoffice.tokens.routes  # noqa: F401 - each of these puts its views on its blueprint

from .admin.blueprint import bp as admin_bp
from .api.blueprint import bp as api_bp
from .audit_viewer.blueprint import bp as audit_bp
from .auth.blueprint import bp as auth_bp
from .dak.blueprint import bp as dak_bp
from .dashboards.blueprint import bp as dashboards_bp
from .drafts.blueprint import bp as drafts_bp
from .files.blueprint import bp as files_bp
from .health import bp as health_bp
from .inbox.blueprint import bp as inbox_bp
from .letters.blueprint import bp as letters_bp
from .movement.blueprint import bp as movement_bp
from .notes.blueprint import bp as notes_bp
from .reporting.blueprint import bp as reporting_bp
from .search.blueprint import bp as search_bp
from .tokens.blueprint import bp as tokens_bp


def register(app):
    for blueprint in (health_bp, auth_bp, inbox_bp, dak_bp, files_bp, movement_bp, notes_bp,
                      drafts_bp, tokens_bp, api_bp, dashboards_bp, search_bp, letters_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(reporting_bp, url_prefix="/reports")
    app.register_blueprint(audit_bp, url_prefix="/audit")
