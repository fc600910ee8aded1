"""`flask eoffice synth`: a UT-scale data set, written in bulk, for benchmarks.

It goes into an empty database: the demo organisation and accounts, grown to 207
tehsils, 285 blocks, 4,290 panchayats and 25,000 posts with one official each, then N
files and receipts with about five movements each (see `items`). All synthetic
accounts share the demo password; `heavy`, `bench.a` and `bench.b` are the desks the
benchmark signs in as.

Synthetic data is history, not activity: no sign-ins, no sessions. Each movement has
the audit event the portal would have written with it, so the audit chain verifies;
the organisation itself is written without audit events, as `eoffice demo` does.

Each step is one entry of STEPS. Steps for areas that may not be installed (notes,
search, dashboard rollups) look for their module first and are skipped, saying so,
when it is missing; run synth again after they land.
"""
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable

import click
from sqlalchemy import func, select

from .. import audit
from ..extensions import db
from ..models import OrgUnit
from . import extras, items, people
from .writer import bulk_connection


@dataclass
class Synth:
    items: int
    seed: int
    posts: int
    password: str
    echo: Callable = print
    rng: random.Random = None
    writer: Any = None
    org: Any = None
    password_hash: str = ""
    skipped: list = field(default_factory=list)

    @contextmanager
    def progress(self, length, label):
        with click.progressbar(length=length, label=f"  {label}", show_pos=True,
                               show_eta=True, file=None) as bar:
            yield bar


def _sequences(ctx):
    """Primary-key sequences past the ids synth handed out (PostgreSQL)."""
    ctx.writer.reset_sequences()


STEPS = [
    ("organisation, posts and people", people.build),
    ("files, receipts, movements, audit events, counters", items.build),
    ("notes", extras.notes),
    # after every table written with ids of its own (notes too: a sequence set before
    # them left the first notes written by the portal clashing with synthesised ones)
    ("id sequences", _sequences),
    ("search index", extras.search_index),
    ("dashboard rollups", extras.dashboard_rollups),
    ("pending counts", extras.pending_counts),
    ("planner statistics", lambda ctx: ctx.writer.analyse()),
]


def is_empty():
    return not db.session.scalar(select(func.count()).select_from(OrgUnit))


def synthesise(items_count, seed=1, posts=25_000, password="", echo=print):
    """Fill an empty database; returns the seconds each step took."""
    ctx = Synth(items=items_count, seed=seed, posts=posts, password=password, echo=echo,
                rng=random.Random(seed))
    timings = {}
    with bulk_connection() as writer:
        ctx.writer = writer
        for name, step in STEPS:
            started = time.perf_counter()
            echo(f"{name}…")
            step(ctx)
            writer.commit()
            db.session.commit()
            timings[name] = round(time.perf_counter() - started, 1)
            echo(f"  done in {timings[name]} s")
    audit.record("synth.load", detail=f"{items_count} items, {posts} posts, seed {seed}")
    db.session.commit()
    return timings
