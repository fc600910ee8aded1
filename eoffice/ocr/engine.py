"""Reading the words of a scanned letter: plain functions, no database, no request.

PDFs: pages that carry a text layer (typed letters saved as PDF, earlier OCR) are read
from it with PDFium; the others go through OCRmyPDF (Tesseract), which also writes a
searchable PDF/A to keep beside the original. JPEG and PNG go to Tesseract through
pytesseract. Tesseract reads English, Hindi and Urdu together by default: a letter in
one script often carries a heading or a number in another.

Limits: only the first `max_pages` pages are read, and Tesseract gets `seconds_per_page`
for each (a page it cannot finish in time comes back empty, or fails an image).
"""
import logging
import os
import re
import resource
import shutil
import tempfile
from dataclasses import dataclass, field

from ..i18n import N_  # reasons are kept in English and shown in the reader's language

log = logging.getLogger(__name__)
MIN_LAYER_LETTERS = 20  # fewer letters than this on a page: a scan with a stamp, not text
_SKIPPED = re.compile(r"^\[OCR skipped on page\(s\) (\d+)(?:-(\d+))?\]$")


class ReadFailed(Exception):
    """The file could not be read; `reason` says why in words an official understands.
    `lasting`: trying again cannot help (a damaged file, a password), unlike a timeout."""

    def __init__(self, reason, lasting=True):
        super().__init__(reason)
        self.reason, self.lasting = reason, lasting


@dataclass(frozen=True)
class Limits:
    languages: str = "eng+hin+urd"
    max_pages: int = 50
    seconds_per_page: float = 60.0


@dataclass
class Reading:
    pages: list  # text of pages 1..n, in order ("" for a page with no words found)
    page_count: int  # pages in the file; more than len(pages) when the limit cut it
    method: str  # "text": the file's own text layer; "ocr": Tesseract read some pages
    searchable_pdf: bytes | None = None  # PDF/A with a text layer, when OCR ran on a PDF
    cpu_seconds: float = field(default=0.0)


def read_file(path, content_type, limits=Limits()):
    """The text of each page of a stored attachment (PDF, JPEG or PNG)."""
    started = cpu_seconds()
    if content_type == "application/pdf":
        reading = read_pdf(path, limits)
    elif content_type in ("image/jpeg", "image/png"):
        reading = read_image(path, limits)
    else:
        raise ReadFailed(N_("Only PDF, JPEG and PNG files are read."))
    reading.cpu_seconds = cpu_seconds() - started
    return reading


def cpu_seconds():
    """CPU seconds of this process and of the Tesseract and Ghostscript it has waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), \
        resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _need_tesseract():
    if shutil.which("tesseract") is None:
        raise ReadFailed(N_("Tesseract is not installed on the server."), lasting=False)


def read_image(path, limits):
    _need_tesseract()
    import pytesseract

    # one thread per page, as OCRmyPDF runs it: OpenMP's spinning threads tripled the CPU
    # a page cost (bench/ocr.py), and the worker reads several pages side by side
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.load()
            text = pytesseract.image_to_string(image, lang=limits.languages,
                                               timeout=limits.seconds_per_page)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ReadFailed(N_("The image could not be opened.")) from None
    except RuntimeError as error:  # pytesseract's timeout
        raise ReadFailed(N_("Reading a page took longer than the time allowed."),
                         lasting=False) from error
    except pytesseract.TesseractError as error:
        log.warning("tesseract: %s", error.message)
        raise ReadFailed(N_("Tesseract could not read the image.")) from error
    return Reading([tidy(text)], 1, "ocr")


def text_layer(path, page_limit):
    """Each page's own text, from the first `page_limit` pages; and the page count.
    (PDFium keeps Urdu in reading order, where pdfminer gives it back in visual order.)"""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as error:
        if "password" in str(error).lower():
            raise ReadFailed(N_("The PDF is protected by a password.")) from None
        raise ReadFailed(N_("The PDF is damaged and could not be opened.")) from None
    try:
        page_count = len(document)
        pages = []
        for number in range(min(page_count, page_limit)):
            page = document[number]
            textpage = page.get_textpage()
            pages.append(tidy(textpage.get_text_range()))
            textpage.close()
            page.close()
    finally:
        document.close()
    return pages, page_count


def has_words(text):
    return sum(ch.isalpha() for ch in text) >= MIN_LAYER_LETTERS


def read_pdf(path, limits):
    pages, page_count = text_layer(path, limits.max_pages)
    if all(has_words(page) for page in pages):
        return Reading(pages, page_count, "text")
    recognised, searchable = ocr_pdf(path, len(pages), limits)
    for number, text in recognised.items():
        if not has_words(pages[number - 1]):
            pages[number - 1] = text
    return Reading(pages, page_count, "ocr", searchable)


def ocr_pdf(path, page_limit, limits):
    """({page number: recognised text}, PDF/A bytes) for the pages without a text layer."""
    _need_tesseract()
    import ocrmypdf
    from ocrmypdf import exceptions

    with tempfile.TemporaryDirectory(prefix="eoffice-ocr-") as folder:
        output, sidecar = os.path.join(folder, "out.pdf"), os.path.join(folder, "out.txt")
        try:
            ocrmypdf.ocr(path, output, language=limits.languages.split("+"), mode="skip",
                         output_type="pdfa", pdfa_backend="internal",
                         sidecar=sidecar, pages=f"1-{page_limit}",
                         tesseract_timeout=limits.seconds_per_page, jobs=1, optimize=0,
                         progress_bar=False, rotate_pages=False, deskew=False)
        except exceptions.EncryptedPdfError:
            raise ReadFailed(N_("The PDF is protected by a password.")) from None
        except exceptions.DigitalSignatureError:
            raise ReadFailed(N_("The PDF is digitally signed; it is kept as it is.")) from None
        except exceptions.ExitCodeException as error:
            log.warning("ocrmypdf: %s: %s", type(error).__name__, error)
            raise ReadFailed(N_("OCRmyPDF could not read the PDF."), lasting=False) from error
        with open(sidecar, encoding="utf-8") as handle:
            recognised = split_sidecar(handle.read())
        with open(output, "rb") as handle:
            searchable = handle.read()
    return {number: text for number, text in recognised.items() if number <= page_limit}, \
        searchable


def split_sidecar(text):
    """OCRmyPDF's sidecar (pages apart by form feeds, skipped runs as one marker) as
    {page number: text} of the pages it read."""
    pages, number = {}, 1
    for part in text.split("\f"):
        skipped = _SKIPPED.match(part.strip())
        if skipped:
            first, last = int(skipped[1]), int(skipped[2] or skipped[1])
            number += last - first + 1
            continue
        pages[number] = tidy(part)
        number += 1
    return pages


def tidy(text):
    """Lines stripped, runs of blank lines made one; form feeds gone."""
    lines = [line.strip() for line in (text or "").replace("\f", "\n").splitlines()]
    kept = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip()

