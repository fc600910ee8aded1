"""Reactions are connected by create_app, once however many apps a process builds (a
second connection would count every movement twice in the rollups)."""
from eoffice import create_app, signals
from eoffice.dashboards import rollups
from eoffice.notes.services import finalise_on_send
from eoffice.search import sync as search_sync


def test_each_signal_has_its_receivers_once(app):
    create_app("config.TestConfig")
    assert list(signals.item_leaving.receivers_for(None)) == [finalise_on_send]
    assert list(signals.movement_recorded.receivers_for(None)) == [rollups.on_movement,
                                                                   search_sync.on_movement]
