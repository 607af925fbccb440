"""New signature rows into the database, as cheaply as the database allows.

The busiest write of a viral petition. Each signature is one `INSERT ... ON CONFLICT DO UPDATE`,
prepared once per connection, committed on its own. A repeat (the address has signed this
petition) is settled by the unique constraint in the same statement, and it does the same work
as a first signature: one row written, one id returned, one email put in the outbox (within
the email limits; the worker sends the link again or "you have already signed"). So neither
the answer nor its timing tells anyone whether an address had signed (issue #10 item 4).

On PostgreSQL the threads of one process also share statements (group commit): a thread that
finds another one's insert under way queues its row, and the next statement takes every row
queued meanwhile, in one round trip and one commit, which is one WAL flush instead of many.
Nothing waits on purpose: with one request at a time each row goes alone, as it would anyway.
Each thread still learns its own row's id. One address twice in one statement would make
PostgreSQL refuse it (a row updated twice), so a repeat queued behind its first goes in the next.
"""

import threading
from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, connections

from django.utils import timezone

from awaz.signatures.models import EMAIL_PAUSE, MAX_EMAILS_PER_SIGNATURE, Signature

COLUMNS = (
    "petition", "email_index", "name", "email", "comment", "email_domain", "network_hash", "country", "language",
    "show_publicly", "wants_updates", "is_demo", "created_at", "confirmation_due", "emails_sent", "last_email_at",
    "via_onion", "comment_shown", "held_at", "held_rule", "organization_contact",
)
# Columns a caller may leave out, with the value they then get. Held and ordinary signatures
# are the same statement with other values: the same work for the database.
OPTIONAL = {"via_onion": False, "comment_shown": False, "held_at": None, "held_rule": None, "organization_contact": False}
MAX_ROWS = 32  # per statement
WAIT_SECONDS = 30  # for another thread's statement: far beyond any healthy commit


def prepared_row(values: dict, db) -> list:
    """The column values as the model's own fields prepare them (encryption included), so the
    row is the one the ORM would write."""
    field = Signature._meta.get_field
    return [field(name).get_db_prep_save(values[name] if name not in OPTIONAL else values.get(name, OPTIONAL[name]), db)
            for name in COLUMNS]


# Signing again puts one more email in the outbox if the limits allow it; for a sealed or
# count-only signature (no readable address left) the address just typed goes with it, for that
# one email (awaz.signatures.sealing takes it away again once it is sent).
_REPEAT = {
    "confirmation_due": "CASE WHEN {may} THEN TRUE ELSE {t}.{confirmation_due} END",
    "emails_sent": "CASE WHEN {may} THEN {t}.{emails_sent} + 1 ELSE {t}.{emails_sent} END",
    "last_email_at": "CASE WHEN {may} THEN EXCLUDED.{last_email_at} ELSE {t}.{last_email_at} END",
    "email": "CASE WHEN {may} AND {t}.{email} IS NULL THEN EXCLUDED.{email} ELSE {t}.{email} END",
    "language": "CASE WHEN {may} AND {t}.{email} IS NULL THEN EXCLUDED.{language} ELSE {t}.{language} END",
}
_MAY_EMAIL = "({t}.{emails_sent} < %s AND ({t}.{last_email_at} IS NULL OR {t}.{last_email_at} <= %s))"


@lru_cache(maxsize=MAX_ROWS)
def _statement(rows: int) -> str:
    meta = Signature._meta
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    names = {name: quote(meta.get_field(name).column) for name in (*COLUMNS, "email", "language")}
    columns = ", ".join(names[name] for name in COLUMNS)
    one_per_email = [names["petition"], names["email_index"]]
    placeholders = ", ".join(["(" + ", ".join(["%s"] * len(COLUMNS)) + ")"] * rows)
    table = quote(meta.db_table)
    may = _MAY_EMAIL.format(t=table, **names)
    updates = ", ".join(f"{names[name]} = " + sql.format(may=may, t=table, **names) for name, sql in _REPEAT.items())
    return (
        f"INSERT INTO {table} ({columns}) VALUES {placeholders} "
        f"ON CONFLICT ({', '.join(one_per_email)}) DO UPDATE SET {updates} "
        f"RETURNING {quote(meta.pk.column)}, {', '.join(one_per_email)}"
    )


def _repeat_params(db) -> list:
    """The email limits, as the statement's SET clause reads them (once per CASE)."""
    cutoff = db.ops.adapt_datetimefield_value(timezone.now() - EMAIL_PAUSE)
    return [MAX_EMAILS_PER_SIGNATURE, cutoff] * (_statement_limit_uses())


@lru_cache(maxsize=1)
def _statement_limit_uses() -> int:
    return sum(sql.count("{may}") for sql in _REPEAT.values())


def _execute(db, rows: list[list]) -> list[tuple]:
    """Insert the rows in one statement (no address twice); returns (id, petition id, email
    index) of each, new or signed before."""
    params = [value for row in rows for value in row] + _repeat_params(db)
    statement = _statement(len(rows))
    with db.cursor() as cursor:
        if db.vendor != "postgresql":
            cursor.execute(statement, params)
            return cursor.fetchall()
        import psycopg

        # Prepared: PostgreSQL parses and plans it once per connection, and the values travel
        # apart from the SQL instead of being quoted into it in Python.
        with db.wrap_database_errors, psycopg.Cursor(db.connection) as prepared:
            prepared.execute(statement, params, prepare=True)
            return prepared.fetchall()


class _Pending:
    __slots__ = ("row", "done", "leads", "result", "error")

    def __init__(self, row: list):
        self.row = row
        self.done = threading.Event()
        self.leads = False
        self.result: int | None = None
        self.error: BaseException | None = None


class _GroupCommit:
    """One statement at a time per process; rows that arrive meanwhile go in the next one."""

    def __init__(self):
        self.lock = threading.Lock()
        self.queue: list[_Pending] = []
        self.busy = False

    def insert(self, db, row: list) -> int | None:
        mine = _Pending(row)
        with self.lock:
            self.queue.append(mine)
            if not self.busy:
                self.busy = mine.leads = True
        if not mine.leads:
            if not mine.done.wait(WAIT_SECONDS):
                raise TimeoutError("the signature insert of another thread did not finish")
            if not mine.leads:  # another thread's statement carried this row
                if mine.error is not None:
                    raise mine.error
                return mine.result
        self._lead(db)
        if mine.error is not None:
            raise mine.error
        return mine.result

    def _lead(self, db) -> None:
        with self.lock:
            batch, later, seen = [], [], set()
            for pending in self.queue:
                key = (pending.row[0], pending.row[1])
                if key in seen or len(batch) == MAX_ROWS:
                    later.append(pending)  # the same address again: the next statement
                else:
                    seen.add(key)
                    batch.append(pending)
            self.queue = later
        try:
            found = {(petition, index): pk for pk, petition, index in _execute(db, [p.row for p in batch])}
            for pending in batch:
                pending.result = found.get((pending.row[0], pending.row[1]))
        except BaseException as error:
            for pending in batch:
                pending.error = error
        finally:
            with self.lock:
                if self.queue:
                    # Hand over: the first thread still waiting runs the next statement.
                    self.queue[0].leads = True
                    self.queue[0].done.set()
                else:
                    self.busy = False
            for pending in batch:
                pending.done.set()


_group = _GroupCommit()


def insert_signature_row(values: dict) -> int | None:
    """Insert one signature, or count a repeat of it; the row's id either way."""
    db = connections[DEFAULT_DB_ALIAS]
    row = prepared_row(values, db)
    if db.vendor != "postgresql" or db.in_atomic_block:
        # SQLite has one writer anyway; and a caller's open transaction must not carry other
        # threads' rows (its rollback would take them along).
        found = _execute(db, [row])
        return found[0][0] if found else None
    return _group.insert(db, row)
