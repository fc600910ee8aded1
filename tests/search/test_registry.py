"""Another area makes its records searchable with one registration (final notes do)."""
import pytest

from eoffice.extensions import db
from eoffice.models import Attachment
from eoffice.movement import services as movement
from eoffice.search import documents
from eoffice.search.services import Filters, search
from eoffice.search.sync import reindex
from tests.factories import PDF_BYTES, make_receipt


class Upload:
    def __init__(self, name, data):
        import io
        self.filename, self.stream = name, io.BytesIO(data)


@pytest.fixture
def attachments_searchable(app):
    """Attachments stand in for notes: seen only by those who may see their receipt."""
    documents.register_searchable(
        Attachment, "attachment", lambda a: {"title": a.filename, "dated_on": a.uploaded_at},
        parent=("receipt", Attachment.receipt_id), url=lambda a: f"/attachments/{a.id}",
        when=lambda a: not a.filename.startswith("draft"))
    yield
    del documents.REGISTRY["attachment"]


def test_a_registered_kind_inherits_visibility_and_facets_from_its_parent(
        org, attachments_searchable):
    users, posts = org["users"], org["posts"]
    uploads = [Upload("chowkidar-report.pdf", PDF_BYTES), Upload("draft-zz.pdf", PDF_BYTES)]
    receipt = make_receipt(users["cru.srinagar"], uploads=uploads)
    attachment = receipt.attachments[0]
    reindex([("receipt", receipt.id)])  # registered after the receipt was written
    db.session.commit()

    def found(name, q, **filters):
        return [(h.kind, h.item.id) for h in search(users[name], q, Filters(**filters)).items]

    assert found("cru.srinagar", "chowkidar") == [("attachment", attachment.id)]
    assert found("cru.srinagar", "chowkidar", kind="attachment", status="active") == [
        ("attachment", attachment.id)]
    assert found("cru.srinagar", "draft") == []  # `when` keeps it out
    assert found("so.srinagar", "chowkidar") == []
    movement.send(users["cru.srinagar"], receipt, [posts["so"].id])
    db.session.commit()  # the receipt moved: its attachment's keys follow
    assert found("so.srinagar", "chowkidar") == [("attachment", attachment.id)]
    assert found("tehsildar.khanyar", "chowkidar") == []
