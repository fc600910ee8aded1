"""Notes, draft letters and the dispatch register."""

from ..vocabulary import ACTIVE, LETTER_APPROVED, LETTER_DRAFT, NOTE_DRAFT
from .items import can_view, held_post_ids, holds, oversight_paths


def can_write_note(user, efile):
    """The post holding an active file writes notes, drafts letters and links files."""
    return efile.kind == "file" and holds(user, efile) and efile.status == ACTIVE


def can_read_note(user, note):
    """A final note is part of the record: whoever may see the file reads it. A draft is
    the desk's work in progress: only the post holding the file reads it (its holder, or
    whoever holds that post on additional charge or delegation); not the posts the file
    passed through, nor district heads or UT oversight. Seeing the file is checked first."""
    return note.is_final or holds(user, note.efile)


def _draft_at_its_post(user, note):
    """A draft note of an active file still with the note's post, which the user holds."""
    efile = note.efile
    return (note.status == NOTE_DRAFT and efile.status == ACTIVE
            and efile.holder_post_id == note.post_id and holds(user, efile))


def can_edit_note(user, note):
    """Only its author, only while it is a draft, only while the file is with the author's
    post: once the file leaves, the note is final and nobody may change it."""
    return note.author_id == user.id and _draft_at_its_post(user, note)


def can_discard_note(user, note):
    """Its author discards a draft as they may edit it; so does the post's holder when
    the author no longer holds the post (transferred, charge ended), or the draft would
    keep the file from ever leaving."""
    return _draft_at_its_post(user, note) and (
        note.author_id == user.id or note.post_id not in held_post_ids(note.author))


def may_approve(post):
    """Posts authorised to approve letters for issue carry `can_approve` (DC, ADC...)."""
    return bool(post is not None and post.active and post.can_approve)


def can_edit_draft(user, draft):
    """Whoever holds the file edits a draft letter until it is approved."""
    return draft.status == LETTER_DRAFT and can_write_note(user, draft.efile)


def can_approve_draft(user, draft):
    return can_edit_draft(user, draft) and may_approve(draft.efile.holder_post)


def can_issue_draft(user, draft):
    """An approved draft is issued by whoever holds the file, if that post belongs to the
    file's office: dispatch numbers come from the dispatching office's own register."""
    return _holds_approved(user, draft) and not held_outside_its_office(draft.efile)


def issue_waits_for_its_office(user, draft):
    """The user holds the file with an approved draft at a post of another office (sent
    there for comments or approval): the letter is issued once the file is back home."""
    return _holds_approved(user, draft) and held_outside_its_office(draft.efile)


def _holds_approved(user, draft):
    return draft.status == LETTER_APPROVED and can_write_note(user, draft.efile)


def held_outside_its_office(efile):
    return efile.holder_post.office_id != efile.office_id


def dispatch_scope(user):
    """Offices whose dispatch register the user reads: their posts' offices, and for
    oversight roles every office in their org subtree (ids, org-unit path prefixes)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset(), ()
    return frozenset(post.office_id for post in user.current_posts()), oversight_paths(user)


def can_read_register(user, office):
    offices, paths = dispatch_scope(user)
    return office.id in offices or any(office.org_unit.path.startswith(p) for p in paths)


def can_sign_letter(user, dispatch):
    """An issued letter is signed digitally by the officer who approved it, and only
    while its PDF awaits that signature; a PDF made later from an old letter's record
    is never signed (the signature would claim a time it was not made)."""
    document = dispatch.document
    return (document is not None and not document.is_final
            and document.rendered_later_at is None and user.is_authenticated
            and dispatch.version.approved_by_id == user.id)


def can_view_letter(user, dispatch):
    """An issued letter is seen by those who see its file, and (unless its file is
    confidential or higher) by readers of its office's dispatch register."""
    if can_view(user, dispatch.efile):
        return True
    return not dispatch.efile.is_restricted() and can_read_register(user, dispatch.office)
