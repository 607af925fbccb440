"""A working confirmation link on PostgreSQL: one statement, one round trip, one commit.

The busiest write after signing itself: a spike's signers all click their links within minutes.
Through the ORM a confirmation was eight statements in a transaction (the conditional UPDATE,
the petition, the tally, the log's entry, the webhook event, the commit, then the count for the
signer's page), about 1.5 ms of CPU in Python for the statements alone. Here they are one
statement of data-modifying CTEs, which PostgreSQL runs atomically in autocommit:

- `confirmed`: the conditional UPDATE, the same conditions as on SQLite (awaz.signatures.services)
  plus the petition's "open" (Petition.objects.open()), so a closed petition changes nothing;
  it is the lock: of two concurrent confirmations only one changes the row;
- `tally`, `logged`, `event`: the tally's increment (one random shard, as counts.tally_add),
  the transparency log's addition (as transparency.services.log_addition) and the
  `signature.confirmed` event (as webhooks.events.event_record), each only for that row;
- the result: the row's public fields, the petition (every column, for the signer's page) and
  the tally by country as it was before this statement (a CTE's changes are invisible to its
  own query), to which the caller adds the one confirmation.

Only awaz.signatures.services calls it (tests/signatures/test_writes.py lists it as a writer).
tests/signatures/test_confirmations.py holds its rows to the ORM path's, field by field.
"""

from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, connections

from awaz.petitions.models import Petition
from awaz.signatures.models import Signature, SignatureTally
from awaz.transparency.models import LogEntry
from awaz.webhooks.models import Event, EventKind

PETITION_FIELDS = tuple(field.attname for field in Petition._meta.concrete_fields)


@lru_cache(maxsize=1)
def _statement() -> str:
    """Built once per process (each thread's connection has its own `ops`, all quoting alike)."""
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name

    def table(model):
        return quote(model._meta.db_table)

    def column(model, name):
        return quote(model._meta.get_field(name).column)

    s, p, t, log, ev = Signature, Petition, SignatureTally, LogEntry, Event
    petition_columns = ", ".join(f"p.{quote(field.column)}" for field in Petition._meta.concrete_fields)
    return f"""
WITH confirmed AS (
    UPDATE {table(s)} SET {column(s, "confirmed_at")} = %(now)s
    WHERE {column(s, "confirm_token_hash")} = %(hash)s AND {column(s, "confirmed_at")} IS NULL
      AND {column(s, "held_at")} IS NULL
      AND ({column(s, "token_sent_at")} IS NULL OR {column(s, "token_sent_at")} >= %(expired_before)s)
      AND {column(s, "petition")} IN (
          SELECT {column(p, "id")} FROM {table(p)} WHERE {column(p, "status")} = %(open)s
            AND ({column(p, "closes_at")} IS NULL OR {column(p, "closes_at")} > %(now)s))
    RETURNING {column(s, "id")} AS id, {column(s, "petition")} AS petition_id, {column(s, "country")} AS country,
              {column(s, "organization_contact")} AS contact, {column(s, "show_publicly")} AS public
), tally AS (
    INSERT INTO {table(t)} ({column(t, "petition")}, {column(t, "country")}, {column(t, "shard")}, {column(t, "count")})
    SELECT petition_id, country, %(shard)s, 1 FROM confirmed
    ON CONFLICT ({column(t, "petition")}, {column(t, "country")}, {column(t, "shard")})
    DO UPDATE SET {column(t, "count")} = {table(t)}.{column(t, "count")} + 1
), logged AS (
    INSERT INTO {table(log)} ({column(log, "petition")}, {column(log, "kind")}, {column(log, "receipt")},
                              {column(log, "hour")}, {column(log, "reason")}, {column(log, "signature_id")})
    SELECT petition_id, %(addition)s, %(receipt)s, %(hour)s, '', id FROM confirmed
), event AS (
    INSERT INTO {table(ev)} ({column(ev, "organization")}, {column(ev, "petition")}, {column(ev, "kind")},
                             {column(ev, "signature_id")}, {column(ev, "contact")}, {column(ev, "created_at")})
    SELECT p.{column(p, "organization")}, c.petition_id, %(event)s, c.id, c.contact, %(now)s
    FROM confirmed c JOIN {table(p)} p ON p.{column(p, "id")} = c.petition_id
)
SELECT c.id, c.country, c.contact, c.public,
       (SELECT json_object_agg(country, n) FROM (
            SELECT {column(t, "country")} AS country, SUM({column(t, "count")}) AS n FROM {table(t)}
            WHERE {column(t, "petition")} = c.petition_id GROUP BY {column(t, "country")}) AS by_country),
       {petition_columns}
FROM confirmed c JOIN {table(p)} p ON p.{column(p, "id")} = c.petition_id
"""


def confirm_row(db, *, token_hash: str, now, expired_before, shard: int, receipt: str, hour):
    """Confirm the signature behind `token_hash` if its link works; returns None, or (id, country,
    contact, shown publicly, the tally by country before this confirmation, the petition's
    values in PETITION_FIELDS order)."""
    import psycopg

    ops = db.ops
    params = {
        "now": ops.adapt_datetimefield_value(now), "hash": token_hash,
        "expired_before": ops.adapt_datetimefield_value(expired_before), "open": Petition.Status.OPEN,
        "shard": shard, "addition": LogEntry.Kind.ADDITION, "receipt": receipt,
        "hour": ops.adapt_datetimefield_value(hour), "event": EventKind.SIGNATURE_CONFIRMED,
    }
    db.ensure_connection()
    with db.wrap_database_errors, psycopg.Cursor(db.connection) as cursor:
        cursor.execute(_statement(), params, prepare=True)
        row = cursor.fetchone()
    if row is None:
        return None
    signature_id, country, contact, public, by_country, *petition = row
    return signature_id, country, contact, public, by_country or {}, petition
