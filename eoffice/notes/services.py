"""Noting: numbered paragraphs, draft while the file is with their author, final and
hash-chained once it leaves. The rules here serve the pages and the API alike."""
import hashlib
from itertools import groupby

from sqlalchemy import bindparam, func, select

from .. import audit, policy, richtext, signing
from ..clock import utcnow
from ..errors import NotAllowed, NotFound, WorkflowError
from ..extensions import db
from ..i18n import gettext as _
from ..i18n import ngettext
from ..models import EFile, Note, Post, Signature
from ..movement import services as movement
from ..orm_rows import JoinedLoad
from ..vocabulary import NOTE_DRAFT, NOTE_FINAL

GENESIS = "0" * 64
MAX_NOTE_CHARS = 50000


def lock_file(efile, refresh=False):
    """Serialise changes to one file's noting and correspondence: a row lock on
    PostgreSQL; on SQLite the locking read makes the transaction the one writer. With
    refresh, re-read the file, since it may have moved while this request waited."""
    if refresh:  # one statement locks and reads it again
        locking = select(EFile).where(EFile.id == efile.id).with_for_update()
        db.session.scalars(locking.execution_options(populate_existing=True)).one()
    else:  # a plain row lock, on the connection: nothing to load
        db.session.connection().execute(LOCK_FILE, {"efile_id": efile.id})


LOCK_FILE = select(EFile.id).where(EFile.id == bindparam("efile_id")).with_for_update()
# built once: whether a post has draft notes in a file, the question each send asks
HAS_DRAFTS = select(Note.id).where(Note.efile_id == bindparam("efile_id"),
                                   Note.post_id == bindparam("post_id"),
                                   Note.status == NOTE_DRAFT).limit(1)


def require_visible(actor, efile):
    if not policy.can_view(actor, efile):
        raise NotFound(_("This page does not exist or you may not see it."))


def clean_body(body_html, field="body"):
    """The allow-listed html of a note or draft; empty text is refused (422)."""
    if len(body_html or "") > MAX_NOTE_CHARS:
        raise WorkflowError(_("The text is too long (at most %(n)d characters).",
                              n=MAX_NOTE_CHARS), {field: "too_long"})
    body = richtext.clean(body_html)
    if richtext.is_blank(body):
        raise WorkflowError(_("Write the text first."), {field: "required"})
    return body


# with their posts, in one statement built once (orm_rows: cheaper than the ORM's load)
NOTES_OF = JoinedLoad(Note, "post", where=Note.efile_id == bindparam("efile"),
                      order_by=[Note.seq])


def notes_of(efile):
    """All of the file's notes in paragraph order, read from the database even if the
    session holds some already (the page checks the chain of exactly these)."""
    return NOTES_OF.all(db.session, refresh=True, efile=efile.id)


def readable_notes(user, efile, notes=None):
    """The notes of a file the user may see that they may read (policy.can_read_note),
    in paragraph order: the final ones, and the drafts too for the post holding it.
    `notes`: all of the file's notes, when the caller has read them already."""
    return [note for note in (notes_of(efile) if notes is None else notes)
            if policy.can_read_note(user, note)]


def draft_notes(efile, post_id=None, fresh=False):
    query = select(Note).where(Note.efile_id == efile.id, Note.status == NOTE_DRAFT)
    if post_id is not None:
        query = query.where(Note.post_id == post_id)
    if fresh:
        query = query.execution_options(populate_existing=True)
    return db.session.scalars(query.order_by(Note.seq)).all()


def add_note(actor, efile, body_html):
    """The post holding an active file writes the next paragraph, a draft of that post.
    Writing means the file has been read, so the sender can no longer pull it back."""
    require_visible(actor, efile)
    lock_file(efile, refresh=True)
    if not policy.can_write_note(actor, efile):
        raise NotAllowed(_("Only the post holding an active file may write notes in it."))
    body = clean_body(body_html)
    if efile.read_at is None:
        movement.open_item(actor, efile)
    post = db.session.get(Post, efile.holder_post_id)
    seq = (db.session.scalar(select(func.max(Note.seq)).where(Note.efile_id == efile.id)) or 0) + 1
    now = utcnow()
    note = Note(efile_id=efile.id, seq=seq, author_id=actor.id, post_id=post.id,
                author_name=actor.name, designation=post.designation, body_html=body,
                status=NOTE_DRAFT, created_at=now, updated_at=now)
    db.session.add(note)
    db.session.flush()
    audit.record("note.add", user=actor, obj=note, post=post,
                 detail=f"file {efile.id} paragraph {seq}")
    return note


def _editable(actor, note, allowed=policy.can_edit_note):
    require_visible(actor, note.efile)
    lock_file(note.efile, refresh=True)
    db.session.refresh(note)
    if not allowed(actor, note):
        if note.is_final:
            raise NotAllowed(_("This note is final: it can no longer be changed."))
        raise NotAllowed(_("Only its author may change a draft note, and only while the "
                           "file is with them."))


def update_note(actor, note, body_html):
    """The author changes a draft note while the file is with their post; the change
    needs a fresh signature. Final notes never change."""
    _editable(actor, note)
    body = clean_body(body_html)
    if body != note.body_html:
        note.body_html = body
        note.updated_at = utcnow()
        note.signature_id = None
        audit.record("note.edit", user=actor, obj=note, post=note.post,
                     detail=f"file {note.efile_id} paragraph {note.seq}")
    db.session.flush()
    return note


def discard_note(actor, note):
    """The author discards a draft note (or the post's holder, once its author has left
    the post); later drafts move up so numbers stay continuous."""
    _editable(actor, note, policy.can_discard_note)
    efile, seq = note.efile, note.seq
    audit.record("note.discard", user=actor, obj=note, post=note.post,
                 detail=f"file {efile.id} paragraph {seq}: "
                        f"{richtext.plain_text(note.body_html)[:200]}")
    db.session.delete(note)
    db.session.flush()
    later = db.session.scalars(select(Note).where(Note.efile_id == efile.id, Note.seq > seq)
                               .order_by(Note.seq)).all()
    if all(n.status == NOTE_DRAFT for n in later):
        for following in later:  # one at a time: (file, paragraph) is unique
            following.seq -= 1
            db.session.flush()


def _signing_payload(notes):
    return "\n".join(f"note {n.efile_id}/{n.id} sha256:{signing.payload_hash(n.body_html)}"
                     for n in sorted(notes, key=lambda n: n.id))


def unsigned(notes):
    """Drafts without a signature, or whose text changed since it was signed."""
    groups = {}
    for note in notes:
        groups.setdefault(note.signature_id, []).append(note)
    result = []
    for signature_id, group in groups.items():
        signature = db.session.get(Signature, signature_id) if signature_id else None
        if signature is None or signature.payload_sha256 != signing.payload_hash(
                _signing_payload(group)):
            result += group
    return sorted(result, key=lambda n: n.seq)


def notes_to_sign(actor, efile, notes=None):
    """The actor's draft notes in this file that still need their signature (from
    `notes`, all of the file's notes, when the caller has them already)."""
    if efile.kind != "file" or not policy.holds(actor, efile):
        return []
    drafts = draft_notes(efile, efile.holder_post_id) if notes is None else [
        n for n in notes if n.status == NOTE_DRAFT and n.post_id == efile.holder_post_id]
    return [n for n in unsigned(drafts) if n.author_id == actor.id]


def sign_notes(actor, efile, password):
    """The author confirms their draft notes in the file with their password (one
    signature over all of them); they become final as the file leaves their post."""
    require_visible(actor, efile)
    # the password is checked before the lock, on what the file held a moment ago
    confirmed = signing.confirm(actor, password) if notes_to_sign(actor, efile) else None
    lock_file(efile, refresh=True)
    if not notes_to_sign(actor, efile):
        return None
    mine = [n for n in draft_notes(efile, efile.holder_post_id) if n.author_id == actor.id]
    post = db.session.get(Post, efile.holder_post_id)
    signature = signing.sign(actor, confirmed or signing.confirm(actor, password),
                             _signing_payload(mine), post=post, purpose="notes")
    for note in mine:
        note.signature_id = signature.id
    db.session.flush()
    return signature


def note_hash(note):
    """SHA-256 over the previous final note's hash and this note's fixed content."""
    fields = (note.prev_hash or "", str(note.efile_id), str(note.seq), str(note.author_id),
              str(note.post_id), note.finalised_at.isoformat() if note.finalised_at else "",
              note.body_html)
    return hashlib.sha256("|".join(fields).encode()).hexdigest()


def last_final_hash(efile):
    return db.session.scalar(select(Note.hash).where(
        Note.efile_id == efile.id, Note.status == NOTE_FINAL).order_by(Note.seq.desc()).limit(1))


def finalise_on_send(item, from_post):
    """As a file leaves a post, the post's draft notes become final in paragraph order,
    each chained to the final note before it. Unsigned drafts keep the file (422)."""
    if item.kind != "file":
        return
    lock_file(item)
    # most files leave with no draft of the sender's: asked on the connection first (under
    # the file's lock, so none is added meanwhile), the notes loaded only when there are
    db.session.flush()  # as the ORM's query would (nothing to write: nothing done)
    if db.session.connection().execute(HAS_DRAFTS, {"efile_id": item.id,
                                                    "post_id": from_post.id}).first() is None:
        return
    drafts = draft_notes(item, from_post.id, fresh=True)
    waiting = unsigned(drafts)
    if waiting:
        raise WorkflowError(
            ngettext("A draft note must be signed before the file leaves: paragraph "
                     "%(numbers)s by %(authors)s. Enter your password to sign it, or "
                     "discard it.",
                     "Draft notes must be signed before the file leaves: paragraphs "
                     "%(numbers)s by %(authors)s. Enter your password to sign your notes, "
                     "or discard them.", len(waiting),
                     numbers=", ".join(str(n.seq) for n in waiting),
                     authors=", ".join(sorted({n.author_name for n in waiting}))),
            {"password": "required"})
    if not drafts:
        return
    now = utcnow().replace(microsecond=0)
    prev = last_final_hash(item) or GENESIS
    for note in drafts:
        note.status = NOTE_FINAL
        note.finalised_at = now
        note.prev_hash = prev
        note.hash = prev = note_hash(note)
    db.session.flush()
    audit.record("note.finalise", obj=item, post=from_post,
                 detail="paragraphs " + ", ".join(str(n.seq) for n in drafts))


def sign_and_send(actor, item, password=None, **send_args):
    """Send an item as `movement.services.send` does; for a file, a password given with
    it first signs the sender's draft notes, which the send then makes final. Pages
    and the API send files through here."""
    if item.kind == "file" and password:
        sign_notes(actor, item, password)
    return movement.send(actor, item, **send_args)


def verify_note_chain(efile, notes=None):
    """Walk the file's final notes in paragraph order; human-readable breaks, or [].
    `notes`: all of the file's notes in paragraph order, as just read from the
    database (otherwise they are read here, past anything the session holds)."""
    problems, prev = [], GENESIS
    if notes is None:
        notes = db.session.scalars(select(Note).where(Note.efile_id == efile.id)
                                   .order_by(Note.seq).execution_options(populate_existing=True))
    for note in (note for note in notes if note.status == NOTE_FINAL):
        if note.prev_hash != prev:
            problems.append(_("Paragraph %(seq)d does not follow the final note before it.",
                              seq=note.seq))
        if note.hash != note_hash(note):
            problems.append(_("Paragraph %(seq)d was changed after it became final.",
                              seq=note.seq))
        prev = note.hash
    return problems


def verify_note_chains():
    """Every file's chain of final notes, read in one stream (not a query per file):
    one line per break, naming the file."""
    problems = []
    rows = db.session.connection().execute(  # Core rows: no ORM processing
        select(Note.efile_id, EFile.file_no, Note.seq, Note.status, Note.author_id,
               Note.post_id, Note.finalised_at, Note.body_html, Note.prev_hash, Note.hash)
        .join(EFile, EFile.id == Note.efile_id).where(Note.status == NOTE_FINAL)
        .order_by(Note.efile_id, Note.seq).execution_options(yield_per=5000))
    for efile_id, group in groupby(rows, key=lambda row: row.efile_id):
        group = list(group)
        problems += [f"file {group[0].file_no} (id {efile_id}): {problem}"
                     for problem in verify_note_chain(None, group)]
    return problems


def verify_signed_notes():
    """Every final note still says what its signer signed: the notes of one signature,
    hashed as they were for signing, give the payload hash the signature records."""
    problems = []
    rows = db.session.connection().execute(  # Core rows: no ORM processing
        select(Note.signature_id, Note.id, Note.efile_id, Note.seq, Note.body_html,
               Signature.payload_sha256)
        .join(Signature, Signature.id == Note.signature_id, isouter=True)
        .where(Note.status == NOTE_FINAL, Note.signature_id.is_not(None))
        .order_by(Note.signature_id, Note.id).execution_options(yield_per=5000))
    for signature_id, group in groupby(rows, key=lambda row: row.signature_id):
        group = list(group)
        signed = group[0].payload_sha256
        if signed is None:
            problems.append(f"signature {signature_id} of note(s) "
                            f"{', '.join(str(row.id) for row in group)} is missing")
        elif signed != signing.payload_hash(_signing_payload(group)):
            problems.append(f"file id {group[0].efile_id}, paragraph(s) "
                            f"{', '.join(str(row.seq) for row in group)}: the final notes "
                            f"are not what signature {signature_id} signed")
    return problems
