"""Language choice and per-language formatting (dates always DD-MM-YYYY)."""
from flask import current_app, has_request_context, request, session
from flask_babel import format_decimal, get_locale, to_user_timezone
from flask_login import current_user


def select_locale():
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    if session.get("lang") in languages:
        return session["lang"]
    return request.accept_languages.best_match(list(languages)) or "en"


def language_choices():
    return list(current_app.config["LANGUAGES"].items())


def text_direction():
    return "rtl" if str(get_locale()) in current_app.config["RTL_LANGUAGES"] else "ltr"


def format_date(value):
    return value.strftime("%d-%m-%Y") if value else ""


def format_datetime(value):
    return to_user_timezone(value).strftime("%d-%m-%Y %H:%M") if value else ""


def format_number(value):
    return format_decimal(value) if value is not None else ""


def register(app):
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.globals["text_direction"] = text_direction
    app.jinja_env.globals["language_choices"] = language_choices
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())
