"""Names of org units, departments, offices and posts in Hindi and Urdu beside English.

The English name is the one of record (codes, audit, file numbers); a Hindi or Urdu one
is shown where the page or letter speaks that language, and English where none was
entered. Search looks in all three."""
from flask import has_app_context

from .i18n import current_locale

# the English column of each translated name; its Hindi and Urdu are <column>_hi, _ur
NAME_LANGUAGES = ("hi", "ur")
TRANSLATED = {"OrgUnit": ("name",), "Department": ("name",), "Office": ("name",),
              "Post": ("designation", "label")}


def _language():
    return current_locale() if has_app_context() else "en"


def name_in(record, field="name", language=None):
    """The name of `record` in `language` (by default the one speaking now: the page's,
    or a letter's inside eoffice.i18n.in_language), falling back to English."""
    if record is None:
        return ""
    language = language or _language()
    if language in NAME_LANGUAGES:
        local = getattr(record, f"{field}_{language}", None)
        if local:
            return local
    return getattr(record, field)


def chosen(english, hindi, urdu, language=None):
    """Of a name read as three columns (names.columns), the one for `language`."""
    return {"hi": hindi, "ur": urdu}.get(language or _language()) or english


def post_full_label(post, language=None):
    """"SO (Estt), Deputy Commissioner Office, Srinagar" in the language speaking now."""
    return f"{name_in(post, 'label', language)}, {name_in(post.office, 'name', language)}"


def columns(column):
    """A name column with its Hindi and Urdu ones, for searches that find either (any
    other column alone)."""
    model = column.class_
    if column.key not in TRANSLATED.get(model.__name__, ()):
        return [column]
    return [column] + [getattr(model, f"{column.key}_{language}") for language in NAME_LANGUAGES]


def translated_fields(model):
    """{"name_hi", "name_ur", ...}: the columns an admin form sets beside the English."""
    return {f"{field}_{language}" for field in TRANSLATED[model.__name__]
            for language in NAME_LANGUAGES}

