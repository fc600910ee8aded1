"""Rows made into the ORM's objects (eoffice/orm_rows.py): an item loaded for its page
by one Core statement is the object, with the same relationships loaded, that the ORM's
`get` with joined loads gives; the session's own objects are kept."""
from sqlalchemy import event, inspect
from sqlalchemy.orm import joinedload

from eoffice.extensions import db
from eoffice.loaders import SHOWN_WITH, WITH_COVER
from eoffice.models import EFile, Post, Receipt
from tests.factories import make_file, receipt_data

PATHS = {EFile: ("holder_post", "created_by_post", "section", "created_by"),
         Receipt: ("holder_post", "created_by_post", "office")}


def _columns(obj):
    return None if obj is None else {c.key: getattr(obj, c.key) for c in inspect(obj).mapper.columns}


def _described(item):
    return {"item": _columns(item), "office": _columns(item.holder_post.office),
            **{path: _columns(getattr(item, path)) for path in PATHS[type(item)]}}


def _without_queries(run):
    sent = []
    listener = lambda *args: sent.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        return run()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
        assert sent == []


def _orm_get(model, ident):
    options = [joinedload(model.holder_post).joinedload(Post.office),
               joinedload(model.created_by_post),
               joinedload(EFile.section) if model is EFile else joinedload(Receipt.office)]
    if model is EFile:
        options.append(joinedload(EFile.created_by))
    return db.session.get(model, ident, options=options, populate_existing=True)


def test_an_item_comes_as_the_orms_joined_get_gives_it(org):
    from eoffice.dak.services import diarise

    users, posts = org["users"], org["posts"]
    efile = make_file(users["so.srinagar"])  # no section: an empty foreign key
    receipt = diarise(users["cru.srinagar"], posts["cru"], receipt_data())
    db.session.commit()
    for model, ident, loads in ((EFile, efile.id, WITH_COVER), (Receipt, receipt.id, SHOWN_WITH)):
        db.session.expunge_all()
        expected = _described(_orm_get(model, ident))
        db.session.expunge_all()
        made = loads[model].get(db.session, ident)
        state = inspect(made)
        assert state.persistent and not state.modified and not state.expired_attributes
        # the joined relationships came with it: showing them reads nothing more
        assert _without_queries(lambda made=made: _described(made)) == expected
        assert loads[model].get(db.session, 10**9) is None
    assert WITH_COVER[EFile].get(db.session, efile.id).section is None


def test_the_sessions_own_item_is_kept(org):
    efile = make_file(org["users"]["so.srinagar"])
    db.session.commit()
    held = db.session.get(EFile, efile.id)
    assert held.subject  # loaded: returned without a query, as get returns it
    assert _without_queries(lambda: WITH_COVER[EFile].get(db.session, efile.id)) is held
    held.subject = "Changed, not yet written"
    db.session.expire(held, ["priority"])
    assert WITH_COVER[EFile].get(db.session, efile.id) is held
    assert held.subject == "Changed, not yet written" and held.priority


def test_a_files_notes_are_read_afresh_with_their_posts(org):
    """notes_of reads what the database holds even for notes the session holds already
    (the page checks the hash chain of exactly these), as populate_existing reads."""
    from sqlalchemy import update

    from eoffice.models import Note
    from eoffice.notes.services import add_note, notes_of

    so = org["users"]["so.srinagar"]
    efile = make_file(so)
    add_note(so, efile, "<p>First paragraph.</p>")
    add_note(so, efile, "<p>Second paragraph.</p>")
    db.session.commit()
    held = notes_of(efile)
    assert held[0].body_html == "<p>First paragraph.</p>"
    notes = Note.__table__  # a Core update: the session's notes are not told
    db.session.execute(update(notes).where(notes.c.id == held[0].id)
                       .values(body_html="<p>Changed behind the session.</p>"))
    again = notes_of(efile)
    assert again == held and [note.seq for note in again] == [1, 2]
    assert again[0].body_html == "<p>Changed behind the session.</p>"
    assert not db.session.is_modified(again[0])
    assert _without_queries(lambda: [note.post.label for note in again]) == ["SO (Gen) Srinagar"] * 2


def test_what_the_session_has_pending_is_written_before_reading(org):
    """As the ORM's autoflush: a change not yet flushed is in what is read."""
    from eoffice.notes.services import add_note, notes_of

    so = org["users"]["so.srinagar"]
    efile = make_file(so)
    note = add_note(so, efile, "<p>First paragraph.</p>")
    db.session.commit()
    note.body_html = "<p>Edited, not yet flushed.</p>"
    assert notes_of(efile)[0].body_html == "<p>Edited, not yet flushed.</p>"
    efile.subject = "Renamed, not yet flushed"
    db.session.expire(efile, ["priority"])
    assert WITH_COVER[EFile].get(db.session, efile.id).subject == "Renamed, not yet flushed"


def test_no_model_made_from_rows_wants_the_orms_load_events():
    """Objects made from rows skip the ORM's `load` and `refresh` events (and so any
    reconstructor): a model made here that gains one must be loaded by the ORM again."""
    from eoffice.auth.session_rows import SESSIONS, TOKENS
    from eoffice.notes.services import NOTES_OF

    loads = [SESSIONS, TOKENS, NOTES_OF, *SHOWN_WITH.values(), *WITH_COVER.values()]
    shapes = [shape for load in loads
              for shape in ([load.root, *(path[3] for path in load.paths)]
                            if hasattr(load, "root") else
                            [load.head, load.user, load.role, load.holding, load.post])]
    assert len({shape.mapper for shape in shapes}) >= 10
    for shape in shapes:
        manager = shape.mapper.class_manager
        assert not manager.dispatch.load and not manager.dispatch.refresh, shape.mapper
        assert shape.mapper._reconstructor is None, shape.mapper
