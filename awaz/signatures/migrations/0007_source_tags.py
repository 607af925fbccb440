"""Networks and small email domains were stored as values a seized machine could read back:
erase them. New signatures store tags (awaz.core.network)."""

from django.db import migrations


def erase_recoverable_sources(apps, schema_editor):
    from awaz.core.disposable import is_disposable_domain
    from awaz.core.email_domains import is_large_provider, registrable_domain

    Signature = apps.get_model("signatures", "Signature")
    Signature.objects.exclude(network_hash="").update(network_hash="")
    for domain in Signature.objects.exclude(email_domain="").values_list("email_domain", flat=True).distinct():
        if not (is_large_provider(domain) or is_large_provider(registrable_domain(domain)) or is_disposable_domain(domain)):
            Signature.objects.filter(email_domain=domain).update(email_domain="")


class Migration(migrations.Migration):
    dependencies = [("signatures", "0006_email_send_claim")]

    operations = [migrations.RunPython(erase_recoverable_sources, migrations.RunPython.noop)]
