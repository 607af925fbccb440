from django.core.management.base import BaseCommand

from awaz.core.catalogs import CATALOGS, derive_django_uyghur_latin, derive_uyghur_latin, extract, problems


class Command(BaseCommand):
    help = "Extract interface strings into every language's catalogue (keeps existing translations)."

    def handle(self, *args, **options):
        extract()
        converted = derive_uyghur_latin()
        self.stdout.write(f"ug_Latn: {converted} entries converted from the Arabic-script Uyghur catalogue")
        django_entries = derive_django_uyghur_latin()
        self.stdout.write(f"ug_Latn: {django_entries} of Django's own entries converted from its ug catalogues")
        for locale in CATALOGS:
            todo = problems(locale)
            self.stdout.write(f"{locale}: {len(todo)} entries to translate or fix")
