from django.core.management.base import BaseCommand, CommandError

from awaz.core.catalogs import CATALOGS, problems


class Command(BaseCommand):
    help = "List untranslated, fuzzy or placeholder-breaking entries; fails if there are any."

    def add_arguments(self, parser):
        parser.add_argument("locales", nargs="*", help="gettext locale names, e.g. fr zh_Hans ug_Latn (default: all)")

    def handle(self, *args, locales, **options):
        total = 0
        for locale in locales or CATALOGS:
            found = problems(locale)
            total += len(found)
            for line in found:
                self.stdout.write(f"{locale}: {line}")
        if total:
            raise CommandError(f"{total} catalogue problem(s)")
        self.stdout.write("All catalogues complete.")
