"""The OCR engine's own rules, without Tesseract: text layers, limits, sidecars, suggestions."""
from bench.scans import text_pdf
from eoffice.ocr import engine
from eoffice.ocr.suggest import suggest


def test_a_pdf_with_a_text_layer_is_read_from_it_within_the_page_limit(tmp_path):
    path = tmp_path / "typed.pdf"
    path.write_bytes(text_pdf(["Public Works Department Srinagar", "Road repair in ward 72"],
                              ["Second page of the letter, about the drains of ward 72"],
                              ["Third page that the limit leaves unread entirely"]))
    reading = engine.read_file(str(path), "application/pdf", engine.Limits(max_pages=2))
    assert reading.method == "text" and reading.searchable_pdf is None
    assert reading.page_count == 3 and len(reading.pages) == 2
    assert reading.pages[0].splitlines() == ["Public Works Department Srinagar",
                                             "Road repair in ward 72"]
    assert "drains" in reading.pages[1]


def test_damaged_and_unknown_files_fail_with_a_reason_and_are_not_retried(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really a pdf")
    png = tmp_path / "broken.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    for path, kind in ((broken, "application/pdf"), (png, "image/png")):
        try:
            engine.read_file(str(path), kind)
        except engine.ReadFailed as failure:
            assert failure.lasting and failure.reason
        else:
            raise AssertionError(f"{path.name} was read")


def test_sidecar_pages_are_numbered_past_skipped_runs():
    sidecar = "first page\f[OCR skipped on page(s) 2-3]\ffourth\n\n\npage\f[OCR skipped on page(s) 5]"
    assert engine.split_sidecar(sidecar) == {1: "first page", 4: "fourth\n\npage"}


def test_suggestion_takes_labelled_subject_and_sender_or_the_letterhead():
    english = suggest("Public Works Department Srinagar\n\nSubject: repair of road\nSir,")
    assert (english.subject, english.sender) == ("repair of road", "Public Works Department Srinagar")
    hindi = suggest("लोक निर्माण विभाग\nप्रेषक: अधिशासी अभियंता\nविषय: सड़क की मरम्मत")
    assert (hindi.subject, hindi.sender) == ("सड़क की मरम्मत", "अधिशासी अभियंता")
    urdu = suggest("محکمہ تعمیرات عامہ سرینگر\nموضوع: سڑک کی مرمت")
    assert (urdu.subject, urdu.sender) == ("سڑک کی مرمت", "محکمہ تعمیرات عامہ سرینگر")
    assert not suggest("") and suggest("Subject: only a subject").sender == ""
