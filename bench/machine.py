"""The machine and software a bench ran on, for the results table."""
import json
import os
import platform
import sqlite3
import subprocess
import sys
from datetime import datetime, timezone


def _cpu_model():
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gib():
    try:
        with open("/proc/meminfo") as handle:
            kib = int(handle.readline().split()[1])
        return round(kib / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        return None


def _version(command):
    try:
        out = subprocess.run(command, capture_output=True, text=True).stdout
        return out.splitlines()[0].strip() if out else "unknown"
    except OSError:
        return "not installed"


def facts(args):
    import gunicorn

    return {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "nproc": os.cpu_count(), "cpu": _cpu_model(), "ram_gib": _ram_gib(),
            "os": platform.platform(), "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "gunicorn": gunicorn.__version__,
            "wrk": _version(["wrk", "--version"]).split(" [")[0],
            "gunicorn_settings": f"sync workers × {args.workers}, 127.0.0.1",
            "load": f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s "
                    f"after a 2 s warm-up"}


def database_facts(url):
    if not url.startswith("postgresql"):
        return {"engine": "SQLite", "version": sqlite3.sqlite_version}
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        version = connection.execute(text("SHOW server_version")).scalar()
    engine.dispose()
    return {"engine": "PostgreSQL", "version": version}


def save_run(folder, stem, run, text):
    """A run kept as <folder>/<stem>.md (also shown) and .json, for the README's tables."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / stem
    path.with_suffix(".md").write_text(text)
    path.with_suffix(".json").write_text(json.dumps(run, indent=1) + "\n")
    sys.stdout.write(text)
