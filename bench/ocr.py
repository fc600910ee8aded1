"""`make bench-ocr`: what reading scans costs, and that diarising does not pay it.

1. CPU seconds per scanned page, as the worker reads them: an image-only PDF with a
   letter of ten lines on an A4-wide page in English, Hindi and Urdu (OCRmyPDF and Tesseract, the PDF/A written too), and the
   same pages as PNG images (pytesseract). CPU of this process and of the Tesseract it
   runs, not wall time: other work on the machine hardly moves it.
2. Diarising a receipt with a scanned PNG attached, through the diarise form in process
   (Flask's test client, SQLite and Huey's SQLite store in a temporary folder), with OCR
   on and off in alternating rounds: CPU per request each way and their ratio. With OCR
   on a request adds a scan row and a job (the reading is the worker's, measured apart).

    python -m bench.ocr            -> bench/results/<date>-ocr.md and .json
"""
import io
import os
import re
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from bench import machine
from bench.scans import BODIES, LETTERS, image_pdf, render_png

A4_WIDTH = 2480  # pixels at 300 dpi: pages as wide as the registry's scanner makes them

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
ROUNDS, PER_ROUND = 10, 10  # diarise requests: rounds alternate OCR off / on
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def cpu_per_page(folder):
    """{kind: CPU seconds per page} for a scanned PDF and for images, in three languages."""
    from eoffice.ocr import engine

    pngs = [render_png(lines + BODIES[language], language, width=A4_WIDTH)
            for language, lines in LETTERS.items()]
    pdf = folder / "scan.pdf"
    pdf.write_bytes(image_pdf(*pngs))
    reading = engine.read_file(str(pdf), "application/pdf")
    assert reading.method == "ocr" and all(reading.pages), "a page was not read"
    images = []
    for number, png in enumerate(pngs):
        path = folder / f"page{number}.png"
        path.write_bytes(png)
        image = engine.read_file(str(path), "image/png")
        assert image.pages[0], "an image was not read"
        images.append(image.cpu_seconds)
    return {"Scanned PDF (OCRmyPDF, PDF/A)": reading.cpu_seconds / len(reading.pages),
            "Scanned image (pytesseract)": sum(images) / len(images)}


def diarising(folder):
    """CPU milliseconds per diarise request, OCR off and on, and the worker's CPU per scan."""
    from eoffice import create_app, queue
    from eoffice.demo import load_demo
    from eoffice.extensions import db
    from eoffice.ocr.engine import cpu_seconds

    app = create_app("config.TestConfig", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/b.db",
                     QUEUE_URL=f"sqlite:///{folder}/queue.sqlite3")
    app.instance_path = str(folder)
    queue.init_app(app)
    png = render_png(LETTERS["eng"], "eng")
    spent = {False: [], True: []}
    with app.app_context():
        db.create_all()
        load_demo(app.config["DEMO_PASSWORD"])
        db.session.commit()
    client = app.test_client()  # outside the app context: each request has its own, as served
    token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"username": "cru.srinagar", "csrf_token": token,
                                "password": app.config["DEMO_PASSWORD"]})
    form = client.get("/receipts/new").get_data(as_text=True)
    token = CSRF.search(form).group(1)
    post_id = re.search(r'name="as_post" value="(\d+)"', form).group(1)  # the diarist's one post
    serial = 0
    for round_number in range(ROUNDS * 2):
        ocr_on = round_number % 2 == 1
        app.config["OCR_ENABLED"] = ocr_on
        for _ in range(PER_ROUND):
            serial += 1
            scan = png + serial.to_bytes(4, "big")  # other bytes: a new scan each time
            data = {"csrf_token": token, "as_post": post_id, "subject": f"Letter {serial}",
                    "sender_name": "Public Works Department", "received_on":
                    datetime.now(timezone.utc).date().isoformat(), "mode": "post",
                    "category": "general", "grading": "normal", "form": "electronic",
                    "action": "save", "attachments": (io.BytesIO(scan), "scan.png")}
            started = time.process_time()
            response = client.post("/receipts/new", data=data, content_type="multipart/form-data")
            spent[ocr_on].append(time.process_time() - started)
            assert response.status_code == 303, f"diarising answered {response.status_code}"
    off, on = statistics.median(spent[False]), statistics.median(spent[True])
    started = cpu_seconds()
    with app.app_context():
        ran = queue.run_waiting(limit=3)  # the worker's side, for three of the scans
    worker = (cpu_seconds() - started) / max(ran, 1)
    return {"off_ms": off * 1000, "on_ms": on * 1000, "ratio": on / off,
            "requests": len(spent[False]) + len(spent[True]), "worker_s_per_scan": worker}


def markdown(run):
    lines = [f"# OCR bench, {run['date']}", "", f"Machine: {run['machine']}", "",
             "| Reading | CPU s per page |", "|---|---:|"]
    lines += [f"| {kind} | {seconds:.2f} |" for kind, seconds in run["pages"].items()]
    d = run["diarise"]
    lines += ["", "| Diarise a receipt with a scanned PNG (median CPU per request) | ms |",
              "|---|---:|", f"| OCR off | {d['off_ms']:.1f} |", f"| OCR on | {d['on_ms']:.1f} |",
              f"| Ratio on / off | {d['ratio']:.2f} |", "",
              f"{d['requests']} requests in alternating rounds. With OCR on, the reading "
              f"runs in the worker: {d['worker_s_per_scan']:.2f} s of CPU there for each of "
              "these small two-line scans, Tesseract's included (a full page: the first "
              "table)."]
    return "\n".join(lines) + "\n"


def main():
    with tempfile.TemporaryDirectory(prefix="eoffice-bench-ocr-") as temporary:
        folder = Path(temporary)
        run = {"date": f"{datetime.now(timezone.utc):%Y-%m-%d}",
               "machine": f"{machine._cpu_model()}, {os.cpu_count()} CPUs; "
                          f"{machine._version(['tesseract', '--version'])}",
               "pages": cpu_per_page(folder), "diarise": diarising(folder)}
    machine.save_run(RESULTS, f"{run['date']}-ocr", run, markdown(run))


if __name__ == "__main__":
    main()
