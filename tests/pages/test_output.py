"""Pages come out byte for byte as they were kept in tests/pages/expected/ (apart from
the CSRF token, masked afresh in every answer, and the static files' content hashes):
a change made for speed must not change a page. A change meant to change a page
rewrites the files with EOFFICE_UPDATE_PAGES=1 and shows the difference in review.

Each page's query count is kept beside it too: a page that reads more than before fails
here before the bench sees it."""
import json
import os
import re
from pathlib import Path

import pytest

from tests.conftest import login, statements_during

EXPECTED = Path(__file__).parent / "expected"
UPDATE = os.environ.get("EOFFICE_UPDATE_PAGES") == "1"
MASKS = [(re.compile(r'(name="csrf_token"(?: type="hidden")? value=")[^"]+'), r"\1CSRF"),
         (re.compile(r'("X-CSRFToken": ")[^"]+'), r"\1CSRF"),
         (re.compile(r"(\?v=)[0-9a-f]{10}"), r"\1HASH")]

# (name, user, path, htmx); {F6} etc. are items of the data set (tests/pages/conftest.py)
PAGES = [
    ("inbox", "so.srinagar", "/inbox", False),
    ("inbox-htmx", "so.srinagar", "/inbox", True),
    ("inbox-sent", "so.srinagar", "/inbox?view=sent", False),
    ("inbox-created", "so.srinagar", "/inbox?view=created", False),
    ("inbox-parked", "so.srinagar", "/inbox?view=parked", False),
    ("inbox-closed", "so.srinagar", "/inbox?view=closed", False),
    ("inbox-unread-by-due", "so.srinagar", "/inbox?read=unread&sort=due", True),
    ("inbox-priority", "so.srinagar", "/inbox?sort=priority&form=electronic", True),
    ("inbox-overdue", "so.srinagar", "/inbox?overdue=1", True),
    ("inbox-urdu", "adc.srinagar", "/inbox", False),
    ("inbox-cru", "cru.srinagar", "/inbox?view=created", False),
    ("pendency", "so.srinagar", "/inbox/pendency", False),
    ("pendency-htmx", "adc.srinagar", "/inbox/pendency", True),
    ("file-notes", "so.srinagar", "/files/{F6}", False),
    ("file-notes-urdu", "adc.srinagar", "/files/{F6}", False),
    ("file-closed", "so.srinagar", "/files/{F2}", False),
    ("file-away", "so.srinagar", "/files/{F3}", False),
    ("file-history", "so.srinagar", "/files/{F6}/history", False),
    ("file-history-htmx", "so.srinagar", "/files/{F6}/history", True),
    ("receipt", "so.srinagar", "/receipts/{R9}", False),
    ("dashboard-district", "dc.srinagar", "/dashboard/SGR", False),
    ("dashboard-district-htmx", "dc.srinagar", "/dashboard/SGR", True),
    ("dashboard-district-february", "dc.srinagar",
     "/dashboard/SGR?period=custom&from=2026-02-01&to=2026-02-28", False),
    ("dashboard-ut", "cs.it", "/dashboard/JK", False),
    ("dashboard-office", "so.srinagar", "/dashboard/office/DC-SGR", False),
]


def masked(html):
    for pattern, replacement in MASKS:
        html = pattern.sub(replacement, html)
    return html


def _fetch(client, path, htmx):
    response, count = statements_during(
        lambda: client.get(path, headers={"HX-Request": "true"} if htmx else {}))
    assert response.status_code == 200, path
    return masked(response.get_data(as_text=True)), count


@pytest.mark.parametrize("name, user, path, htmx", PAGES, ids=[p[0] for p in PAGES])
def test_page_is_as_kept(app, pages, now, name, user, path, htmx):
    client = app.test_client()
    login(client, user)
    path = path.format(**{key: item.id for key, item in pages.items()})
    client.get(path, headers={"HX-Request": "true"} if htmx else {})  # first visit opens
    html, queries = _fetch(client, path, htmx)
    kept, counts = EXPECTED / f"{name}.page", EXPECTED / "queries.json"
    if UPDATE:
        kept.write_bytes(html.encode())  # as sent: a textarea's value starts with CR LF
        known = json.loads(counts.read_text()) if counts.exists() else {}
        counts.write_text(json.dumps(dict(known, **{name: queries}), indent=1, sort_keys=True)
                          + "\n")
        return
    assert html == kept.read_bytes().decode(), f"{name} differs from {kept}"
    assert queries <= json.loads(counts.read_text())[name], (name, queries)


def test_masks_hide_only_what_changes_per_answer():
    page = ('<input type="hidden" name="csrf_token" value="m.abc">'
            '<body data-hx-headers=\'{"X-CSRFToken": "m.xyz"}\'>'
            '<link href="/static/app.css?v=0123456789">')
    assert masked(page) == ('<input type="hidden" name="csrf_token" value="CSRF">'
                            '<body data-hx-headers=\'{"X-CSRFToken": "CSRF"}\'>'
                            '<link href="/static/app.css?v=HASH">')
