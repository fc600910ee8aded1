"""An item made in a transaction is indexed from what that transaction knows: its trail
from the movements it recorded, its passages only when it added rows they come from,
its words written without first forgetting words it never had. Each case here checks
the stored document against the same items reindexed from the database alone."""
import io

from sqlalchemy import select, text

from eoffice import blobs
from eoffice.dak.services import diarise, diarise_for_service
from eoffice.dak.staged import StagedScan
from eoffice.extensions import db
from eoffice.models import Receipt, Scan, ScanPage, SearchEntry
from eoffice.movement import services as movement
from eoffice.search.services import search
from eoffice.search.sync import reindex
from eoffice.tokens.services import create_service_token
from tests.conftest import POSTGRES
from tests.factories import PDF_BYTES, make_file, make_receipt, receipt_data


def stored(kind, item_id):
    """The item's entry and words as the index keeps them."""
    entry = db.session.execute(select(SearchEntry.id, SearchEntry.number_key,
                                      SearchEntry.dated_on, SearchEntry.heading,
                                      SearchEntry.tsv if POSTGRES else SearchEntry.heading)
                               .where(SearchEntry.kind == kind,
                                      SearchEntry.item_id == item_id)).one()
    if POSTGRES:
        return tuple(entry[1:])
    words = db.session.execute(text("SELECT number, title, body, keys FROM search_fts "
                                    "WHERE rowid = :id"), {"id": entry.id}).all()
    assert len(words) == 1, "one row of words per entry"
    return (*entry[1:4], *words[0])


def assert_as_rebuilt(*items):
    kept = {item: stored(*item) for item in items}
    reindex(items)
    db.session.commit()
    for item in items:
        assert stored(*item) == kept[item], item
    return kept


def test_a_receipt_diarised_is_indexed_as_a_rebuild_would(org):
    receipt = make_receipt(org["users"]["so.srinagar"], subject="Encroachment at Lal Chowk")
    kept = assert_as_rebuilt(("receipt", receipt.id))
    assert "encroachment" in " ".join(map(str, kept["receipt", receipt.id]))


def test_copies_sent_in_the_same_transaction_carry_their_own_trail(org):
    users, posts = org["users"], org["posts"]
    cru = users["cru.srinagar"]
    receipt = diarise(cru, posts["cru"], receipt_data(subject="Flood relief claims"))
    movement.send(cru, receipt, [posts["so"].id, posts["adc"].id])
    db.session.commit()
    copies = db.session.scalars(select(Receipt.id).where(Receipt.copy_of_id == receipt.id)).all()
    assert len(copies) == 1
    assert_as_rebuilt(("receipt", receipt.id), ("receipt", copies[0]))


def test_a_service_receipt_handed_on_at_once_is_indexed_for_both_posts(org):
    token, _raw = create_service_token("eunnat", ("DC-SGR",))
    db.session.commit()
    office = org["posts"]["so"].office
    receipt = diarise_for_service(token, office, receipt_data(subject="Ration card request"),
                                  to_post=org["posts"]["so"])
    db.session.commit()
    assert_as_rebuilt(("receipt", receipt.id))


def test_a_file_opened_with_receipts_in_it(org):
    so = org["users"]["so.srinagar"]
    receipt = make_receipt(so, subject="Water supply, ward 12")
    efile = make_file(so, subject="Water supply complaints", receipts=[receipt])
    assert_as_rebuilt(("file", efile.id), ("receipt", receipt.id))


def test_scans_read_before_saving_are_searched_at_once(org):
    """Scans read by "Read the scan" before the receipt exists: their pages are passages
    of the receipt from the transaction that diarises it."""
    so = org["users"]["so.srinagar"]
    sha256, content_type, size = blobs.store(io.BytesIO(PDF_BYTES), "letter.pdf")
    scan = Scan(sha256=sha256, content_type=content_type, status="done", method="text",
                queued_at=db.func.now())
    db.session.add(scan)
    db.session.flush()
    db.session.add(ScanPage(scan_id=scan.id, page_no=1, text="Shikara ghat near Dal lake"))
    db.session.commit()
    receipt = diarise(so, org["posts"]["so"], receipt_data(subject="Tourism complaint"),
                      staged=[StagedScan(sha256, "letter.pdf", content_type, size)])
    db.session.commit()
    kept = assert_as_rebuilt(("receipt", receipt.id))
    assert "shikara" in " ".join(map(str, kept["receipt", receipt.id]))


def test_a_post_passed_through_in_the_same_transaction_stays_on_the_trail(org):
    """Neither holder nor creator, the SO is on the receipt's trail only by the moves."""
    users, posts = org["users"], org["posts"]
    receipt = diarise(users["cru.srinagar"], posts["cru"], receipt_data(subject="Stray dogs"))
    movement.send(users["cru.srinagar"], receipt, [posts["so"].id])
    movement.send(users["so.srinagar"], receipt, [posts["adc"].id])
    db.session.commit()
    kept = assert_as_rebuilt(("receipt", receipt.id))
    assert f"p{posts['so'].id}" in kept["receipt", receipt.id][-1]


def test_a_rolled_back_transaction_leaves_nothing_for_the_next(org):
    """What a transaction knew of its new items goes with it: a receipt rolled back is
    neither fresh nor last moved in the next one, which indexes its own as a rebuild."""
    from eoffice.search import sync

    so, post = org["users"]["so.srinagar"], org["posts"]["so"]
    lost = diarise(so, post, receipt_data(subject="Never saved"))
    db.session.flush()
    assert movement.recorded_last(lost) is not None and db.session.info.get(sync.FRESH)
    db.session.rollback()
    assert all(db.session.info.get(key) is None
               for key in (sync.FRESH, sync.HELD, sync.PENDING, movement.RECORDED))
    receipt = make_receipt(so, subject="Saved after all")
    assert_as_rebuilt(("receipt", receipt.id))


def test_an_office_path_read_while_diarising_is_not_kept_past_a_move_or_the_commit(org):
    """Diarising reads the office's unit path with the office and the index takes it from
    there: an office moved later in the same transaction, or in the next, is read anew."""
    users, posts, office = org["users"], org["posts"], org["offices"]["dc_sgr"]
    so = users["so.srinagar"]
    before = diarise(so, posts["so"], receipt_data(subject="Shikara licences"))
    db.session.flush()
    office.org_unit_id = org["units"]["jammu"].id  # the same transaction
    moved = diarise(so, posts["so"], receipt_data(subject="Houseboat licences"))
    db.session.commit()
    assert_as_rebuilt(("receipt", before.id), ("receipt", moved.id))
    assert search(users["dc.jammu"], "houseboat").items
    office.org_unit_id = org["units"]["srinagar"].id
    db.session.commit()
    back = diarise(so, posts["so"], receipt_data(subject="Ferry licences"))
    db.session.commit()
    assert_as_rebuilt(("receipt", before.id), ("receipt", back.id))
    assert not search(users["dc.jammu"], "ferry").items
    assert search(users["dc.srinagar"], "ferry").items
