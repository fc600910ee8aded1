"""The bench's references and what its table says of them (the measuring itself runs in
`make bench`, not here)."""
import importlib

import pytest

from bench import report


def test_bare_stack_floor_signs_in_then_says_hello(tmp_path, monkeypatch):
    monkeypatch.setenv("BENCH_FLOOR_DATABASE", str(tmp_path / "floor.db"))
    import bench.floor

    floor = importlib.reload(bench.floor)
    client = floor.app.test_client()
    assert client.get("/hello").status_code == 401
    assert client.get("/sign-in").status_code == 200
    answer = client.get("/hello")
    assert answer.status_code == 200 and answer.get_data(as_text=True) == "hello floor"


def _run(floor_rps, empty_rps, inbox_rps, hello_rps=6000, inbox_m=30e6, file_m=20e6):
    def page(name, rps, **more):
        return dict(page=name, available=True, rps=rps, hello_rps=hello_rps, p50_ms=5.0,
                    p99_ms=9.0, status_errors=0, fragment=False, bytes_gzip=20_000, **more)

    size = {"items": 10_000, "synth_seconds": None,
            "fragments": [{"fragment": "Inbox page 2", "available": True, "bytes_gzip": 1500}],
            "hello": page(report.HELLO, hello_rps), "floor": page(report.FLOOR, floor_rps),
            "reference": page(report.REFERENCE, 400),
            "pages": [page(report.EMPTY_PAGE, empty_rps), page("Inbox, heavy post", inbox_rps),
                      page("File page", 200)],
            "cpu": {report.HELLO: {"cpu_ms": 0.1}, report.FLOOR: {"cpu_ms": 0.5, "queries": 1}},
            "instructions": {report.REFERENCE: {"instructions": 20e6, "queries": 4},
                             "Inbox, heavy post": {"instructions": inbox_m, "queries": 7},
                             "File page": {"instructions": file_m, "queries": 10}}}
    return {"sizes": [size], "before": {"commit": "92cf640", "10000": {"File page": 32e6}}}


def test_table_reads_each_page_against_the_reference_by_throughput_and_instructions():
    run = _run(floor_rps=2400, empty_rps=1500, inbox_rps=300)
    table = report.size_table(run["sizes"][0])
    assert f"| {report.FLOOR} (median run) | 2,400 | 0.40 |" in table
    assert "| 400 | 0.07 | 1.00 |" in table  # the reference: its share of hello, itself
    # the inbox: 300 req/s is 400/300 = 1.33x the reference's time, 30 M / 20 M = 1.50x
    assert "| Inbox, heavy post | 300 | 0.05 | 1.33 |" in table
    assert "| 7 | 30.0 | 1.50 |" in table


def test_inbox_target_is_a_ratio_to_the_reference_and_cuts_are_from_the_recorded_counts():
    checks = {name.split(":")[0]: (ok, detail) for name, ok, detail in
              report.targets(_run(2400, 1500, 300, inbox_m=30e6, file_m=20e6))}
    assert checks["Inbox, heavy post"] == (True, "1.50× (30.0 M against 20.0 M)")
    assert checks["File page"] == (True, "38% fewer (32.0 M → 20.0 M)")
    checks = {name.split(":")[0]: (ok, detail) for name, ok, detail in
              report.targets(_run(2400, 1500, 300, inbox_m=24e6, file_m=21e6))}
    assert checks["Inbox, heavy post"] == (True, "1.20× (24.0 M against 20.0 M; stretch met)")
    assert checks["File page"][0] is False
    checks = {name.split(":")[0]: ok for name, ok, _ in
              report.targets(_run(2400, 1500, 300, inbox_m=30.2e6))}
    assert checks["Inbox, heavy post"] is False


def test_p99_is_checked_at_every_size_and_growth_shows_both_percentiles():
    import copy

    run = _run(2400, 1500, 300)
    small = run["sizes"][0]
    small["pages"][1]["p99_ms"] = 120.0  # the inbox's tail at the small size only
    large = copy.deepcopy(small)
    large["items"] = 1_000_000
    large["pages"][1].update(p50_ms=6.0, p99_ms=40.0)
    run["sizes"].append(large)
    checks = {name.split(",")[0]: (ok, detail) for name, ok, detail in report.targets(run)}
    assert checks["p99 under 100 ms on every page"] == (
        False, "worst 120.0 ms (Inbox, heavy post, 10,000 items)")
    growth = report.growth_table(small, large)
    assert "| Inbox, heavy post | 5.0 / 120.0 | 6.0 / 40.0 | 1.20× |" in growth


def test_write_counts_take_each_counted_action_alone_and_keep_the_periodic_work_in_the_mean():
    from bench.writes import figures

    # a warm-up dump, ten actions of 20 M, one of which also checkpointed (+50 M), exit
    totals = [99e6, *[20e6] * 4, 70e6, *[20e6] * 5, 7e6]
    counted = figures(totals, 1, 10)
    assert counted == {"instructions_m": 25.0, "median_instructions_m": 20.0,
                       "max_instructions_m": 70.0}
    with pytest.raises(RuntimeError):
        figures(totals, 5, 10)  # fewer dumps than actions: a mark was missed
