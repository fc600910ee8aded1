"""Moving files and receipts: send, pull back, park, un-park, close, reopen. Each
takes an optional `version`; a stale one is a 409, as on the pages."""
from flask import g, jsonify

from ..extensions import db
from ..loaders import load_item_or_404
from ..movement import services
from ..notes.services import sign_and_send
from ..vocabulary import ACTIONS as MOVEMENT_ACTIONS
from ..vocabulary import KIND_IN_URL, NORMAL_PRIORITY
from . import serializers
from .auth import personal_only
from .blueprint import bp
from .payloads import json_body
from .receipts import ID, last_step

# by movement action: its request body and the service call; the URL is the action's
# `api` in vocabulary.ACTIONS (an action offered there without a call here fails at start)
PERFORM = {
    "pull_back": ("ActionIn", lambda actor, item, body: services.pull_back(
        actor, item, body.get("version"))),
    "park": ("ActionIn", lambda actor, item, body: services.park(
        actor, item, body.get("remarks", ""), body.get("version"))),
    "unpark": ("ActionIn", lambda actor, item, body: services.unpark(
        actor, item, body.get("version"))),
    "close": ("CloseIn", lambda actor, item, body: services.close(
        actor, item, body["reason"], body.get("version"))),
    "reopen": ("ActionIn", lambda actor, item, body: services.reopen(
        actor, item, body.get("remarks", ""), body.get("version"))),
}
ACTIONS = {action.api: PERFORM[action.code] for action in MOVEMENT_ACTIONS if action.api}


def answer(item):
    if item.kind == "file":
        return jsonify(serializers.efile(item))
    return jsonify(serializers.receipt(item, last_step(item)))


@bp.post(f"/{KIND_IN_URL}/<{ID}:item_id>/send")
@personal_only
def send(kind, item_id):
    item = load_item_or_404(kind, item_id, g.api_actor)
    body = json_body("FileSendIn" if kind == "files" else "ReceiptSendIn")
    to_post = body["to_post"]
    sign_and_send(g.api_actor, item, body.get("password"),
                  to_post_ids=to_post if isinstance(to_post, list) else [to_post],
                  remarks=body.get("remarks", ""), priority=body.get("priority", NORMAL_PRIORITY),
                  due_on=body.get("due_on"), expected_version=body.get("version"))
    db.session.commit()
    return answer(item)


@bp.post(f"/{KIND_IN_URL}/<{ID}:item_id>/<any({', '.join(map(repr, ACTIONS))}):action>")
@personal_only
def act(kind, item_id, action):
    item = load_item_or_404(kind, item_id, g.api_actor)
    schema, perform = ACTIONS[action]
    perform(g.api_actor, item, json_body(schema, optional=schema == "ActionIn"))
    db.session.commit()
    return answer(item)
