"""OCR of scanned dak: the words of every PDF, JPEG and PNG attached to a receipt are
read in the background (English, Hindi and Urdu), kept per page, searched with the
receipt and shown beside the scan. `engine` reads files; `services` keeps the results."""


def register(app):
    from . import commands, services, work  # noqa: F401  (`eoffice ocr`; scans' pages in search; the job)
