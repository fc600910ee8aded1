"""`make bench-ocr-cost`: what OCR adds to a diarise request, in CPU instructions.

Timing a 30 ms request on a shared machine moves with every other process; Valgrind's
callgrind counts the instructions the request executes instead, the same however busy
the machine is. One process under callgrind diarises with a scanned PNG through the
diarise form (SQLite and Huey's SQLite store in a temporary folder, as bench/ocr.py),
and after a warm-up takes the variants in turns, round after round, each turn counted
apart (callgrind_control zeroes the counters before it and dumps them after): work that
comes with the clock (a minute's anchor, a rate-limit window) falls on every variant
alike.

Variants, so that the difference is placed:
  off        OCR turned off
  scan       OCR on, only the scan row written (the job and its hand-over left out)
  job        OCR on, the scan row and the job row (the hand-over to Huey left out)
  on         OCR on as served: scan row, job row, and Huey's message after the commit

    python -m bench.ocr_cost [--label before|after] [--rounds R] [--per-turn N]
        -> bench/results/<date>-ocr-cost-<label>.md and .json
"""
import argparse
import io
import os
import re
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
VARIANTS = ("off", "scan", "job", "on")
WARM_UP = 3
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
TOTALS = re.compile(r"^(?:summary|totals):\s*(\d+)", re.MULTILINE)
TRIGGER = re.compile(r"^desc: Trigger: .*?(\w+)\s*$", re.MULTILINE)


def _callgrind(*arguments):
    subprocess.run(["callgrind_control", *arguments, str(os.getpid())], check=True,
                   capture_output=True)


class Variants:
    """Puts the OCR path in the shape of a variant, and back (the parts it leaves out
    are replaced by doing nothing while it is counted)."""

    def __init__(self, app):
        from eoffice import queue
        from eoffice.ocr import services

        self.app, self.queue, self.services = app, queue, services
        self.push, self.read_later = queue.push, services.read_later

    def take(self, variant):
        self.app.config["OCR_ENABLED"] = variant != "off"
        self.services.read_later = (lambda sha256: None) if variant == "scan" \
            else self.read_later
        self.queue.push = (lambda job_id, eta=None: None) if variant in ("scan", "job") \
            else self.push


def child(rounds, per_turn, folder):
    """Runs inside callgrind: set up, warm up, then count the variants' turns apart."""
    from bench.scans import LETTERS, render_png
    from eoffice import create_app, queue
    from eoffice.demo import load_demo
    from eoffice.extensions import db

    app = create_app("config.TestConfig", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/b.db",
                     QUEUE_URL=f"sqlite:///{folder}/queue.sqlite3")
    app.instance_path = str(folder)
    queue.init_app(app)
    with app.app_context():
        db.create_all()
        load_demo(app.config["DEMO_PASSWORD"])
        db.session.commit()
    variants = Variants(app)
    client = app.test_client()
    token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"username": "cru.srinagar", "csrf_token": token,
                                "password": app.config["DEMO_PASSWORD"]})
    form = client.get("/receipts/new").get_data(as_text=True)
    token = CSRF.search(form).group(1)
    post_id = re.search(r'name="as_post" value="(\d+)"', form).group(1)
    png = render_png(LETTERS["eng"], "eng")
    day = datetime.now(timezone.utc).date().isoformat()
    serial = iter(range(10**9))

    def diarise():
        number = next(serial)
        data = {"csrf_token": token, "as_post": post_id, "subject": f"Letter {number}",
                "sender_name": "Public Works Department", "received_on": day, "mode": "post",
                "category": "general", "grading": "normal", "form": "electronic",
                "action": "save",
                "attachments": (io.BytesIO(png + number.to_bytes(4, "big")), "scan.png")}
        response = client.post("/receipts/new", data=data, content_type="multipart/form-data")
        assert response.status_code == 303, f"diarising answered {response.status_code}"

    for variant in VARIANTS:  # warm-up: every path once, its statements compiled
        variants.take(variant)
        for _ in range(WARM_UP):
            diarise()
    _callgrind("-i", "on")
    for round_number in range(rounds):  # ABBA: a drift over the run falls on all alike
        for variant in VARIANTS if round_number % 2 == 0 else reversed(VARIANTS):
            variants.take(variant)
            _callgrind("-z")
            for _ in range(per_turn):
                diarise()
            _callgrind("-d", variant)
    _callgrind("-i", "off")


def instructions(rounds, per_turn, folder):
    """{variant: instructions per request}, summed over its turns' dumps."""
    out = folder / "callgrind.out"
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no",
                    f"--callgrind-out-file={out}", sys.executable, "-m", "bench.ocr_cost",
                    "--child", "--rounds", str(rounds), "--per-turn", str(per_turn),
                    "--folder", str(folder / "portal")], check=True, cwd=ROOT, env=env,
                   capture_output=True)
    totals = {variant: 0 for variant in VARIANTS}
    turns = {variant: [] for variant in VARIANTS}
    for dump in folder.glob("callgrind.out*"):
        text = dump.read_text()
        trigger = TRIGGER.search(text)
        if trigger is None or trigger.group(1) not in totals:
            continue  # the final dump at exit, outside the turns
        count = max(int(number) for number in TOTALS.findall(text))
        totals[trigger.group(1)] += count
        turns[trigger.group(1)].append(count / per_turn)
    requests = rounds * per_turn
    return {variant: totals[variant] / requests for variant in VARIANTS}, turns


def markdown(run):
    per, turns = run["instructions"], run["turns"]
    off = per["off"]
    lines = [f"# What OCR adds to a diarise request ({run['label']}), {run['date']}", "",
             f"Machine: {run['machine']}. {run['rounds']} rounds of {run['per_turn']} "
             "requests per variant, the variants in turns, counted by Valgrind's callgrind "
             "(instructions do not move with the machine's load).", "",
             "| Variant | Instructions per request, millions (mean) | Median of turns | "
             "Turns (min–max) | Mean over OCR off |", "|---|---:|---:|---:|---:|"]
    names = {"off": "OCR off", "scan": "OCR on: the scan row only",
             "job": "OCR on: scan row and job row", "on": "OCR on, as served"}
    median = {variant: statistics.median(turns[variant]) for variant in VARIANTS}
    for variant in VARIANTS:
        low, high = min(turns[variant]) / 1e6, max(turns[variant]) / 1e6
        lines.append(f"| {names[variant]} | {per[variant] / 1e6:.2f} | "
                     f"{median[variant] / 1e6:.2f} | {low:.2f}–{high:.2f} | "
                     f"{per[variant] / off:.3f}× |")
    lines += ["", f"Ratio on / off: **{per['on'] / off:.3f}** (of the turns' medians: "
              f"{median['on'] / median['off']:.3f}).", "",
              "A turn's count moves by a few million with work that comes every so many "
              "writes (SQLite's WAL checkpoint, the full-text index's merges), hence the "
              "turns in alternating order and both the mean and the median.", ""]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--folder")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--per-turn", type=int, default=5)
    parser.add_argument("--label", default="now")
    args = parser.parse_args()
    if args.child:
        Path(args.folder).mkdir(parents=True, exist_ok=True)
        child(args.rounds, args.per_turn, Path(args.folder))
        return
    from bench import machine

    with tempfile.TemporaryDirectory(prefix="eoffice-bench-ocr-cost-") as temporary:
        per, turns = instructions(args.rounds, args.per_turn, Path(temporary))
    run = {"date": f"{datetime.now(timezone.utc):%Y-%m-%d}", "label": args.label,
           "machine": f"{machine._cpu_model()}, {os.cpu_count()} CPUs",
           "rounds": args.rounds, "per_turn": args.per_turn, "instructions": per,
           "turns": turns}
    machine.save_run(RESULTS, f"{run['date']}-ocr-cost-{args.label}", run, markdown(run))


if __name__ == "__main__":
    main()
