"""Run every few minutes with ``publish_scheduled``: tell participants about
results whose publication date has been reached since the page was published."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from wagtail.models import Locale

from consultations.models import ConsultationPage, ResultsNotice
from consultations.services import notify_results


class Command(BaseCommand):
    help = "Send the 'results are out' e-mails of consultations not notified yet."

    def handle(self, *args, **options):
        notified = ResultsNotice.objects.values_list("consultation_id", flat=True)
        due = (
            ConsultationPage.objects.live()
            .filter(
                locale=Locale.get_default(),
                results_published_at__lte=timezone.now(),
            )
            .exclude(pk__in=notified)
        )
        for page in due:
            count = notify_results(page)
            self.stdout.write(f"{page.title}: {count} participants notified")
