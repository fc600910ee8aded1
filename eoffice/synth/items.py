"""Files and receipts with their movements and audit events, generated in the order they
were created over two years and written in batches.

Each item's movement log is made first and its holder columns are read off it the way
`movement.services` keeps them: the last create/send is the holder, the sender of the
last send is `sent_by_post`, an open after it sets `read_at`. Every movement gets the
audit event `movement.services.record()` would have written, chained and sealed with
the instance's audit key, so `flask eoffice verify` holds on a synthesised database.

Who holds what follows a Zipf-like law over posts (weight 1/rank^0.7): the `heavy`
desk and `so.srinagar` come first and hold thousands of items at a million, most posts
hold a few dozen.
"""
import hashlib
import hmac
from datetime import timedelta
from itertools import accumulate

from flask import current_app

from ..audit import GENESIS
from ..clock import utcnow
from ..demo import activity
from ..models.records import FILE_CATEGORIES, RECEIPT_CATEGORIES
from ..vocabulary import ACTIVE, CLOSED, PARKED

ZIPF_EXPONENT = 0.7
SPAN_DAYS = 730
CHUNK = 5_000
FILE_SHARE = 0.45
SEND_COUNTS, SEND_WEIGHTS = (0, 1, 2, 3, 4, 5), (8, 22, 28, 22, 12, 8)
HEADS = ("REV", "EST", "GEN", "ACC", "WRK", "RTI", "LND", "PLN")
MODES = ("post", "post", "hand", "email", "eunnat", "electronic")
SUBJECTS = tuple(activity.SUBJECTS) + (
    "Sanction of pension case of retired employee no. %d",
    "Mutation of property, survey no. %d",
    "Estimate for macadamisation of link road, work code %d",
    "Grant of leave and charge arrangement, order %d",
)
SENDERS = tuple(activity.SENDERS) + (
    "Executive Engineer PWD", "Chief Education Officer", "Director Health Services")
REMARKS = ("For necessary action", "Submitted for orders", "Please examine and put up",
           "Approved", "Put up with previous papers", "Discussed; issue reply")
CLOSE_REASON = "Orders issued; matter disposed of"
DAY = 86_400

FILE_COLUMNS = ("id", "office_id", "section_id", "file_no", "serial", "year", "head",
                "category", "subject", "is_electronic", "grading", "status", "created_by_id",
                "created_by_post_id", "created_at", "closed_at", "close_reason",
                "holder_post_id", "holder_since", "sent_by_post_id", "read_at", "priority",
                "due_on", "version")
RECEIPT_COLUMNS = ("id", "office_id", "diary_no", "diary_year", "diary_serial", "copy_no",
                   "copy_of_id", "subject", "body", "sender_name", "sender_designation",
                   "sender_organisation", "sender_address", "sender_email", "sender_mobile",
                   "letter_no", "letter_date", "received_on", "diarised_at", "mode", "category",
                   "grading", "is_electronic", "external_ref", "created_by_id",
                   "created_by_post_id", "status", "efile_id", "holder_post_id", "holder_since",
                   "sent_by_post_id", "read_at", "priority", "due_on", "version")
MOVEMENT_COLUMNS = ("id", "efile_id", "receipt_id", "action", "from_post_id", "to_post_id",
                    "by_post_id", "by_user_id", "remarks", "priority", "due_on", "at")
AUDIT_COLUMNS = ("id", "at", "user_id", "username", "post_id", "action", "object_type",
                 "object_id", "detail", "ip", "prev_hash", "hash")


class ItemMaker:
    def __init__(self, ctx):
        self.ctx, self.rng, self.org, self.writer = ctx, ctx.rng, ctx.org, ctx.writer
        self.now = utcnow().replace(microsecond=0)
        self.key = current_app.config["AUDIT_KEY"].encode()
        self.prev_hash = ctx.writer.connection.exec_driver_sql(
            "SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1").scalar() or GENESIS
        org = self.org
        special = org.special_posts
        self.pool = (special["bench.a"], special["bench.b"])
        ordinary = [p for p in org.post_office if p not in self.pool
                    and p not in (special["heavy"], special["so.srinagar"])]
        self.rng.shuffle(ordinary)
        self.ranked = [special["heavy"], special["so.srinagar"]] + ordinary
        self.cumulative = list(accumulate(1 / rank ** ZIPF_EXPONENT
                                          for rank in range(1, len(self.ranked) + 1)))
        self.counters = {}
        self.files = self.receipts = 0

    def zipf_posts(self, count):
        return self.rng.choices(self.ranked, cum_weights=self.cumulative, k=count)

    def run(self, total, progress):
        pool = min(400, max(10, total // 25))
        made = 0
        while made < total:
            count = min(CHUNK, total - made)
            self.chunk(made, count, total, pool)
            made += count
            progress(count)
        self.write_counters()

    def chunk(self, start, count, total, pool):
        rng = self.rng
        holders = self.zipf_posts(count)
        # creation times: evenly through the span, in order, each jittered within its slot
        slot = (SPAN_DAYS - 1) * DAY / total  # the newest a day old: room for its moves
        first = self.now - timedelta(days=SPAN_DAYS)
        files, receipts, movements, audits = [], [], [], []
        for offset, holder in enumerate(holders):
            index = start + offset
            created = first + timedelta(seconds=int((index + rng.random()) * slot))
            in_pool = index >= total - pool
            if in_pool:  # the bench's send pool: files passed from desk B to desk A, opened
                path, status, kind = [self.pool[1], self.pool[0]], ACTIVE, "file"
            else:
                kind = "file" if rng.random() < FILE_SHARE else "receipt"
                path, status = self.path_to(holder)
            self.item(kind, path, status, created, files, receipts, movements, audits,
                      opened_at_end=in_pool)
        writer = self.writer
        writer.write("efile", FILE_COLUMNS, files)
        writer.write("receipt", RECEIPT_COLUMNS, receipts)
        writer.write("movement", MOVEMENT_COLUMNS, movements)
        writer.write("audit_event", AUDIT_COLUMNS, audits)
        writer.commit()

    def path_to(self, holder):
        """Posts the item passes through, creator first and holder last, and its status."""
        rng = self.rng
        roll = rng.random()
        status = CLOSED if roll < 0.15 else PARKED if roll < 0.2 else ACTIVE
        sends = rng.choices(SEND_COUNTS, SEND_WEIGHTS)[0]
        colleagues = self.org.office_posts[self.org.post_office[holder]]
        path = [holder]
        for _ in range(sends):
            step = rng.choice(colleagues) if rng.random() < 0.8 or len(colleagues) < 2 \
                else self.zipf_posts(1)[0]
            if step == path[-1] or step in self.pool:
                step = next((p for p in colleagues if p != path[-1] and p not in self.pool), None)
                if step is None:
                    break
            path.append(step)
        path.reverse()  # the holder was drawn first; it is the end of the path
        if status == CLOSED and len(path) > 1:
            path[0] = holder if path[1] != holder else path[0]  # only the creator closes
            if path[0] != holder:
                status = ACTIVE
        return path, status

    def item(self, kind, path, status, created, files, receipts, movements, audits,
             opened_at_end=False):
        rng, org = self.rng, self.org
        is_file = kind == "file"
        item_id = self.writer.next_id("efile" if is_file else "receipt")
        creator, holder = path[0], path[-1]
        steps = len(path) - 1
        remaining = (self.now - created).total_seconds() - 600
        gap = max(60, remaining / (steps + 2))
        moments = [created]
        for _ in range(steps):
            moments.append(moments[-1] + timedelta(seconds=int(gap * (0.2 + rng.random() * 0.8))))
        log = [("create", None, creator, creator, "", None, None, created)]
        priority, due_on, read_at, sent_by = "normal", None, created, None
        for number in range(steps):
            sender, recipient, at = path[number], path[number + 1], moments[number + 1]
            urgent = rng.random() >= 0.8
            priority = rng.choice(("immediate", "most_immediate")) if urgent else "normal"
            dated = rng.random() < 0.2
            due_on = (at + timedelta(days=rng.randint(3, 30))).date() if dated else None
            log.append(("send", sender, recipient, sender, rng.choice(REMARKS), priority, due_on,
                        at))
            sent_by, read_at = sender, None
            last = number == steps - 1
            if (opened_at_end and last) or rng.random() < (0.6 if last else 0.9):
                read_at = at + timedelta(seconds=int(gap * 0.1 * rng.random()) + 30)
                log.append(("open", None, None, recipient, "", None, None, read_at))
        end = max(m[-1] for m in log)
        if status == PARKED:
            log.append(("park", None, None, holder, "", None, None, end + timedelta(minutes=5)))
        elif status == CLOSED:
            log.append(("close", None, None, holder, CLOSE_REASON, None, None,
                        end + timedelta(minutes=5)))
        office = org.post_office[creator]
        year = created.year
        common = dict(creator=creator, holder=holder, holder_since=moments[-1], sent_by=sent_by,
                      read_at=read_at, priority=priority, due_on=due_on, status=status,
                      version=len(log))
        if is_file:
            files.append(self.file_row(item_id, office, year, created, log, common))
        else:
            receipts.append(self.receipt_row(item_id, office, year, created, common))
        self.movements(kind, item_id, log, movements, audits)

    def serial(self, office, kind, scope):
        key = (office, kind, scope)
        value = self.counters.get(key, 0) + 1
        self.counters[key] = value
        return value

    def file_row(self, item_id, office, year, created, log, c):
        rng, org = self.rng, self.org
        head = rng.choice(HEADS)
        serial = self.serial(office, "file", f"{head}/{year}")
        code, dept, pattern = org.offices[office]
        section = org.post_section[c["creator"]]
        file_no = pattern.format(office=code, dept=dept, head=head, serial=f"{serial:04d}",
                                 year=year, section=org.section_codes.get(section, "GEN"))
        closed = c["status"] == CLOSED
        self.files += 1
        return (item_id, office, section, file_no, serial, year, head, rng.choice(FILE_CATEGORIES),
                rng.choice(SUBJECTS) % rng.randint(10, 9999), rng.random() < 0.8,
                "normal" if rng.random() < 0.97 else "confidential", c["status"],
                org.post_user[c["creator"]], c["creator"], created,
                log[-1][-1] if closed else None, CLOSE_REASON if closed else None,
                c["holder"], c["holder_since"], c["sent_by"], c["read_at"], c["priority"],
                c["due_on"], c["version"])

    def receipt_row(self, item_id, office, year, created, c):
        rng, org = self.rng, self.org
        serial = self.serial(office, "diary", str(year))
        code = org.offices[office][0]
        electronic = rng.random() < 0.75
        self.receipts += 1
        return (item_id, office, f"{code}/{year}/{serial:05d}", year, serial, 0, None,
                rng.choice(SUBJECTS) % rng.randint(10, 9999), "", rng.choice(SENDERS), "", "",
                "Srinagar", "", "", f"L/{rng.randint(100, 9999)}",
                (created - timedelta(days=rng.randint(1, 10))).date(), created.date(), created,
                rng.choice(MODES) if electronic else "post", rng.choice(RECEIPT_CATEGORIES),
                "normal" if rng.random() < 0.97 else "confidential", electronic, None,
                org.post_user[c["creator"]], c["creator"], c["status"], None, c["holder"],
                c["holder_since"], c["sent_by"], c["read_at"], c["priority"], c["due_on"],
                c["version"])

    def movements(self, kind, item_id, log, movements, audits):
        """The movement rows and, for each, the audit event record() writes with it."""
        org, writer, key = self.org, self.writer, self.key
        is_file = kind == "file"
        object_type = "EFile" if is_file else "Receipt"
        prev = self.prev_hash
        for action, from_post, to_post, by_post, remarks, priority, due_on, at in log:
            user = org.post_user[by_post]
            movements.append((writer.next_id("movement"), item_id if is_file else None,
                              None if is_file else item_id, action, from_post, to_post, by_post,
                              user, remarks, priority, due_on, at))
            detail = f"to post {to_post}" if to_post else remarks[:200]
            username = org.usernames[user]
            fields = "|".join((at.isoformat(), str(user), username, str(by_post),
                               f"{kind}.{action}", object_type, str(item_id), detail, "cli", prev))
            sealed = hmac.new(key, fields.encode(), hashlib.sha256).hexdigest()
            audits.append((writer.next_id("audit_event"), at, user, username, by_post,
                           f"{kind}.{action}", object_type, item_id, detail, "cli", prev, sealed))
            prev = sealed
        self.prev_hash = prev

    def write_counters(self):
        """Counters at the highest serial issued, so new numbers continue without a gap."""
        writer = self.writer
        writer.write("counter", ("id", "office_id", "kind", "scope", "value"), [
            (writer.next_id("counter"), office, kind, scope, value)
            for (office, kind, scope), value in sorted(self.counters.items())])
        writer.commit()


def build(ctx):
    """N files and receipts together, about five movements each."""
    maker = ItemMaker(ctx)
    with ctx.progress(ctx.items, "files and receipts") as bar:
        maker.run(ctx.items, bar.update)
    written = ctx.writer.written
    ctx.echo(f"  {maker.files:,} files, {maker.receipts:,} receipts, "
             f"{written.get('movement', 0):,} movements, "
             f"{written.get('audit_event', 0):,} audit events")

