"""The results table: markdown for people (quoted in the README), JSON for tools."""
import json
from datetime import datetime, timezone

PAGE_BUDGET, FRAGMENT_BUDGET = 50 * 1024, 10 * 1024
RATIO_PAGES = ("Inbox, heavy post", "File page", "District dashboard")
HELLO = "Reference: bare Flask hello"
REFERENCE = "Reference: bare-stack inbox"  # bench/reference.py; pages.REFERENCE_INBOX
REFERENCE_FRAGMENT = "Reference: bare-stack inbox htmx refresh"
# the targets: the inbox within 1.5x of its bare-stack reference (stretch 1.25x),
# by instructions per request; the file page and district dashboard 35 % below the
# counts recorded before the work (bench/results/*-instructions-before.json)
REFERENCE_TARGET, REFERENCE_STRETCH, CUT_TARGET = 1.5, 1.25, 0.35
CUT_PAGES = ("File page", "District dashboard")
FLOOR = "Reference: signed-in hello, bare stack (Flask-Login + 1 query)"
EMPTY_PAGE = "Signed-in empty page (the portal's plumbing)"


def _kb(value):
    return "—" if value is None else f"{value / 1024:.1f}"


def _size(items):
    return f"{items:,}"


def ratio(page):
    """Throughput as a share of the reference measured just before this page."""
    return page["rps"] / page["hello_rps"]


def _millions(count):
    return f"{count / 1e6:.1f}" if count else "—"


def _against(page_name):
    """Which reference a page is read against: a fragment against the reference's
    fragment, every other page against the reference inbox."""
    return REFERENCE_FRAGMENT if "htmx" in page_name else REFERENCE


def size_table(size):
    hello = size["hello"]["rps"]
    cpu = size.get("cpu", {})
    counts = size.get("instructions", {})
    hello_cpu = cpu.get(HELLO, {}).get("cpu_ms")
    reference = size.get("reference")

    def by_cpu(name):
        own = cpu.get(name, {}).get("cpu_ms")
        return f"{hello_cpu / own:.2f}" if own and hello_cpu else "—"

    def instructions_of(name):
        own = counts.get(name, {}).get("instructions")
        ref = counts.get(_against(name), {}).get("instructions")
        return _millions(own), f"{own / ref:.2f}" if own and ref else "—"

    def by_rps(rps):
        return f"{reference['rps'] / rps:.2f}" if reference and rps else "—"

    lines = ["| Page | req/s | × hello | × reference by req/s | p50 ms | p99 ms | non-2xx/3xx "
             "| KB gzip | CPU ms | queries | M instructions | × reference by instructions |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
             f"| Reference: bare Flask \"hello\" (median run) | {hello:,.0f} | 1.00 | — | "
             f"{size['hello']['p50_ms']} | {size['hello']['p99_ms']} | "
             f"{size['hello']['status_errors']} | — | {hello_cpu or ''} | | "
             f"{_millions(counts.get(HELLO, {}).get('instructions'))} | |"]
    floor = size.get("floor")
    if floor:
        floor_cpu = cpu.get(FLOOR, {})
        lines.append(f"| {FLOOR} (median run) | {floor['rps']:,.0f} | {floor['rps'] / hello:.2f} "
                     f"| — | {floor['p50_ms']} | {floor['p99_ms']} | {floor['status_errors']} "
                     f"| — | {floor_cpu.get('cpu_ms', '—')} | {floor_cpu.get('queries', '—')} "
                     f"| {_millions(counts.get(FLOOR, {}).get('instructions'))} | |")
    if reference:
        ref_count = counts.get(REFERENCE, {})
        lines.append(f"| {REFERENCE} (bench/reference.py, mean of runs before and after) | "
                     f"{reference['rps']:,.0f} | {reference['rps'] / hello:.2f} | 1.00 | "
                     f"{reference['p50_ms']} | {reference['p99_ms']} | "
                     f"{reference['status_errors']} | — | — | {ref_count.get('queries', '—')} "
                     f"| {_millions(ref_count.get('instructions'))} | 1.00 |")
    for page in size["pages"]:
        if not page.get("available"):
            lines.append(f"| {page['page']} | not available | | | | | | | | | | |")
            continue
        errors = page["status_errors"]
        own = cpu.get(page["page"], {})
        millions, times = instructions_of(page["page"])
        lines.append(f"| {page['page']} | {page['rps']:,.0f} | {ratio(page):.2f} | "
                     f"{by_rps(page['rps'])} | {page['p50_ms']} | {page['p99_ms']} | {errors} | "
                     f"{_kb(page.get('bytes_gzip'))} | {own.get('cpu_ms', '—')} | "
                     f"{own.get('queries', counts.get(page['page'], {}).get('queries', '—'))} | "
                     f"{millions} | {times} |")
    return "\n".join(lines)


def growth_table(small, large):
    lines = [f"| Page | p50 / p99 ms at {_size(small['items'])} | p50 / p99 ms at "
             f"{_size(large['items'])} | p50 growth | CPU ms at small | CPU ms at large | growth |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    small_cpu, large_cpu = small.get("cpu", {}), large.get("cpu", {})
    by_name = {p["page"]: p for p in small["pages"]}
    for page in large["pages"]:
        before = by_name.get(page["page"])
        if not page.get("available") or not before or not before.get("available"):
            continue
        a = small_cpu.get(page["page"], {}).get("cpu_ms")
        b = large_cpu.get(page["page"], {}).get("cpu_ms")
        cpu_growth = f"{b / a:.2f}×" if a and b else "—"
        lines.append(f"| {page['page']} | {before['p50_ms']} / {before['p99_ms']} | "
                     f"{page['p50_ms']} / {page['p99_ms']} | "
                     f"{page['p50_ms'] / before['p50_ms']:.2f}× | {a or '—'} | {b or '—'} | "
                     f"{cpu_growth} |")
    return "\n".join(lines)


def fragment_table(size):
    lines = ["| Fragment | KB gzip |", "|---|---:|"]
    for fragment in size["fragments"]:
        value = _kb(fragment["bytes_gzip"]) if fragment["available"] else "not available"
        lines.append(f"| {fragment['fragment']} | {value} |")
    return "\n".join(lines)


def targets(run):
    """The issue's targets, checked against the largest size."""
    sizes = run["sizes"]
    large, small = sizes[-1], sizes[0]
    pages = {p["page"]: p for p in large["pages"] if p.get("available")}
    checks = []
    counts = large.get("instructions", {})
    inbox, reference = (counts.get(n, {}).get("instructions") for n in (RATIO_PAGES[0], REFERENCE))
    if inbox and reference:
        times = inbox / reference
        checks.append((f"Inbox, heavy post: CPU per request ≤ {REFERENCE_TARGET}× the bare-stack "
                       f"reference (stretch {REFERENCE_STRETCH}×), by instructions",
                       times <= REFERENCE_TARGET,
                       f"{times:.2f}× ({_millions(inbox)} M against {_millions(reference)} M"
                       f"{'; stretch met' if times <= REFERENCE_STRETCH else ''})"))
    before = run.get("before", {}).get(str(large["items"]), {})
    for name in CUT_PAGES:
        now, then = counts.get(name, {}).get("instructions"), before.get(name)
        if now and then:
            cut = 1 - now / then
            checks.append((f"{name}: ≥ {CUT_TARGET:.0%} fewer instructions per request than "
                           f"before ({run['before'].get('commit', '')})", cut >= CUT_TARGET,
                           f"{cut:.0%} fewer ({_millions(then)} M → {_millions(now)} M)"))
    worst = max(((p["p99_ms"], p["page"], size["items"]) for size in sizes
                 for p in size["pages"] if p.get("available")))
    checks.append(("p99 under 100 ms on every page, at every size", worst[0] < 100,
                   f"worst {worst[0]} ms ({worst[1]}, {_size(worst[2])} items)"))
    if len(sizes) > 1:
        before = {p["page"]: p for p in small["pages"] if p.get("available")}
        growth = [(p["p50_ms"] / before[n]["p50_ms"], n) for n, p in pages.items() if n in before]
        top = max(growth)
        checks.append((f"{_size(small['items'])} → {_size(large['items'])} items: p50 grows "
                       "≤ 1.5×", top[0] <= 1.5, f"worst {top[0]:.2f}× ({top[1]})"))
        small_cpu, large_cpu = small.get("cpu", {}), large.get("cpu", {})
        cpu_growth = [(large_cpu[n]["cpu_ms"] / small_cpu[n]["cpu_ms"], n)
                      for n in large_cpu if n in small_cpu and small_cpu[n]["cpu_ms"]]
        if cpu_growth:
            top = max(cpu_growth)
            checks.append(("… and CPU per request (in process, unaffected by the machine's "
                           "other work) grows ≤ 1.5×", top[0] <= 1.5,
                           f"worst {top[0]:.2f}× ({top[1]})"))
    heaviest = max((p.get("bytes_gzip") or 0, n) for n, p in pages.items() if not p["fragment"])
    checks.append(("first load < 50 KB gzip", heaviest[0] < PAGE_BUDGET,
                   f"heaviest {_kb(heaviest[0])} KB ({heaviest[1]})"))
    fragments = [(f["bytes_gzip"], f["fragment"]) for f in large["fragments"] if f["available"]]
    fragments += [(p["bytes_gzip"], n) for n, p in pages.items() if p["fragment"]]
    biggest = max(fragments)
    checks.append(("fragments < 10 KB gzip", biggest[0] < FRAGMENT_BUDGET,
                   f"largest {_kb(biggest[0])} KB ({biggest[1]})"))
    return checks


def markdown(run, kind):
    m = run["machine"]
    sizes = run["sizes"]
    db = sizes[0]["database"]
    out = [f"# eoffice benchmark: {db['engine']} {db['version']}, {m['date']}", "",
           f"Machine: {m['nproc']} × {m['cpu']}, {m['ram_gib']} GiB RAM, {m['os']}; "
           f"Python {m['python']}, SQLite {m['sqlite']}, gunicorn {m['gunicorn']} "
           f"({m['gunicorn_settings']}), {m['wrk']} ({m['load']}).", ""]
    loads = [p["load_average"] for s in sizes for p in s["pages"] + [s["hello"]]
             if "load_average" in p]
    if loads:
        out += [f"One-minute load average while measuring: {min(loads)}–{max(loads)} "
                f"on {m['nproc']} cores (wrk and the servers themselves included).", ""]
    out += ["Every page is read against the bare-stack reference inbox (bench/reference.py: "
            "the same 25 rows on the same database, Flask, Flask-Login, Flask-SQLAlchemy Core, "
            "Jinja, Flask-Babel, Flask-WTF, Flask-Compress and the server-side session row), "
            "by throughput and by instructions per request (callgrind, in process: "
            "unaffected by the machine's other work); htmx fragments against its fragment.", ""]
    for size in sizes:
        took = size["synth_seconds"]
        synth = (f", synthesised in {took['wall']:.0f} s ({took['cpu']:.0f} s of CPU)"
                 if took else "")
        out += [f"## {_size(size['items'])} files and receipts{synth}", "", size_table(size), ""]
    if len(sizes) > 1:
        out += ["## How cost grows with data", "", growth_table(sizes[0], sizes[-1]), ""]
    out += [f"## Fragments at {_size(sizes[-1]['items'])} items", "", fragment_table(sizes[-1]),
            "", "## Targets", ""]
    out += [f"- {'✓' if ok else '✗'} {name}: {detail}" for name, ok, detail in targets(run)]
    return "\n".join(out) + "\n"


def write(run, folder, kind, name=""):
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"{datetime.now(timezone.utc):%Y-%m-%d}-{name or kind}"
    md, js = stem.with_suffix(".md"), stem.with_suffix(".json")
    md.write_text(markdown(run, kind))
    js.write_text(json.dumps(run, indent=1, default=str) + "\n")
    return md, js


def main(argv=None):
    """Rewrite a run's markdown from its JSON, adding instruction counts measured apart
    (`python -m bench.instructions URL > counts.json`, e.g. outside a quiet window):

        python -m bench.report bench/results/<run>.json --instructions 10000=counts.json
    """
    import argparse
    from pathlib import Path

    parser = argparse.ArgumentParser(description=main.__doc__.splitlines()[0])
    parser.add_argument("run")
    parser.add_argument("--instructions", action="append", default=[], metavar="ITEMS=FILE")
    parser.add_argument("--before", help="instructions-before.json to read cuts from")
    args = parser.parse_args(argv)
    path = Path(args.run)
    run = json.loads(path.read_text())
    for pair in args.instructions:
        items, counts = pair.split("=", 1)
        size = next(s for s in run["sizes"] if s["items"] == int(items))
        size["instructions"] = json.loads(Path(counts).read_text())
    if args.before:
        run["before"] = json.loads(Path(args.before).read_text())
    kind = "postgresql" if run["sizes"][0]["database"]["engine"] == "PostgreSQL" else "sqlite"
    path.write_text(json.dumps(run, indent=1, default=str) + "\n")
    path.with_suffix(".md").write_text(markdown(run, kind))
    print(path.with_suffix(".md"))


if __name__ == "__main__":
    main()
