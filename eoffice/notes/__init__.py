from .. import integrity
from ..movement.services import SEND_HOOKS
from . import routes  # noqa: F401 - its views, on the blueprint
from .blueprint import bp  # noqa: F401
from .services import finalise_on_send, verify_note_chain

if finalise_on_send not in SEND_HOOKS:
    SEND_HOOKS.append(finalise_on_send)
# `flask eoffice verify` walks every file's chain of final notes
integrity.register_file_check("note chain", verify_note_chain)
