"""May this user do this to this object? One place, used by services and templates.

Who may see an item (file or receipt): the post holding it, every post on its trail,
the post that created it, and oversight posts within their org subtree (read-only:
a district head's post its district, a UT oversight post everything; models.post).
Confidential and higher gradings are seen only by posts on the item's own trail.
A file's draft notes are read only by the post holding it; final notes by all who see it.
An API service client sees the receipts it brought in, and nothing else.


Package: items.py, notes.py (notes, drafts, dispatch), admin.py, reporting.py; every
rule is read as `policy.can_x` from here.
"""
import sys

from .admin import (  # noqa: F401
    can_administer,
    can_read_audit,
    can_see_a_dashboard,
    can_set_targets,
    can_use_two_factor,
    can_view_dashboard,
    can_view_office_dashboard,
)
from .items import (  # noqa: F401
    brought_in_by,
    can_close,
    can_create,
    can_edit_receipt,
    can_intake,
    can_open,
    can_park,
    can_pull_back,
    can_put_in_file,
    can_reopen,
    can_send,
    can_unpark,
    can_view,
    grading_fits,
    held_post_ids,
    holds,
    is_service_client,
    item_filter,
    lowest_grading_for,
    on_trail,
    oversight_paths,
    visible_filter,
    within_oversight,
)
from .notes import (  # noqa: F401
    can_approve_draft,
    can_discard_note,
    can_edit_draft,
    can_edit_note,
    can_issue_draft,
    can_read_note,
    can_read_register,
    can_sign_letter,
    can_view_letter,
    can_write_note,
    dispatch_scope,
    held_outside_its_office,
    issue_waits_for_its_office,
    may_approve,
)
from .reporting import (  # noqa: F401
    can_edit_district_entries,
    can_edit_proposal,
    can_edit_workshop,
    can_handle_problem,
    can_oversee_reporting,
    can_report_for_office,
    can_review_proposal,
    can_submit_monthly_report,
    can_view_reporting_unit,
    reporting_district_of,
    reporting_districts,
    reporting_roots,
)

