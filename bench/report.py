"""The results table: markdown for people (quoted in the README), JSON for tools."""
import json
from datetime import datetime, timezone

PAGE_BUDGET, FRAGMENT_BUDGET = 50 * 1024, 10 * 1024
RATIO_PAGES = ("Inbox, heavy post", "File page", "District dashboard")
HELLO = "Reference: bare Flask hello"
FLOOR = "Reference: signed-in hello, bare stack (Flask-Login + 1 query)"
EMPTY_PAGE = "Signed-in empty page (the portal's plumbing)"


def _kb(value):
    return "—" if value is None else f"{value / 1024:.1f}"


def _size(items):
    return f"{items:,}"


def ratio(page):
    """Throughput as a share of the reference measured just before this page."""
    return page["rps"] / page["hello_rps"]


def size_table(size):
    hello = size["hello"]["rps"]
    cpu = size.get("cpu", {})
    hello_cpu = cpu.get(HELLO, {}).get("cpu_ms")

    def by_cpu(name):
        own = cpu.get(name, {}).get("cpu_ms")
        return f"{hello_cpu / own:.2f}" if own and hello_cpu else "—"

    lines = ["| Page | req/s | × hello | p50 ms | p99 ms | non-2xx/3xx | KB gzip | CPU ms "
             "| queries | × hello by CPU |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
             f"| Reference: bare Flask \"hello\" (median run) | {hello:,.0f} | 1.00 | "
             f"{size['hello']['p50_ms']} | {size['hello']['p99_ms']} | "
             f"{size['hello']['status_errors']} | — | {hello_cpu or ''} | | 1.00 |"]
    floor = size.get("floor")
    if floor:
        floor_cpu = cpu.get(FLOOR, {})
        lines.append(f"| {FLOOR} (median run) | {floor['rps']:,.0f} | {floor['rps'] / hello:.2f} "
                     f"| {floor['p50_ms']} | {floor['p99_ms']} | {floor['status_errors']} | — | "
                     f"{floor_cpu.get('cpu_ms', '—')} | {floor_cpu.get('queries', '—')} | "
                     f"{by_cpu(FLOOR)} |")
    for page in size["pages"]:
        if not page.get("available"):
            lines.append(f"| {page['page']} | not available | | | | | | | | |")
            continue
        errors = page["status_errors"]
        own = cpu.get(page["page"], {})
        lines.append(f"| {page['page']} | {page['rps']:,.0f} | {ratio(page):.2f} | "
                     f"{page['p50_ms']} | {page['p99_ms']} | {errors} | "
                     f"{_kb(page.get('bytes_gzip'))} | {own.get('cpu_ms', '—')} | "
                     f"{own.get('queries', '—')} | {by_cpu(page['page'])} |")
    return "\n".join(lines)


def growth_table(small, large):
    lines = [f"| Page | p50 ms at {_size(small['items'])} | p50 ms at {_size(large['items'])} "
             "| growth | CPU ms at small | CPU ms at large | growth |",
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
        lines.append(f"| {page['page']} | {before['p50_ms']} | {page['p50_ms']} | "
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
    for name in RATIO_PAGES:
        if name in pages:
            share = ratio(pages[name])
            checks.append((f"{name}: ≥ 1/3 of hello's throughput", share >= 1 / 3,
                           f"{share:.2f}{_floors(large, pages)}"))
    worst = max(pages.values(), key=lambda p: p["p99_ms"])
    checks.append(("p99 under 100 ms on every page", worst["p99_ms"] < 100,
                   f"worst {worst['p99_ms']} ms ({worst['page']})"))
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


def _floors(size, pages):
    """What no signed-in page can beat, beside each ratio the targets check."""
    said = []
    if EMPTY_PAGE in pages:
        said.append(f"the portal's signed-in empty page {ratio(pages[EMPTY_PAGE]):.2f}")
    if size.get("floor"):
        share = size["floor"]["rps"] / size["hello"]["rps"]
        said.append(f"a signed-in hello on the bare stack {share:.2f}")
    return f" (floors in this run: {'; '.join(said)})" if said else ""


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


def write(run, folder, kind):
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"{datetime.now(timezone.utc):%Y-%m-%d}-{kind}"
    md, js = stem.with_suffix(".md"), stem.with_suffix(".json")
    md.write_text(markdown(run, kind))
    js.write_text(json.dumps(run, indent=1, default=str) + "\n")
    return md, js
