"""The file as one workspace: the letter read beside the notes page by page (as images
rendered on the server: the sender's PDF never runs in the portal's origin), the whole
file printed with its scans, refusals shown where the user acted, and a reopened file
that reads "Active"."""
import io
import os
import re
import time

from werkzeug.datastructures import FileStorage

from eoffice import blobs
from eoffice.extensions import db
from eoffice.movement.services import close, reopen
from tests.conftest import csrf_from, login
from tests.factories import PDF_BYTES, PNG_BYTES, make_file, make_receipt

LETTER = os.path.join(os.path.dirname(__file__), "..", "..", "eoffice", "demo", "letter.pdf")
PNG = PNG_BYTES


def upload(data, name):
    return FileStorage(io.BytesIO(data), filename=name)


def file_with_scans(org, *uploads):
    so = org["users"]["so.srinagar"]
    receipt = make_receipt(so, uploads=list(uploads))
    return make_file(so, receipts=[receipt]), receipt


def scanned_letter(org):
    """A file holding a receipt whose attachment is the two-page scanned letter."""
    with open(LETTER, "rb") as letter:
        efile, receipt = file_with_scans(org, upload(letter.read(), "letter.pdf"))
    return efile, receipt, receipt.attachments[0]


def test_the_letter_is_shown_beside_the_notes_page_by_page(app, org):
    efile, receipt, scan = scanned_letter(org)
    client = app.test_client()
    login(client, "so.srinagar")
    html = client.get(f"/files/{efile.id}").get_data(as_text=True)
    viewer = html[html.index('id="letter"'):]
    assert html.index('id="noting"') < html.index('id="letter"')  # in the same workspace
    assert "Page 1 of 2" in viewer
    first = f"/receipts/{receipt.id}/attachments/{scan.id}/pages/1"
    assert f'src="{first}"' in viewer
    assert f"letter=1&amp;scan={scan.id}&amp;p=2#letter" in viewer  # next page, without JS

    image = client.get(first)
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    assert image.data[:3] == b"\xff\xd8\xff"
    assert image.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/receipts/{receipt.id}/attachments/{scan.id}/pages/3").status_code == 404
    assert client.get(f"/receipts/{receipt.id}/attachments/{scan.id}/pages/0").status_code == 404

    second = client.get(f"/files/{efile.id}?letter=1&scan={scan.id}&p=2").get_data(as_text=True)
    assert "Page 2 of 2" in second and "/pages/2" in second
    fragment = client.get(f"/files/{efile.id}/letter?letter=1&scan={scan.id}&p=2",
                          headers={"HX-Request": "true"})
    text = fragment.get_data(as_text=True)
    assert text.lstrip().startswith('<section id="letter"') and "Page 2 of 2" in text
    assert len(text.encode()) < 10 * 1024


def test_a_stranger_sees_no_page_of_the_letter(app, org):
    efile, receipt, scan = scanned_letter(org)
    stranger = app.test_client()
    login(stranger, "dc.jammu")
    assert stranger.get(f"/receipts/{receipt.id}/attachments/{scan.id}/pages/1").status_code == 404
    assert stranger.get(f"/files/{efile.id}/letter", headers={"HX-Request": "true"}
                        ).status_code == 404
    other = make_receipt(org["users"]["dc.jammu"])
    owner = app.test_client()
    login(owner, "so.srinagar")  # an attachment id from another receipt finds nothing
    assert owner.get(f"/receipts/{other.id}/attachments/{scan.id}/pages/1").status_code == 404


def test_an_image_scan_is_one_page_and_a_broken_pdf_says_it_cannot_be_shown(app, org):
    efile, receipt = file_with_scans(org, upload(PNG, "photo.png"), upload(PDF_BYTES, "broken.pdf"))
    png, broken = receipt.attachments
    client = app.test_client()
    login(client, "so.srinagar")
    image = client.get(f"/receipts/{receipt.id}/attachments/{png.id}/pages/1")
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert client.get(f"/receipts/{receipt.id}/attachments/{png.id}/pages/2").status_code == 404
    html = client.get(f"/files/{efile.id}?scan={broken.id}").get_data(as_text=True)
    assert "This scan cannot be shown here." in html
    assert client.get(f"/receipts/{receipt.id}/attachments/{broken.id}/pages/1").status_code == 404


def test_print_holds_every_scanned_page(app, org):
    with open(LETTER, "rb") as letter:
        efile, receipt = file_with_scans(org, upload(letter.read(), "letter.pdf"),
                                         upload(PNG, "photo.png"))
    pdf, png = receipt.attachments
    client = app.test_client()
    login(client, "so.srinagar")
    html = client.get(f"/files/{efile.id}/print").get_data(as_text=True)
    sources = re.findall(r'<img class="scanned-page" src="([^"]+)"', html)
    assert sources == [f"/receipts/{receipt.id}/attachments/{pdf.id}/pages/1",
                       f"/receipts/{receipt.id}/attachments/{pdf.id}/pages/2",
                       f"/receipts/{receipt.id}/attachments/{png.id}/pages/1"]
    assert all(client.get(src).status_code == 200 for src in sources)


def test_a_reopened_file_reads_active_on_the_page_and_in_print(app, org):
    so = org["users"]["so.srinagar"]
    efile = make_file(so)
    close(so, efile, "Letter issued; action complete.")
    db.session.commit()
    reopen(so, efile)
    db.session.commit()
    client = app.test_client()
    login(client, "so.srinagar")
    for path in (f"/files/{efile.id}", f"/files/{efile.id}/print"):
        html = client.get(path).get_data(as_text=True)
        cover = html[html.index('id="cover"'):html.index("</dl>", html.index('id="cover"'))]
        assert "Letter issued; action complete." not in cover  # the history keeps it
        assert "<dt>Status</dt><dd>Active</dd>" in cover


def test_an_unknown_file_to_link_is_refused_beside_the_link_form(app, org):
    efile = make_file(org["users"]["so.srinagar"])
    client = app.test_client()
    login(client, "so.srinagar")
    token = csrf_from(client.get(f"/files/{efile.id}").get_data(as_text=True))
    response = client.post(f"/files/{efile.id}/links", data={
        "csrf_token": token, "file_no": "NO/SUCH/FILE", "remarks": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = html.index('class="error"')
    assert html.index('id="links"') < error, "the refusal is printed in the links section"
    assert html.count('id="csrf_token"') == 0  # two forms, no duplicate ids


def bytes_read_by_this_process():
    with open("/proc/self/io") as counters:
        return next(int(line.split()[1]) for line in counters if line.startswith("rchar:"))


def test_a_scan_is_hashed_once_for_its_pages_and_a_changed_one_is_still_refused(app, org):
    """Page previews check the stored scan against its content hash; while the file is
    as it was when found intact, the next pages do not read all of it again."""
    with open(LETTER, "rb") as letter:  # a scan of several megabytes
        data = letter.read()
    # a comment before `startxref` (whose offset stays right) makes it a 4 MB scan
    at = data.rindex(b"startxref")
    data = data[:at] + b"%" + b"0" * (4 * 1024 * 1024) + b"\n" + data[at:]
    efile, receipt = file_with_scans(org, upload(data, "letter.pdf"))
    scan = receipt.attachments[0]
    path = blobs.blob_path(scan.sha256)
    client = app.test_client()
    login(client, "so.srinagar")
    page = f"/receipts/{receipt.id}/attachments/{scan.id}/pages/"
    for number in (1, 2):  # rendered once (poppler reads the scan), the scan hashed
        assert client.get(page + str(number)).status_code == 200
    # a file changed in the last clock tick could still look the same: not trusted yet
    time.sleep(blobs.SETTLED_NS / 1e9 + 0.1)
    before = bytes_read_by_this_process()
    assert client.get(page + "1").status_code == 200
    assert bytes_read_by_this_process() - before > len(data), "hashed: not settled before"
    before = bytes_read_by_this_process()
    for number in (1, 2, 1):
        assert client.get(page + str(number)).status_code == 200
    assert bytes_read_by_this_process() - before < len(data) // 4, "not read again"

    with open(path, "r+b") as handle:  # the same size, other bytes
        handle.seek(len(data) - 8)
        handle.write(b"Rs 9000\n")
    response = client.get(page + "2")
    assert response.status_code == 409
    assert b"is not the file that was uploaded" in response.data
