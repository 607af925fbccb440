"""The public read API: petitions, counts, timelines and news; no personal data."""
