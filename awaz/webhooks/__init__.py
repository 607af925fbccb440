"""Webhooks: the events an organization's endpoints hear about, and their deliveries.

This app is low in the order of apps (it imports only `core`), because the state changes that
make events live in `petitions`, `signatures` and `outcomes`: each calls `event_record` inside
its own transaction, so an event exists exactly when its change was committed (the table is the
outbox). Nothing else happens in that transaction: no payload is built, no endpoint is looked
up, no request is made. The worker (awaz.api.org.tasks) fans events out to the endpoints, builds
each payload when it sends it, and retries with backoff; see docs/api-organizations.md.
"""
