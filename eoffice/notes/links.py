"""References: files linked to files (shown on both), and the files and receipts a
file's notes point to."""
import re

from sqlalchemy import bindparam, or_, select

from .. import audit, policy
from ..clock import utcnow
from ..errors import NotAllowed, WorkflowError
from ..extensions import db
from ..i18n import gettext as _
from ..models import EFile, FileLink, Post, Receipt
from .services import lock_file, require_visible

NOTE_LINK = re.compile(r'href="/(files|receipts)/(\d+)')


def link_files(actor, efile, other_file_no, remarks=""):
    """The post holding an active file links it to another file it may see; the link
    shows on both files."""
    require_visible(actor, efile)
    if not policy.can_write_note(actor, efile):
        raise NotAllowed(_("Only the post holding an active file may link it."))
    other = db.session.scalar(select(EFile).where(EFile.file_no == (other_file_no or "").strip()))
    if other is None or not policy.can_view(actor, other):
        raise WorkflowError(_("There is no file with this number that you may see."),
                            {"file_no": "unknown"})
    if other.id == efile.id:
        raise WorkflowError(_("A file cannot be linked to itself."), {"file_no": "self"})
    for item in sorted((efile, other), key=lambda f: f.id):  # A-B and B-A at once: one waits
        lock_file(item)
    pair = ((FileLink.from_efile_id == efile.id) & (FileLink.to_efile_id == other.id)) | (
        (FileLink.from_efile_id == other.id) & (FileLink.to_efile_id == efile.id))
    if db.session.scalar(select(FileLink.id).where(pair)):
        raise WorkflowError(_("These files are already linked."), {"file_no": "linked"})
    post = db.session.get(Post, efile.holder_post_id)
    link = FileLink(from_efile_id=efile.id, to_efile_id=other.id, remarks=(remarks or "")[:300],
                    created_by_id=actor.id, created_by_post_id=post.id, created_at=utcnow())
    db.session.add(link)
    db.session.flush()
    audit.record("file.link", user=actor, obj=efile, post=post, detail=f"to file {other.id}")
    return link


LINKS_OF = select(FileLink).where(or_(FileLink.from_efile_id == bindparam("efile"),
                                      FileLink.to_efile_id == bindparam("efile"))
                                  ).order_by(FileLink.id)  # built once


def linked_files(user, efile):
    """(other file, link) pairs in both directions, only files the user may see."""
    links = db.session.scalars(LINKS_OF, {"efile": efile.id}).all()
    pairs = [(link.to_efile if link.from_efile_id == efile.id else link.from_efile, link)
             for link in links]
    return [(other, link) for other, link in pairs if policy.can_view(user, other)]


def note_references(user, efile, notes):
    """Other files and receipts the file's notes link to, each once, only those the
    user may see."""
    wanted = {"files": set(), "receipts": set()}
    for note in notes:
        for kind, item_id in NOTE_LINK.findall(note.body_html):
            wanted[kind].add(int(item_id))
    items = []
    for kind, model in (("files", EFile), ("receipts", Receipt)):
        if wanted[kind]:
            items += db.session.scalars(select(model).where(model.id.in_(wanted[kind]))
                                        .order_by(model.id)).all()
    return [item for item in items if not (item.kind == "file" and item.id == efile.id)
            and policy.can_view(user, item)]
