"""Errors only the API raises; the app's one handler (eoffice/errors.py) answers all
of them, as JSON `{"error": {"code", "message", "fields"?}}` for paths under /api/."""
from ..errors import DomainError


class Malformed(DomainError):
    status, code = 400, "bad_request"


class Unauthorized(DomainError):
    status, code = 401, "unauthorized"


class TooLarge(DomainError):
    status, code = 413, "too_large"


def renamed(error, names):
    """A service's error with its field names in the API's words (sender_name -> sender.name)."""
    error.fields = {names.get(field, field): problem for field, problem in error.fields.items()}
    return error


class QueryTooLong(DomainError):
    status, code = 414, "uri_too_long"
