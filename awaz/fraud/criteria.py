"""Which signatures of a petition an invalidation is about."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet


@dataclass(frozen=True)
class Criteria:
    """A time window (from inclusive, to exclusive), an email domain label (a large provider's
    name or a small domain's "~" tag), a network tag; any combination, at least one of them."""

    signed_from: datetime | None = None
    signed_to: datetime | None = None
    email_domain: str = ""
    network_hash: str = ""

    def is_empty(self) -> bool:
        return not (self.signed_from or self.signed_to or self.email_domain or self.network_hash)

    def apply(self, signatures: QuerySet) -> QuerySet:
        if self.signed_from:
            signatures = signatures.filter(created_at__gte=self.signed_from)
        if self.signed_to:
            signatures = signatures.filter(created_at__lt=self.signed_to)
        if self.email_domain:
            signatures = signatures.filter(email_domain=self.email_domain)
        if self.network_hash:
            signatures = signatures.filter(network_hash=self.network_hash)
        return signatures
