from django.core.management.base import BaseCommand, CommandError

from awaz.outcomes.package import package_build
from awaz.petitions.models import Petition


class Command(BaseCommand):
    help = "Write a signed delivery package (PDF, CSV, manifest) for the petition SLUG."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--out", help="Folder to write into (default: <data dir>/deliveries).")
        parser.add_argument("--language", help="Language of the PDF's headings (default: the petition's original).")

    def handle(self, *args, slug, out=None, language=None, **options):
        petition = Petition.objects.select_related("organization").filter(slug=slug).first()
        if petition is None:
            raise CommandError(f"No petition with the slug {slug!r}.")
        package = package_build(petition=petition, out_dir=out, language=language)
        self.stdout.write(str(package.directory))
