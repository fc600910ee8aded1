"""Every query of the busiest pages can be answered through an index on PostgreSQL.

A test database is small, so PostgreSQL would rightly read its tables whole; with
sequential scans priced out (`enable_seqscan = off`) the planner still picks one only
where no index can serve the query, and at a million items that query would read the
whole table (a file's history read all 5 million movements: 400 ms a page)."""
import pytest
from sqlalchemy import event, text

from eoffice.extensions import db
from eoffice.movement.services import open_item, send
from tests.conftest import POSTGRES, login
from tests.factories import make_file, make_receipt

pytestmark = pytest.mark.skipif(not POSTGRES, reason="PostgreSQL's planner")

# tables that grow with the work done; the org tree and the accounts stay small
GROWING = ("movement", "efile", "receipt", "note", "audit_event", "search_entry",
           "correspondence_page", "draft_letter", "file_link", "attachment")


def statements_of(client, path):
    seen = []

    def note(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    db.session.commit()
    event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert client.get(path).status_code == 200, path
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return seen


def whole_table_reads(plan):
    """(table, how) for each node of a plan that reads a growing table whole: a
    sequential scan, or an index walked end to end (no condition on it)."""
    found = []
    table = plan.get("Relation Name")
    if table in GROWING:
        if plan["Node Type"] == "Seq Scan":
            found.append((table, "sequential scan"))
        elif plan["Node Type"] in ("Index Scan", "Index Only Scan") \
                and "Index Cond" not in plan:
            found.append((table, f"whole index {plan['Index Name']}"))
    for child in plan.get("Plans", []):
        found += whole_table_reads(child)
    return found


def full_scans(statements):
    found = []
    with db.engine.connect() as connection:
        connection.execute(text("SET LOCAL enable_seqscan = off"))  # this transaction only
        cursor = connection.connection.cursor()
        for statement, parameters in statements:
            cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
            plan = cursor.fetchone()[0][0]["Plan"]
            found += [(table, how, statement[:160]) for table, how in whole_table_reads(plan)]
    return found


def test_busy_pages_read_growing_tables_through_indexes(client, org):
    users, posts = org["users"], org["posts"]
    cru, so = users["cru.srinagar"], users["so.srinagar"]
    receipt = make_receipt(cru, subject="Road widening")
    send(cru, receipt, [posts["so"].id])
    open_item(so, receipt)
    efile = make_file(so, subject="Road widening", receipts=[receipt])
    send(so, efile, [posts["adc"].id])
    db.session.commit()
    login(client, "so.srinagar")
    pages = ["/inbox", "/inbox?view=sent", "/inbox/pendency", f"/files/{efile.id}",
             f"/files/{efile.id}/history", f"/receipts/{receipt.id}", "/search?q=road"]
    statements = [s for page in pages for s in statements_of(client, page)]
    assert statements
    assert full_scans(statements) == []


def test_dashboards_read_growing_tables_through_indexes(client, org):
    users, posts = org["users"], org["posts"]
    efile = make_file(users["so.srinagar"], subject="Flood relief")
    send(users["so.srinagar"], efile, [posts["adc"].id])
    db.session.commit()
    login(client, "dc.srinagar")
    statements = [s for page in ("/dashboard/SGR", "/inbox/pendency", "/search?q=flood")
                  for s in statements_of(client, page)]
    assert statements
    assert full_scans(statements) == []
