"""Each movement action, status, grading, priority and item kind is one row of
eoffice/vocabulary.py; everything else derives from it. These tests fail when a row
lacks a facet, a facet holds what nothing understands, or code uses a code no table
holds (an action recorded, or an item sent to a status, that the tables do not know)."""
import ast
import os
from dataclasses import fields

import pytest
from sqlalchemy import select, text

from eoffice import ROOT, labels, vocabulary
from eoffice.admin import labels as admin_labels
from eoffice.api.actions import PERFORM
from eoffice.api.openapi import document
from eoffice.extensions import db
from eoffice.models import Movement, org, post, problem, proposal, readiness, records, user
from eoffice.reporting import labels as reporting_labels
from eoffice.vocabulary import ACTIONS, GRADINGS, ITEM_KINDS, PRIORITIES, STATUSES, Action
from tests.factories import make_file
from tests.integrity.tamper import verify

HOLDERS = {"to_post", "by_post", None}
COUNTERS = {"created", "sent", None}


def test_every_action_has_every_facet_and_each_is_understood():
    for action in ACTIONS:
        assert all(hasattr(action, name) for name in ("label", "holder", "status", "counts",
                                                      "api", "handover"))
        assert str(action.label), action.code
        assert action.holder in HOLDERS, action.code
        assert action.counts in COUNTERS, action.code
        for kind, status in action.status.items():
            assert kind in ITEM_KINDS, (action.code, kind)
            assert kind in STATUSES[status].kinds, (action.code, kind, status)
        if action.api is not None:
            assert action.code in PERFORM, f"{action.code} has an API path but no service call"


def test_a_row_without_a_facet_is_refused():
    with pytest.raises(TypeError):
        Action("return", "Returned", holder="to_post", status={}, counts=None)  # no api


def test_items_start_and_end_where_the_tables_say():
    create, close = ACTIONS["create"], ACTIONS["close"]
    assert create.handover and create.status == {"file": "active", "receipt": "active"}
    assert not close.handover and STATUSES[close.status["file"]].pending is False
    assert ACTIONS["attach"].status == {"receipt": "in_file"}  # a file is never put in a file
    assert vocabulary.HANDOVERS == ("create", "send", "pull_back", "reopen", "copy")


def test_other_vocabularies_are_complete():
    for table, facets in ((STATUSES, ("pending", "kinds")), (GRADINGS, ("restricted",)),
                          (PRIORITIES, ("rank",)), (ITEM_KINDS, ("endpoint", "path"))):
        assert table.facets == ["code", "label", *facets]
        for term in table:
            assert str(term.label)
    assert GRADINGS.codes[0] == "normal" and not GRADINGS["normal"].restricted
    ranks = [term.rank for term in PRIORITIES]
    assert ranks == sorted(set(ranks)) and ranks[0] == 0  # distinct, the plain one first
    assert vocabulary.PENDING_SQL == "status IN ('active', 'parked')"


def _literal_arguments(calls):
    """(file, line, name, string) for every call of the given names whose argument at the
    given position is a string literal, in eoffice/."""
    found = []
    for folder, _dirs, names in os.walk(os.path.join(ROOT, "eoffice")):
        for name in names:
            if not name.endswith(".py"):
                continue
            path = os.path.join(folder, name)
            with open(path) as handle:
                tree = ast.parse(handle.read())
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                called = getattr(node.func, "id", getattr(node.func, "attr", None))
                position = calls.get(called)
                if position is not None and len(node.args) > position and \
                        isinstance(node.args[position], ast.Constant) and \
                        isinstance(node.args[position].value, str):
                    found.append((path, node.lineno, called, node.args[position].value))
    return found


def test_code_records_only_actions_the_table_knows():
    recorded = _literal_arguments({"record": 1, "_change_status": 3})
    movement_calls = [entry for entry in recorded
                      if not entry[0].endswith(os.path.join("eoffice", "audit.py"))
                      and "." not in entry[3]]  # audit.record("user.create") is another log
    assert len(movement_calls) > 10  # the walk found them
    assert [entry for entry in movement_calls if entry[3] not in ACTIONS] == []


def test_the_api_offers_exactly_the_actions_the_table_gives_a_path():
    paths = document()["paths"]
    offered = {action.api for action in ACTIONS if action.api}
    assert offered == {"pull-back", "park", "unpark", "close", "reopen"}
    for kind in ITEM_KINDS:
        for api in offered:
            assert f"/api/v1/{kind.path}/{{id}}/{api}" in paths


def test_an_action_the_portal_does_not_know_is_reported_by_verify(app, org):
    efile = make_file(org["users"]["so.srinagar"])
    first = db.session.scalar(select(Movement).where(Movement.efile_id == efile.id))
    db.session.execute(text(
        "INSERT INTO movement (efile_id, action, by_user_id, by_post_id, remarks, at) "
        "VALUES (:file, 'return', :user, :post, '', :at)"),
        {"file": efile.id, "user": first.by_user_id, "post": first.by_post_id, "at": first.at})
    db.session.commit()
    code, output = verify(app)
    assert code == 1
    assert "has the action 'return', which the portal does not know" in output


def test_fields_of_each_action_are_the_documented_ones():
    assert [field.name for field in fields(Action)] == ["code", "label", "holder", "status",
                                                         "counts", "api"]


def test_every_area_reads_its_codes_and_labels_from_the_tables():
    """The admin and reporting screens, the models' code lists and the shared labels are
    the vocabulary tables themselves, not copies that could lose or rename a code."""
    derived = (
        (vocabulary.RECEIPT_MODES, labels.MODE, records.RECEIPT_MODES),
        (vocabulary.RECEIPT_CATEGORIES, labels.RECEIPT_CATEGORY, records.RECEIPT_CATEGORIES),
        (vocabulary.FILE_CATEGORIES, labels.FILE_CATEGORY, records.FILE_CATEGORIES),
        (vocabulary.UNIT_KINDS, admin_labels.UNIT_KINDS, org.UNIT_KINDS),
        (vocabulary.ROLES, admin_labels.ROLES, user.ROLES),
        (vocabulary.HOLDING_KINDS, admin_labels.HOLDING_KINDS, post.HOLDING_KINDS),
        (vocabulary.OVERSIGHT_SCOPES, admin_labels.OVERSIGHT_SCOPES, post.OVERSIGHT_SCOPES),
        (vocabulary.PROPOSAL_STATUSES, reporting_labels.PROPOSAL_STATUS,
         proposal.PROPOSAL_STATUSES),
        (vocabulary.PROBLEM_CATEGORIES, reporting_labels.PROBLEM_CATEGORY,
         problem.PROBLEM_CATEGORIES),
        (vocabulary.PROBLEM_STATUSES, reporting_labels.PROBLEM_STATUS, problem.PROBLEM_STATUSES),
        (vocabulary.ESCALATION_TARGETS, reporting_labels.ESCALATION, problem.ESCALATION_TARGETS),
        (vocabulary.READINESS_MEASURES, reporting_labels.MEASURE, readiness.READINESS_MEASURES),
    )
    for table, shown, stored in derived:
        assert shown is table.labels and stored is table.codes, table.codes
        assert all(str(term.label) for term in table)
    assert set(vocabulary.WORKSHOP_UNIT_KINDS) <= set(vocabulary.UNIT_KINDS.codes)
    assert reporting_labels.UNIT_KIND == {kind: vocabulary.UNIT_KINDS.labels[kind]
                                          for kind in vocabulary.WORKSHOP_UNIT_KINDS}
