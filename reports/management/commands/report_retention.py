"""Run daily (systemd timer): contact data of closed reports, expired unconfirmed ones."""

from django.core.management.base import BaseCommand

from reports import retention, services


class Command(BaseCommand):
    help = (
        "Remove reporters' contact data REPORTS_CONTACT_RETENTION_DAYS after a "
        "report was closed, and delete reports whose confirmation link expired."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what is due."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            due = retention.contact_due().count()
            self.stdout.write(f"contact data due for removal: {due} reports")
            return
        removed = retention.remove_contact_data()
        purged = services.purge_unconfirmed()
        self.stdout.write(
            f"contact data removed: {removed} reports; "
            f"unconfirmed reports deleted: {purged}"
        )
