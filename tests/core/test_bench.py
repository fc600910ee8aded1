"""The bench's references and what its table says of them (the measuring itself runs in
`make bench`, not here)."""
import importlib

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


def _run(floor_rps, empty_rps, inbox_rps, hello_rps=6000):
    def page(name, rps, **more):
        return dict(page=name, available=True, rps=rps, hello_rps=hello_rps, p50_ms=5.0,
                    p99_ms=9.0, status_errors=0, fragment=False, bytes_gzip=20_000, **more)

    size = {"items": 10_000, "synth_seconds": None,
            "fragments": [{"fragment": "Inbox page 2", "available": True, "bytes_gzip": 1500}],
            "hello": page(report.HELLO, hello_rps), "floor": page(report.FLOOR, floor_rps),
            "pages": [page(report.EMPTY_PAGE, empty_rps), page("Inbox, heavy post", inbox_rps)],
            "cpu": {report.HELLO: {"cpu_ms": 0.1}, report.FLOOR: {"cpu_ms": 0.5, "queries": 1}}}
    return {"sizes": [size]}


def test_table_shows_the_floor_beside_hello_and_the_ratio_targets_quote_both():
    run = _run(floor_rps=2400, empty_rps=1500, inbox_rps=300)
    table = report.size_table(run["sizes"][0])
    assert f"| {report.FLOOR} (median run) | 2,400 | 0.40 |" in table
    assert "| 0.5 | 1 | 0.20 |" in table  # its CPU, query and CPU ratio against hello's
    inbox = next(c for c in report.targets(run) if c[0].startswith("Inbox"))
    assert inbox == ("Inbox, heavy post: ≥ 1/3 of hello's throughput", False,
                     "0.05 (floors in this run: the portal's signed-in empty page 0.25; "
                     "a signed-in hello on the bare stack 0.40)")


def test_ratio_targets_stand_alone_without_floors():
    run = _run(floor_rps=2400, empty_rps=1500, inbox_rps=2100)
    run["sizes"][0].pop("floor")
    run["sizes"][0]["pages"].pop(0)
    inbox = next(c for c in report.targets(run) if c[0].startswith("Inbox"))
    assert inbox[1:] == (True, "0.35")
