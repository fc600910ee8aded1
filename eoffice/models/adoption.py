"""Adoption rollups: per-office daily counters, kept with every movement.

They are a cache of the movement log (rebuilt from it by `flask eoffice rebuild-stats`),
written in the same transaction as the movement, so dashboards read a few thousand
small rows instead of millions of movements. Days are office-local dates
(Asia/Kolkata), so "this week" means the week officials lived through.
"""
from ..extensions import db


class DailyOfficeStat(db.Model):
    """What an office did on one day. Counters only go up, except files_closed, which
    a reopening takes back."""
    __tablename__ = "daily_office_stat"
    # by day for a whole subtree; by office for one office's dashboard
    __table_args__ = (db.Index("ix_daily_office_stat_office_day", "office_id", "day"),)
    day = db.Column(db.Date, primary_key=True)
    office_id = db.Column(db.ForeignKey("office.id"), primary_key=True)
    e_files = db.Column(db.Integer, nullable=False, default=0)
    physical_files = db.Column(db.Integer, nullable=False, default=0)
    e_receipts = db.Column(db.Integer, nullable=False, default=0)
    physical_receipts = db.Column(db.Integer, nullable=False, default=0)
    movements = db.Column(db.Integer, nullable=False, default=0)
    files_closed = db.Column(db.Integer, nullable=False, default=0)

    COUNTERS = ("e_files", "physical_files", "e_receipts", "physical_receipts", "movements",
                "files_closed")


class DailyActiveUser(db.Model):
    """A user acted (any movement) for an office on a day; one row however often."""
    __tablename__ = "daily_active_user"
    # by day for a whole subtree (the key); by office for a district or office, covering
    __table_args__ = (db.Index("ix_daily_active_user_office_day", "office_id", "day",
                               "user_id"),)
    day = db.Column(db.Date, primary_key=True)
    office_id = db.Column(db.ForeignKey("office.id"), primary_key=True)
    user_id = db.Column(db.ForeignKey("user_account.id"), primary_key=True)


class WeeklyActiveUser(db.Model):
    """The same by week (from Monday), so a trend of distinct active users reads a
    few rows per user instead of one per working day."""
    __tablename__ = "weekly_active_user"
    __table_args__ = (db.Index("ix_weekly_active_user_office_week", "office_id", "week",
                               "user_id"),)
    week = db.Column(db.Date, primary_key=True)
    user_id = db.Column(db.ForeignKey("user_account.id"), primary_key=True)
    office_id = db.Column(db.ForeignKey("office.id"), primary_key=True)


class FileDisposal(db.Model):
    """A file that is closed now: the day it was closed, the days it took and the
    number of distinct posts it passed through. Reopening removes the row."""
    __tablename__ = "file_disposal"
    # covering: a period's histogram of days to close is read from the index alone
    __table_args__ = (db.Index("ix_file_disposal_day", "day", "office_id", "disposal_days",
                               "levels"),
                      db.Index("ix_file_disposal_office_day", "office_id", "day"))
    efile_id = db.Column(db.ForeignKey("efile.id"), primary_key=True)
    office_id = db.Column(db.ForeignKey("office.id"), nullable=False)
    day = db.Column(db.Date, nullable=False)
    disposal_days = db.Column(db.Integer, nullable=False)
    levels = db.Column(db.Integer, nullable=False)
