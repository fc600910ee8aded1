"""Which keys the database's records were sealed with: a fingerprint of each (never the
key), written by the first process that starts on the database, then never changed."""
from ..extensions import db
from ..integrity import triggers


class KeyFingerprint(db.Model):
    __tablename__ = "key_fingerprint"
    name = db.Column(db.String(32), primary_key=True)  # the config name: AUDIT_KEY, SECRET_KEY
    fingerprint = db.Column(db.String(64), nullable=False)
    recorded_at = db.Column(db.DateTime, nullable=False)


triggers.attach(KeyFingerprint.__table__)
