"""Domain errors raised by services, and the one place that turns errors into answers."""
import errno
from functools import wraps

from flask import flash, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from .extensions import db
from .htmx import is_htmx, refresh_list, targets_list
from .i18n import gettext as _


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message, fields=None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class NotAllowed(DomainError):
    status, code = 403, "forbidden"


class NotFound(DomainError):
    status, code = 404, "not_found"


class Conflict(DomainError):
    status, code = 409, "conflict"


class WorkflowError(DomainError):
    status, code = 422, "invalid"


class CountedFailure(WorkflowError):
    """A password or code asked again of a signed-in user was wrong: the failure has been
    counted toward the lockout (flushed), so the caller commits instead of rolling back."""


HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 409: "conflict", 413: "too_large", 414: "uri_too_long",
              422: "invalid", 429: "rate_limited", 500: "server_error", 503: "unavailable",
              507: "disk_full"}


def http_messages():
    return {
        400: _("The request could not be understood."),
        401: _("Please sign in."),
        403: _("You are not allowed to do this."),
        404: _("This page does not exist or you may not see it."),
        405: _("This action is not available here."),
        413: _("The upload is too large."),
        429: _("Too many attempts. Please wait a minute and try again."),
        500: _("Something went wrong on our side. Nothing you did was lost; please try again."),
        503: _("The database is busy or unavailable. Nothing was saved; please try again "
               "in a minute."),
    }


def disk_full_message():
    return _("The server has run out of disk space, so nothing was saved. Please tell your "
             "IT administrator.")


def store_unwritable_message():
    return _("The server cannot store files just now, so nothing was saved. Please try "
             "again later or tell your IT administrator.")


def is_store_unwritable(error):
    """The attachment folder refuses writes: read-only, wrong owner or permissions."""
    return isinstance(error, OSError) and error.errno in (errno.EROFS, errno.EACCES, errno.EPERM)


def is_disk_full(error):
    """ENOSPC from the attachment store, or the database saying its disk is full."""
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT)
    text = str(getattr(error, "orig", error)).lower()
    return "disk is full" in text or "no space left" in text or "disk full" in text


UNIQUE_VIOLATIONS = {"23505", "SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"}


def is_unique_violation(error):
    """A unique key refused a row (PostgreSQL's SQLSTATE or SQLite's error name)."""
    driver_error = getattr(error, "orig", None)
    return bool({getattr(driver_error, "sqlstate", None),
                 getattr(driver_error, "sqlite_errorname", None)} & UNIQUE_VIOLATIONS)


def wants_json():
    return request.path.startswith("/api/")


def settle_refusal(error):
    """A refusal saves nothing, except the count of a wrong password (CountedFailure:
    raised before the refused act wrote anything)."""
    if isinstance(error, CountedFailure):
        db.session.commit()
    else:
        _roll_back()


def _roll_back():
    try:
        db.session.rollback()
    except SQLAlchemyError:
        try:
            db.session.remove()
        except SQLAlchemyError:  # the connection is gone: start afresh, it is discarded
            db.session.registry.clear()


def error_response(status, message, code=None, fields=None):
    code = code or HTTP_CODES.get(status, "error")
    if wants_json():
        body = {"error": {"code": code, "message": message}}
        if fields:
            body["error"]["fields"] = fields
        return jsonify(body), status
    if targets_list():  # a refused inline action: the list stays, refreshed, with the reason
        flash(message, "warning")
        return refresh_list(status)
    template = "errors/_message.html" if is_htmx() else "errors/error.html"
    return render_template(template, status=status, message=message), status


def register_error_handlers(app):
    def handles(*errors):
        """Register an answer for `errors` that runs after the rollback: its message is
        translated for the signed-in user, who cannot be read from a session whose flush
        failed (a value the database refused, a unique key clash)."""
        def register(answer):
            @wraps(answer)
            def rolled_back(error):
                settle_refusal(error)
                return answer(error)
            for error in errors:
                app.register_error_handler(error, rolled_back)
            return answer
        return register

    @handles(DomainError)
    def domain_error(error):
        return error_response(error.status, error.message, error.code, error.fields)

    @handles(CSRFError)
    def csrf_error(error):
        return error_response(400, _("Your form expired or was not sent from this portal. "
                                     "Please reload the page and try again."), "csrf")

    @handles(StaleDataError)
    def stale(error):
        return error_response(409, _("This item moved while you were working on it. "
                                     "Reload the page to see where it is now."), "conflict")

    @handles(IntegrityError)
    def clash(error):
        """Two requests saved the same unique record at once: the loser is told, not a 500."""
        if not is_unique_violation(error):
            return unexpected(error)
        app.logger.warning("Unique key clash: %s", error.orig)
        return error_response(409, _("Someone else saved the same record at the same moment, "
                                     "so nothing of yours was saved. Reload the page to see "
                                     "it, then try again if it is still needed."), "conflict")

    @handles(DataError, OverflowError)
    def out_of_range(error):
        """A value the database cannot take (a number past its range, a text too long or
        with a NUL byte) that got past the forms: bad input, and nothing is saved."""
        app.logger.warning("Value refused by the database: %s", getattr(error, "orig", error))
        return error_response(400, http_messages()[400])

    @handles(HTTPException)
    def http_error(error):
        message = http_messages().get(error.code, error.description)
        response = make_response(error_response(error.code, message))
        for name, value in error.get_headers():  # 405's Allow (RFC 9110), 429's Retry-After
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @handles(OperationalError, OSError)
    def storage_error(error):
        if is_disk_full(error):
            app.logger.error("Disk full: %s", error)
            return error_response(507, disk_full_message())
        if isinstance(error, OperationalError):
            app.logger.exception("Database unavailable")
            return error_response(503, http_messages()[503])
        if is_store_unwritable(error):
            app.logger.error("Attachment store not writable: %s", error)
            return error_response(503, store_unwritable_message())
        return unexpected(error)

    @handles(Exception)
    def unexpected(error):
        app.logger.exception("Unhandled error")
        return error_response(500, http_messages()[500])
