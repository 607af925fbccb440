"""New signature rows into the database, as cheaply as the database allows.

The busiest write of a viral petition. Each new row is one `INSERT ... ON CONFLICT DO NOTHING`
(a repeat is settled by the unique constraint in the same statement, without an exception and
a rollback), prepared once per connection, committed on its own.

On PostgreSQL the threads of one process also share statements (group commit): a thread that
finds another one's insert under way queues its row, and the next statement takes every row
queued meanwhile, in one round trip and one commit, which is one WAL flush instead of many.
Nothing waits on purpose: with one request at a time each row goes alone, as it would anyway.
Each thread still learns whether its own row went in.
"""

import threading
from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, connections

from awaz.signatures.models import Signature

COLUMNS = (
    "petition", "email_index", "name", "email", "comment", "email_domain", "network_hash", "country", "language",
    "show_publicly", "wants_updates", "is_demo", "created_at", "confirmation_due", "emails_sent", "last_email_at",
    "via_onion", "comment_shown",
)
# Columns a caller may leave out, with the value they then get.
OPTIONAL = {"via_onion": False, "comment_shown": False}
MAX_ROWS = 32  # per statement
WAIT_SECONDS = 30  # for another thread's statement: far beyond any healthy commit


def prepared_row(values: dict, db) -> list:
    """The column values as the model's own fields prepare them (encryption included), so the
    row is the one the ORM would write."""
    field = Signature._meta.get_field
    return [field(name).get_db_prep_save(values[name] if name not in OPTIONAL else values.get(name, OPTIONAL[name]), db)
            for name in COLUMNS]


@lru_cache(maxsize=MAX_ROWS)
def _statement(rows: int) -> str:
    meta = Signature._meta
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in COLUMNS)
    one_per_email = [quote(meta.get_field(name).column) for name in ("petition", "email_index")]
    placeholders = ", ".join(["(" + ", ".join(["%s"] * len(COLUMNS)) + ")"] * rows)
    return (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {placeholders} "
        f"ON CONFLICT ({', '.join(one_per_email)}) DO NOTHING "
        f"RETURNING {quote(meta.pk.column)}, {', '.join(one_per_email)}"
    )


def _execute(db, rows: list[list]) -> list[tuple]:
    """Insert the rows in one statement; returns (id, petition id, email index) of those that
    went in."""
    params = [value for row in rows for value in row]
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
            batch, self.queue = self.queue[:MAX_ROWS], self.queue[MAX_ROWS:]
        try:
            inserted = {(petition, index): pk for pk, petition, index in _execute(db, [p.row for p in batch])}
            for pending in batch:
                # The same address twice in one statement: the first row is the one that went in.
                pending.result = inserted.pop((pending.row[0], pending.row[1]), None)
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
    """Insert one new signature; its id, or None if this address has signed this petition."""
    db = connections[DEFAULT_DB_ALIAS]
    row = prepared_row(values, db)
    if db.vendor != "postgresql" or db.in_atomic_block:
        # SQLite has one writer anyway; and a caller's open transaction must not carry other
        # threads' rows (its rollback would take them along).
        found = _execute(db, [row])
        return found[0][0] if found else None
    return _group.insert(db, row)
