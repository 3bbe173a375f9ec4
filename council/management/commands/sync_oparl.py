"""``manage.py sync_oparl [system-url]``: mirror a council information system (OParl)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from council.oparl import OParlError, sync


class Command(BaseCommand):
    help = (
        "Synchronise council data from an OParl 1.1 endpoint (incremental, resumable)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "system_url",
            nargs="?",
            help="URL of the OParl System object (default: settings.OPARL_SYSTEM_URL)",
        )

    def handle(self, *args, system_url=None, **options):
        system_url = system_url or getattr(settings, "OPARL_SYSTEM_URL", "")
        if not system_url:
            raise CommandError("Give the OParl system URL or set OPARL_SYSTEM_URL.")
        try:
            report = sync(system_url)
        except OParlError as error:
            raise CommandError(
                f"Synchronisation stopped: {error}. Complete pages were kept; "
                "the next run resumes where this one stopped."
            ) from error
        for list_url, count in report:
            self.stdout.write(f"{count:6d}  {list_url}")
        self.stdout.write(self.style.SUCCESS("OParl synchronisation complete."))
