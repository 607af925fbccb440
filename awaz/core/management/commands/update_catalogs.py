from django.core.management.base import BaseCommand

from awaz.core.catalogs import CATALOGS, extract, problems


class Command(BaseCommand):
    help = "Extract interface strings into every language's catalogue (keeps existing translations)."

    def handle(self, *args, **options):
        extract()
        for locale in CATALOGS:
            todo = problems(locale)
            self.stdout.write(f"{locale}: {len(todo)} entries to translate or fix")
