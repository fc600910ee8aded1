"""Every filter, global and per-request value the templates use, registered in this one
place: a name seen in a template is found here, and what it calls is a plain function
in the module named. (tests/core/test_template_helpers.py keeps it the only place.)"""
import hashlib
import os

from flask import has_request_context, request, url_for

from . import i18n, labels, names, policy, richtext, vocabulary
from .admin import labels as admin_labels
from .admin.services import is_locked
from .audit_viewer.format import timestamp
from .clock import today
from .csrf_mask import masked_csrf_token
from .dashboards.cells import as_page, cell_kind
from .inputs import DAY_PATTERN
from .letters import delivery
from .months import month_year
from .reporting import labels as reporting_labels


def register(app):
    """After the extensions: the masked CSRF token replaces Flask-WTF's own."""
    env = app.jinja_env
    env.install_gettext_callables(gettext=i18n.gettext, ngettext=i18n.ngettext,
                                  pgettext=i18n.pgettext, npgettext=i18n.npgettext,
                                  newstyle=True)
    env.globals.update(i18n.template_gettext_callables())
    env.filters.update(
        date=i18n.format_date, datetime=i18n.format_datetime, number=i18n.format_number,
        ltr=i18n.ltr, day_value=i18n.day_value, local=names.name_in,
        full_label=names.post_full_label, richtext=richtext.render, timestamp=timestamp,
        month_year=month_year, cell=as_page)
    env.globals.update(
        # languages and scripts
        day_pattern=DAY_PATTERN, ratio=i18n.ratio, text_direction=i18n.text_direction,
        language_choices=i18n.language_choices, language_name=i18n.language_name,
        direction_of=i18n.direction_of, current_locale=i18n.current_locale,
        script_language=richtext.script_language,
        # rules and words: policy.can_*(...) for buttons, labels for stored codes
        policy=policy, labels=labels, admin_labels=admin_labels,
        reporting_labels=reporting_labels, vocabulary=vocabulary,
        item_url=vocabulary.item_url, item_action_url=vocabulary.item_action_url,
        # areas' helpers
        delivery_status=delivery.status, letter_summaries=delivery.summaries,
        delivery_state_label=delivery.state_label, letter_state_label=delivery.letter_state_label,
        cell_kind=cell_kind, is_locked=is_locked, today=today,
        max_upload_mb=lambda: app.config["MAX_UPLOAD_MB"],
        asset=_asset_url(app), csrf_token=masked_csrf_token, url_for=_path_urls_once(app))
    app.context_processor(lambda: {"csrf_token": masked_csrf_token})
    app.context_processor(i18n.bound_template_gettext)


def _asset_url(app):
    """Static URLs carry a content hash so browsers may cache them for a year."""
    versions, urls = {}, {}

    def asset(filename):
        root = request.script_root if has_request_context() else None
        url = urls.get((filename, root))
        if url is None:
            if filename not in versions:
                with open(os.path.join(app.static_folder, filename), "rb") as handle:
                    versions[filename] = hashlib.sha256(handle.read()).hexdigest()[:10]
            url = url_for("static", filename=filename, v=versions[filename])
            if root is not None:
                urls[(filename, root)] = url
        return url

    return asset


def _path_urls_once(app):
    """Flask's url_for, with links that take no values (the menu, a list's tabs: a page
    has dozens) built once per application root instead of once per link per request."""
    built = {}

    def url_for_page(endpoint, **values):
        if values or endpoint.startswith(".") or not has_request_context():
            return app.url_for(endpoint, **values)
        key = (endpoint, request.script_root)
        url = built.get(key)
        if url is None:
            url = built[key] = app.url_for(endpoint)
        return url

    return url_for_page
