"""The attachment folder cannot be written (a read-only mount, a remount after a disk
error, the wrong owner): an upload answers 503 with a clear message and saves nothing,
the API's is JSON, and /healthz reports the store as not ready. Root: a read-only mount
refuses even root, where file permissions would not."""
import os
import subprocess

import pytest
from sqlalchemy import func, select

from eoffice.extensions import db
from eoffice.models import Attachment, Receipt
from tests.api.conftest import application, personal_token
from tests.conftest import login
from tests.dak.test_receipts import diarise_form
from tests.factories import PDF_BYTES
from tests.fault.conftest import unavailable


@pytest.fixture
def read_only_store(app, fault_ready):
    if os.geteuid() != 0:
        unavailable("a read-only mount needs root")
    root = os.path.join(app.instance_path, "blobs")
    os.makedirs(root, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", root],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        unavailable(f"mount -t tmpfs failed ({mounted.stderr.strip()})")
    yield root
    subprocess.run(["umount", "-l", root], capture_output=True)


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_unwritable_store_answers_503_and_healthz_says_so(app, client, org, read_only_store):
    token = personal_token("cru.srinagar")
    db.session.commit()
    health = client.get("/healthz")
    assert health.status_code == 503
    assert not health.json["checks"]["attachments"]["ok"]
    assert "not writable" in health.json["checks"]["attachments"]["detail"]
    assert health.json["database"] == "ok"

    login(client, "cru.srinagar")
    page = diarise_form(client, org["posts"]["cru"].id, PDF_BYTES, "letter.pdf")
    assert page.status_code == 503, page.get_data(as_text=True)[:400]
    assert "cannot store files" in page.get_data(as_text=True)
    api = client.post("/api/v1/receipts", json=application(office="DC-SGR"),
                      headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 503 and api.json["error"]["code"] == "unavailable", api.json
    assert count(Receipt) == 0 and count(Attachment) == 0
