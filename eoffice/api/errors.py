"""Errors only the API raises; the app's one handler (eoffice/errors.py) answers all
of them, as JSON `{"error": {"code", "message", "fields"?}}` for paths under /api/."""
from contextlib import contextmanager

from ..errors import DomainError, WorkflowError

# a note's or draft's text is `text` in the API, whatever the service calls it
TEXT = {"body": "text", "body_html": "text"}


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


@contextmanager
def in_api_words(names):
    """A refusal raised inside names its fields as the API does (`names`: service -> API)."""
    try:
        yield
    except WorkflowError as error:
        raise renamed(error, names) from None


class QueryTooLong(DomainError):
    status, code = 414, "uri_too_long"
