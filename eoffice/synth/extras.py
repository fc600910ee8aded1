"""Synth steps for areas that may not be installed yet: each looks for its module and
skips, saying so, when it is missing."""
import importlib
import types
from datetime import datetime, timedelta

from sqlalchemy import text

from ..extensions import db
from ..vocabulary import NOTE_FINAL


def _find(module_name, *names):
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    return next((getattr(module, n) for n in names if callable(getattr(module, n, None))), None)


def notes(ctx):
    """One final note by each sender of a file, written as the file left that post and
    chained by the noting module's own hash. No audit events (history, like the rest)."""
    note_hash = _find("eoffice.notes.services", "note_hash")
    note_model = _find("eoffice.models", "Note")
    if note_hash is None or note_model is None:
        ctx.echo("  skipped: no Note model or eoffice.notes.services.note_hash yet")
        return
    writer, read = ctx.writer, ctx.writer.connection
    names = dict(read.execute(text("SELECT id, name FROM user_account")).all())
    designations = dict(read.execute(text("SELECT id, designation FROM post")).all())
    # streamed: the option goes on the statement (on the connection it would stick to
    # every later statement, ANALYZE included)
    sends = read.execute(text(
        "SELECT efile_id, by_post_id, by_user_id, at FROM movement "
        "WHERE efile_id IS NOT NULL AND action = 'send' ORDER BY efile_id, id"
    ).execution_options(yield_per=20_000))
    columns = ("id", "efile_id", "seq", "author_id", "post_id", "author_name", "designation",
               "body_html", "status", "created_at", "updated_at", "finalised_at",
               "signature_id", "prev_hash", "hash")
    genesis = "0" * 64

    def rows():
        current, seq, prev = None, 0, genesis
        for efile_id, post_id, user_id, at in sends:
            if efile_id != current:
                current, seq, prev = efile_id, 0, genesis
            seq += 1
            at = _as_datetime(at)
            note = types.SimpleNamespace(
                id=writer.next_id("note"), efile_id=efile_id, seq=seq, author_id=user_id,
                post_id=post_id, finalised_at=at, prev_hash=prev,
                body_html=f"<p>Put up for orders. Paragraph {seq} of the noting.</p>")
            note.hash = note_hash(note)
            prev = note.hash
            yield (note.id, efile_id, seq, user_id, post_id, names[user_id][:160],
                   designations[post_id][:160], note.body_html, NOTE_FINAL,
                   at - timedelta(hours=1), at, at, None, note.prev_hash, note.hash)

    writer.write("note", columns, rows())
    ctx.echo(f"  {writer.written.get('note', 0):,} notes")


def _as_datetime(value):
    if isinstance(value, str):  # raw SQLite text
        return datetime.fromisoformat(value)
    return value


def search_index(ctx):
    """Rebuild the search index through the search module, when there is one."""
    rebuild = _find("eoffice.search", "rebuild_index", "reindex", "rebuild")
    if rebuild is None:
        ctx.echo("  skipped: no eoffice.search with rebuild_index()/reindex()/rebuild() yet")
        return
    rebuild()
    db.session.commit()


def dashboard_rollups(ctx):
    """Recompute the dashboard rollups from the movement log, when they exist."""
    rebuild = _find("eoffice.dashboards.rollups", "rebuild")
    if rebuild is None:
        ctx.echo("  skipped: no eoffice.dashboards.rollups.rebuild() yet")
        return
    written = rebuild()
    db.session.commit()
    ctx.echo(f"  {written}")


def pending_counts(ctx):
    """Count each post's pending items (the pendency page's totals) from the items."""
    from ..inbox import pending

    ctx.echo(f"  {pending.rebuild():,} rows")
    db.session.commit()
