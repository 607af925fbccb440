"""The organizations' authenticated API (OSDI-shaped) and its webhooks."""
