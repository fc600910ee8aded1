"""Language choice and per-language formatting (dates always DD-MM-YYYY)."""
from contextlib import contextmanager
from datetime import timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import numbers
from flask import current_app, g, has_app_context, has_request_context, request, session
from flask_babel import LazyString, force_locale, get_locale, get_timezone, get_translations
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup

from .clock import office_day


def select_locale():
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    if session.get("lang") in languages:
        return session["lang"]
    return request.accept_languages.best_match(list(languages)) or "en"


def current_locale():
    """The page's language code, looked up once per request (a page asks for it in every
    name, number and date)."""
    return _per_request("_locale", lambda: str(get_locale()))


def language_choices():
    return list(current_app.config["LANGUAGES"].items())


def language_name(code):
    """A language by its own name (اردو, हिन्दी): how its readers look for it."""
    return current_app.config["LANGUAGES"].get(code, code)


def direction_of(language):
    return "rtl" if language in current_app.config["RTL_LANGUAGES"] else "ltr"


def text_direction():
    return _per_request("_text_direction", lambda: direction_of(current_locale()))


# In a right-to-left page a bare "03-11-2026" is laid out by the bidi algorithm as
# "2026-11-03": isolate dates as left-to-right runs (invisible characters, safe anywhere).
LTR_ISOLATE, POP_ISOLATE = "\u2066", "\u2069"


def _isolated(text):
    if not has_app_context() or text_direction() == "ltr":
        return text
    return f"{LTR_ISOLATE}{text}{POP_ISOLATE}"


def format_date(value):
    """DD-MM-YYYY; a moment (naive UTC datetime) shows the office's date of it, which
    from midnight to 05:30 IST is a day later than the UTC one."""
    return _isolated(office_day(value).strftime("%d-%m-%Y")) if value else ""


# what _per_request keeps per language: cleared while another language is forced
_LOCALE_BOUND = ("_text_direction", "_babel_translations", "_locale")


@contextmanager
def in_language(language):
    """Everything inside speaks `language` ('en', 'hi', 'ur'), whatever the reader's:
    gettext, pgettext, dates, numbers, names (eoffice.names) and text_direction(). An
    issued letter is rendered in its own language this way, on a page and in a PDF."""
    if language not in current_app.config["LANGUAGES"]:
        raise ValueError(f"unknown language {language!r}")
    saved = {name: g.pop(name, None) for name in _LOCALE_BOUND}
    try:
        with force_locale(language):
            yield
    finally:
        for name, value in saved.items():
            g.pop(name, None)
            if value is not None:
                setattr(g, name, value)


def _per_request(name, make):
    """Locale-bound objects looked up once per request: a list page asks for them in
    every row, and Flask-Babel's lookup of each costs more than the row itself."""
    if not has_request_context():
        return make()
    value = g.get(name)
    if value is None:
        value = make()
        setattr(g, name, value)
    return value


def _zone():
    """The user's time zone as zoneinfo (Flask-Babel's pytz zones convert ten times slower)."""
    zone = get_timezone()
    return ZoneInfo(zone.zone) if zone else None


def format_datetime(value):
    if not value:
        return ""
    local = value.replace(tzinfo=timezone.utc).astimezone(_per_request("_zone", _zone))
    return _isolated(local.strftime("%d-%m-%Y %H:%M"))


def _translations():
    return _per_request("_babel_translations", get_translations)


def gettext(string, **variables):
    """Flask-Babel's gettext, with the catalogue looked up once per request."""
    text = _translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular, plural, num, **variables):
    """Flask-Babel's ngettext, with the catalogue looked up once per request."""
    text = _translations().ungettext(singular, plural, num)
    return text % variables if variables else text


def pgettext(context, string, **variables):
    """gettext for a word with several meanings: the context says which ("mail mode"
    for "Post" the way a letter came, "position" for a post in an office)."""
    text = _translations().upgettext(context, string)
    return text % variables if variables else text


def npgettext(context, singular, plural, num, **variables):
    text = _translations().unpgettext(context, singular, plural, num)
    return text % variables if variables else text


def N_(singular, plural=None):
    """Marks a message, or a singular and plural pair, for extraction; changes nothing:
    it is translated where it is shown."""
    return singular if plural is None else (singular, plural)


def lazy_gettext(string, **variables):
    """For labels defined at import time, translated each time they are shown."""
    return LazyString(gettext, string, **variables)


def lazy_pgettext(context, string, **variables):
    return LazyString(pgettext, context, string, **variables)


# Jinja's own "newstyle" wrappers pass each string through three context calls; a page
# asks for a hundred strings. These keep its rules: the translation is trusted markup,
# the variables are escaped, and the text is always a format string ("%%" shows "%").
def _formatted(eval_ctx, text, variables):
    if eval_ctx.autoescape:
        text = Markup(text)
    return text % variables if variables or "%" in text else text


@pass_eval_context
def _template_gettext(eval_ctx, string, **variables):
    return _formatted(eval_ctx, _translations().ugettext(string), variables)


@pass_eval_context
def _template_ngettext(eval_ctx, singular, plural, num, **variables):
    variables.setdefault("num", num)
    return _formatted(eval_ctx, _translations().ungettext(singular, plural, num), variables)


@pass_eval_context
def _template_pgettext(eval_ctx, context, string, **variables):
    return _formatted(eval_ctx, _translations().upgettext(context, string), variables)


@pass_eval_context
def _template_npgettext(eval_ctx, context, singular, plural, num, **variables):
    variables.setdefault("num", num)
    return _formatted(eval_ctx, _translations().unpgettext(context, singular, plural, num),
                      variables)


@lru_cache(maxsize=8192, typed=True)
def _decimal(value, locale):
    return numbers.format_decimal(value, locale=locale)


def format_number(value):
    """Grouped the locale's way (Hindi: 12,34,567); a dashboard formats hundreds of
    numbers, mostly the same few, so each is formatted once per language."""
    return _decimal(value, current_locale()) if value is not None else ""


def day_value(value):
    """A day for a DD-MM-YYYY text box: a date written so, anything else as typed."""
    if hasattr(value, "strftime"):
        return value.strftime("%d-%m-%Y")
    return value or ""


def ltr(value):
    """A code, number, hash or ratio kept left to right inside any page: in Urdu "4 / 8"
    would otherwise read "8 / 4" and "2026/00012" come out as "00012/2026"."""
    return Markup('<bdi dir="ltr">{}</bdi>').format(value)


def ratio(part, whole):
    """"4 / 8", in that order in every language."""
    return ltr(f"{format_number(part)} / {format_number(whole)}")


def bound_template_gettext():
    """The same callables bound to this request's catalogue for one render (a context
    processor): a page asks for a hundred strings, and finding the catalogue for each
    cost more than translating it. Outside a request the global ones serve."""
    if not has_request_context():
        return {}
    catalogue = _translations()
    ugettext, ungettext = catalogue.ugettext, catalogue.ungettext
    upgettext, unpgettext = catalogue.upgettext, catalogue.unpgettext

    @pass_eval_context
    def gettext_(eval_ctx, string, **variables):
        return _formatted(eval_ctx, ugettext(string), variables)

    @pass_eval_context
    def ngettext_(eval_ctx, singular, plural, num, **variables):
        variables.setdefault("num", num)
        return _formatted(eval_ctx, ungettext(singular, plural, num), variables)

    @pass_eval_context
    def pgettext_(eval_ctx, context, string, **variables):
        return _formatted(eval_ctx, upgettext(context, string), variables)

    @pass_eval_context
    def npgettext_(eval_ctx, context, singular, plural, num, **variables):
        variables.setdefault("num", num)
        return _formatted(eval_ctx, unpgettext(context, singular, plural, num), variables)

    return {"_": gettext_, "gettext": gettext_, "ngettext": ngettext_,
            "pgettext": pgettext_, "npgettext": npgettext_}


def template_gettext_callables():
    """_(), gettext() and the rest as templates call them (autoescaped, lazily bound)."""
    return {"_": _template_gettext, "gettext": _template_gettext,
            "ngettext": _template_ngettext, "pgettext": _template_pgettext,
            "npgettext": _template_npgettext}
