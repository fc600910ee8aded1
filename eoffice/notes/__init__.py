from flask import Blueprint

bp = Blueprint("notes", __name__)

from .. import integrity  # noqa: E402
from ..movement.services import SEND_HOOKS  # noqa: E402
from . import routes  # noqa: E402,F401
from .services import finalise_on_send, verify_note_chains, verify_signed_notes  # noqa: E402

if finalise_on_send not in SEND_HOOKS:
    SEND_HOOKS.append(finalise_on_send)
# `flask eoffice verify` walks every file's chain of final notes
integrity.register_check("note chain", verify_note_chains)
# and that final notes are still what their signers signed
integrity.register_check("signed notes", verify_signed_notes)
