"""Numbers, days and text from URLs, query strings and forms, bounded by what the
database can store: a number past any id is simply no match, never a database error."""
from datetime import date, datetime

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds
# The days a filter may name: a year outside them is a slip of the keyboard, and a day
# counted on from date.max (the end of a period is the start of the next day) does not exist.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


class IdConverter(IntegerConverter):
    """`<int:...>` in a route: a number past MAX_ID matches no route (404)."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits, min, max, signed)


def whole_number(text):
    """For `request.args.get(name, type=whole_number)`: out of range reads as absent."""
    number = int(text)
    if abs(number) > MAX_ID:
        raise ValueError(f"{text} is out of range")
    return number


# A day as people here write it (31-01-2026), or as a calendar sends it (2026-01-31): the
# portal shows DD-MM-YYYY in every language, whatever the browser's own date format.
DAY_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y")
DAY_PATTERN = r"\d{1,2}[\-/]\d{1,2}[\-/]\d{4}|\d{4}-\d{1,2}-\d{1,2}"


def read_day(text):
    """A day in one of DAY_FORMATS; ValueError otherwise."""
    for pattern in DAY_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is no day")


def calendar_day(text):
    """DD-MM-YYYY (or YYYY-MM-DD) between FIRST_DAY and LAST_DAY; None if blank,
    ValueError otherwise."""
    if not (text or "").strip():
        return None
    day = read_day(text)
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{text} is out of range")
    return day


# C0 control characters but tab, line feed and carriage return: no keyboard types them,
# PostgreSQL text cannot hold NUL, and the rest would be stored invisible (the API
# refuses them in JSON bodies, eoffice/api/payloads.py)
CONTROL_CHARACTERS = dict.fromkeys([*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20)])


class TextWithoutNul(ImmutableMultiDict):
    """Query-string and form values without control characters (NUL among them): one
    rule for every text field of every page; a filter then matches nothing instead of
    failing."""

    def __init__(self, mapping=None):
        pairs = mapping.items(multi=True) if isinstance(mapping, MultiDict) \
            else mapping.items() if isinstance(mapping, dict) else mapping or ()
        super().__init__([(name, value.translate(CONTROL_CHARACTERS) if isinstance(value, str)
                           else value) for name, value in pairs])


class PortalRequest(Request):
    parameter_storage_class = TextWithoutNul


def register(app):
    """Before any route is added: routes bind their converters when they are added."""
    app.url_map.converters["int"] = IdConverter
    app.request_class = PortalRequest
