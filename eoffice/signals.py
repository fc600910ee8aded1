"""Named signals: what the services announce. Who answers each is in reactions.py,
connected by create_app; a sender imports only this module, never its receivers."""
from blinker import Namespace

_signals = Namespace()

# item_leaving.send(item, from_post=post): a file or receipt is about to leave a post
# (sent on, or its copies made); a receiver may refuse by raising WorkflowError.
item_leaving = _signals.signal("item-leaving")

# movement_recorded.send(item, movement=m, by_post=post, by_person=bool): a movement was
# added to the session, after its audit event; by_person is false for an API service
# client's. Receivers write in the same transaction.
movement_recorded = _signals.signal("movement-recorded")
