"""Run daily (cron or systemd timer): pseudonymise consultations past retention."""

from django.core.management.base import BaseCommand

from consultations.retention import due_consultations, pseudonymise


class Command(BaseCommand):
    help = "Pseudonymise personal data of consultations whose retention period ended."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list what is due."
        )

    def handle(self, *args, dry_run=False, **options):
        for page in due_consultations():
            if dry_run:
                self.stdout.write(f"due: {page.pk} {page.title}")
                continue
            count = pseudonymise(page)
            self.stdout.write(f"{page.title}: {count} responses pseudonymised")
