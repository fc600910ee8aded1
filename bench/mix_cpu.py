"""CPU per request of each kind in the office-hours mix (bench/locustfile.py), in
process: Flask's test client on the synthesised database, no server, no load tool. The
kinds' costs weighted by their shares in a capacity run give the CPU one request of the
mix costs, and so the most two cores can serve; what gunicorn and locust add comes from
the capacity run itself (the servers' and locust's cores per request).

    EOFFICE_INSTANCE=... python -m bench.mix_cpu <database url> [--capacity run.json]
    python -m bench.mix_cpu --summarise run1.json run2.json --capacity run.json --name NAME

The desks, files and forms are those of the capacity run (`capacity.pick_desks`). A desk
writes a note, then sends that file with its password (the signed send), sends a file
without drafts (the plain send); the colleague who receives each opens it. The writes
change the data set as a capacity run does.
"""
import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

from .capacity import WORDS, pick_desks
from .client import CSRF

READS = ("read: inbox", "read: inbox (htmx)", "read: file", "read: history", "read: search",
         "read: dashboard")
SIGNED_SEND = "write: send, signing notes"  # the names locust reports them by
PLAIN_SEND = "write: send"


class Desk:
    def __init__(self, app, desk, password):
        self.desk, self.client = desk, app.test_client()
        token = CSRF.search(self.client.get("/login").get_data(as_text=True)).group(1)
        self.client.post("/login", data={"username": desk["username"], "password": password,
                                         "csrf_token": token})
        page = self.client.get("/inbox").get_data(as_text=True)
        self.csrf = CSRF.search(page).group(1)
        self.drafted = set(desk["drafted"])
        self.files = [f for f in desk["files"] if f not in self.drafted]
        self.serial = 0


class Meter:
    """CPU seconds (this process: Python and SQLite) and answers per kind."""

    def __init__(self):
        self.cpu, self.count, self.bad = defaultdict(float), defaultdict(int), defaultdict(int)

    def call(self, kind, expected, request, *args, **kwargs):
        started = time.process_time()
        answer = request(*args, **kwargs)
        self.cpu[kind] += time.process_time() - started
        self.count[kind] += 1
        if answer.status_code != expected:
            self.bad[kind] += 1
        return answer.status_code == expected

    def figures(self):
        return {kind: {"cpu_ms": round(self.cpu[kind] / self.count[kind] * 1000, 2),
                       "requests": self.count[kind], "unexpected": self.bad[kind]}
                for kind in sorted(self.count)}


def one_round(meter, desks, index, serial, password):
    me = desks[index]
    colleague = desks[(index + 1) % len(desks)]
    client, desk = me.client, me.desk
    get = client.get
    meter.call("read: inbox", 200, get, "/inbox")
    meter.call("read: inbox (htmx)", 200, get, "/inbox", headers={"HX-Request": "true"})
    if len(me.files) < 2:
        return
    file_id = me.files[serial % len(me.files)]
    plain_id = next(f for f in reversed(me.files) if f != file_id)
    meter.call("read: file", 200, get, f"/files/{file_id}")
    meter.call("read: history", 200, get, f"/files/{file_id}/history")
    meter.call("read: search", 200, get, f"/search?q={WORDS[serial % len(WORDS)]}")
    meter.call("read: dashboard", 200, get, f"/dashboard/office/{desk['office']}")
    me.serial += 1
    meter.call("write: diarise", 303, client.post, "/receipts/new", data={
        "csrf_token": me.csrf, "as_post": str(desk["post"]), "form": "electronic",
        "action": "save", "subject": f"Representation {index}-{me.serial} on land records",
        "sender_name": "Ghulam Mohammad Dar", "letter_no": f"L/{me.serial}",
        "received_on": time.strftime("%d-%m-%Y"), "mode": "post", "category": "general",
        "grading": "normal"})
    meter.call("write: note", 303, client.post, f"/files/{file_id}/notes", data={
        "csrf_token": me.csrf, "body": "<p>Examined. The report is placed below for orders.</p>"})
    for kind, sent, extra in ((SIGNED_SEND, file_id, {"password": password}),
                              (PLAIN_SEND, plain_id, {})):
        if meter.call(kind, 303, client.post, f"/files/{sent}/send", data={
                "csrf_token": me.csrf, "to_post": str(colleague.desk["post"]),
                "priority": "normal", "remarks": "Please examine and put up", **extra}):
            me.files.remove(sent)
            meter.call("write: open", 200, colleague.client.get, f"/files/{sent}")
            colleague.files.insert(0, sent)


def password_checks(app, password, rounds=10):
    """CPU ms of one argon2id check with the configured cost, and with OWASP's floor."""
    from argon2 import PasswordHasher

    config = app.config
    costs = {f"configured (m={config['ARGON2_MEMORY_KIB'] // 1024} MiB, "
             f"t={config['ARGON2_TIME_COST']}, p=1)": (config["ARGON2_TIME_COST"],
                                                       config["ARGON2_MEMORY_KIB"]),
             "OWASP's floor (m=19 MiB, t=2, p=1)": (2, 19456)}
    figures = {}
    for name, (time_cost, memory_kib) in costs.items():
        hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)
        stored = hasher.hash(password)
        started = time.process_time()
        for _ in range(rounds):
            hasher.verify(stored, password)
        figures[name] = round((time.process_time() - started) / rounds * 1000, 1)
    return figures


def shares_of(capacity_json):
    """Each kind's share of the requests at a capacity run's best step, and that step."""
    result = json.load(open(capacity_json))
    steps = [s for s in result["steps"] if s["rps"] == result["capacity"]] or result["steps"]
    kinds = steps[0]["kinds"]
    total = sum(k["requests"] for name, k in kinds.items() if name != "sign in")
    return {name: k["requests"] / total for name, k in kinds.items() if name != "sign in"}, \
        steps[0]


def arithmetic(per_kind, capacity_json, cores=2):
    """The mix's average request in CPU ms (each kind's cost in process times its share in
    the capacity run), what the servers and locust spent a request in that run, and the
    rate two cores could serve at that cost."""
    shares, step = shares_of(capacity_json)
    in_process = sum(share * per_kind[name]["cpu_ms"] for name, share in shares.items()
                     if name in per_kind)
    servers = step["cores_servers"] / step["rps"] * 1000
    locust = step["cores_locust"] / step["rps"] * 1000
    return {"shares": {name: round(share, 4) for name, share in shares.items()},
            "in_process_ms": round(in_process, 2), "servers_ms": round(servers, 2),
            "locust_ms": round(locust, 2),
            "ceiling_rps": round(cores * 1000 / (servers + locust), 1),
            "ceiling_rps_in_process": round(cores * 1000 / (in_process + locust), 1)}


def summarise(runs, capacity_json, stem):
    """Several runs (JSON files of `main`) as one results file: each kind's median CPU ms
    and its range, and the mix's arithmetic from the medians."""
    from statistics import median

    from . import machine
    from .capacity import ROOT

    loaded = [json.load(open(path)) for path in runs]
    kinds = {name: {"cpu_ms": round(median(run["kinds"][name]["cpu_ms"] for run in loaded), 2),
                    "low": min(run["kinds"][name]["cpu_ms"] for run in loaded),
                    "high": max(run["kinds"][name]["cpu_ms"] for run in loaded)}
             for name in loaded[0]["kinds"]}
    checks = {name: round(median(run["password_check_ms"][name] for run in loaded), 1)
              for name in loaded[0]["password_check_ms"]}
    mix = arithmetic(kinds, capacity_json)
    facts = machine.facts(argparse.Namespace(workers=0, threads=0, connections=0, duration=0))
    result = {"machine": {k: facts[k] for k in ("date", "nproc", "cpu", "ram_gib", "python",
                                                "sqlite")},
              "runs": [{"file": Path(path).name, "load_average_after":
                        run.get("load_average_after")} for path, run in zip(runs, loaded)],
              "capacity_run": Path(capacity_json).name, "kinds": kinds,
              "password_check_ms": checks, "mix": mix}
    lines = [f"# CPU per request of the office-hours mix, in process ({len(loaded)} runs)", "",
             f"{facts['date']}; {facts['nproc']} cores ({facts['cpu']}); Python "
             f"{facts['python']}, SQLite {facts['sqlite']}; Flask's test client on the "
             "synthesised database (bench/mix_cpu.py), no server and no load tool; the "
             "machine busy with other work (one-minute load after each run: "
             + ", ".join(str(r["load_average_after"]) for r in result["runs"]) + ").", "",
             f"Shares of the mix from {result['capacity_run']}.", "",
             "| request | share | CPU ms (median) | lowest | highest |", "|---|---:|---:|---:|---:|"]
    for name, figures in kinds.items():
        share = mix["shares"].get(name)
        lines.append(f"| {name} | {f'{share:.1%}' if share is not None else '—'} | "
                     f"{figures['cpu_ms']} | {figures['low']} | {figures['high']} |")
    lines += ["", "| argon2id check | CPU ms |", "|---|---:|"]
    lines += [f"| {name} | {ms} |" for name, ms in checks.items()]
    lines += ["", f"The mix's average request: **{mix['in_process_ms']} ms** of CPU in process; "
              f"in the capacity run the servers spent {mix['servers_ms']} ms a request and "
              f"locust {mix['locust_ms']} ms, so two cores serve at most "
              f"**{mix['ceiling_rps']} requests/s** ({mix['ceiling_rps_in_process']} by the "
              "in-process figure)."]
    out = ROOT / "bench" / "results" / stem
    out.with_suffix(".json").write_text(json.dumps(result, indent=1) + "\n")
    out.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", nargs="?")
    parser.add_argument("--summarise", nargs="+", default=[],
                        help="runs' JSON files to put together (with --capacity and --name)")
    parser.add_argument("--name", default="")
    parser.add_argument("--password", default=os.environ.get("EOFFICE_DEMO_PASSWORD",
                                                             "Demo@eOffice2026"))
    parser.add_argument("--desks", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--capacity", default="",
                        help="a capacity run's JSON: weigh the kinds by its shares")
    args = parser.parse_args(argv)
    if args.summarise:
        return summarise(args.summarise, args.capacity, args.name)
    os.environ["DATABASE_URL"] = args.url
    from .portal import app

    picked = pick_desks(args.url, args.desks, 2, 30, args.seed)
    desks = [Desk(app, desk, args.password) for desk in picked]
    meter, warm = Meter(), Meter()
    for index in range(len(desks)):
        one_round(warm, desks, index, 0, args.password)
    for serial in range(1, args.rounds + 1):
        for index in range(len(desks)):
            one_round(meter, desks, index, serial, args.password)
    result = {"kinds": meter.figures(), "password_check_ms": password_checks(app, args.password),
              "sqlite_cache_mb": app.config["SQLITE_CACHE_MB"],
              "sqlite_mmap_mb": app.config["SQLITE_MMAP_MB"],
              "load_average_after": round(os.getloadavg()[0], 2)}
    if args.capacity:
        result["mix"] = arithmetic(result["kinds"], args.capacity)
    json.dump(result, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
