"""What follows when something happens, in one place (create_app calls connect):

- an item is about to leave a post (signals.item_leaving): the post's draft notes on a
  file become final, or the file stays while one is unsigned;
- a movement is recorded (signals.movement_recorded): the adoption rollups count it,
  the search index notes the posts it brings onto its item's trail;
- any flush that changes items or notes: the search index and the pending counts
  follow the rows they mirror (session events); the end of a transaction forgets the
  movements it recorded (movement.services.recorded_last);
- `flask eoffice verify`: every file's chain of final notes is walked too (in one
  stream), and final notes are checked against what their signers signed.
"""
from . import integrity, signals
from .dashboards import rollups
from .inbox import pending
from .movement import services as movement_services
from .notes.services import finalise_on_send, verify_note_chains, verify_signed_notes
from .search import sync as search_sync


def connect(app):
    """Idempotent: the connections are process-wide and every app makes them again."""
    signals.item_leaving.connect(finalise_on_send)
    signals.movement_recorded.connect(rollups.on_movement)
    signals.movement_recorded.connect(search_sync.on_movement)
    search_sync.register(app)
    pending.register(app)
    movement_services.register(app)
    integrity.register_check("note chain", verify_note_chains)
    integrity.register_check("signed notes", verify_signed_notes)
