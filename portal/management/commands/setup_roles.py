"""Create or update the editorial groups, permissions and workflows (idempotent).

Production runs ``python manage.py setup_roles`` after every deployment; it
picks up section pages added since the last run. See docs/workflows.md.
"""

from django.core.management.base import BaseCommand

from portal.roles import setup_roles


class Command(BaseCommand):
    help = "Create or update editorial groups, page permissions and workflows."

    def handle(self, *args, **options):
        report = setup_roles()
        for message in report.messages:
            self.stdout.write(f"  {message}")
        self.stdout.write(self.style.SUCCESS("Roles and workflows are up to date."))
