"""Whole numbers from URLs and query strings, bounded by what the database can store: a
number past any id is simply no match, never a database error."""
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds


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


def register(app):
    """Before any route is added: routes bind their converters when they are added."""
    app.url_map.converters["int"] = IdConverter
