"""Background work the portal owes: one row per job, the durable record that the task
queue only carries. A killed worker loses its queue message, never this row."""
from ..extensions import db

JOB_STATES = ("queued", "running", "done", "failed")


class BackgroundJob(db.Model):
    __tablename__ = "background_job"
    __table_args__ = (
        # idempotency: one job per kind and what it produces (a dispatch number, a hash)
        db.UniqueConstraint("kind", "key"),
        db.Index("ix_background_job_state_due", "state", "run_after"),
    )
    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(64), nullable=False)
    key = db.Column(db.String(200), nullable=False)
    params = db.Column(db.JSON, nullable=False, default=dict)
    state = db.Column(db.String(16), nullable=False, default="queued")
    attempts = db.Column(db.Integer, nullable=False, default=0)
    max_attempts = db.Column(db.Integer, nullable=False, default=5)
    last_error = db.Column(db.Text)
    run_after = db.Column(db.DateTime, nullable=False)  # next attempt no earlier than this
    lease_until = db.Column(db.DateTime)  # a running job whose lease ran out was cut off
    created_at = db.Column(db.DateTime, nullable=False)
    finished_at = db.Column(db.DateTime)

    @property
    def retries(self):
        return max(self.attempts - 1, 0)

    @property
    def is_open(self):
        return self.state in ("queued", "running")
