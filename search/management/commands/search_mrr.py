"""Print the mean reciprocal rank of the judged query set (needs the demo)."""

from django.core.management.base import BaseCommand

from search.evaluation import DEFAULT_JUDGEMENTS, evaluate, load_judgements


class Command(BaseCommand):
    help = "Measure search relevance (MRR@10) on the judged query set."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEFAULT_JUDGEMENTS))
        parser.add_argument(
            "--misses", action="store_true", help="List queries not ranked first."
        )

    def handle(self, *args, **options):
        judgements = load_judgements(options["file"])
        mrr, results = evaluate(judgements)
        if options["misses"]:
            for result in results:
                if result.rank != 1:
                    j = result.judgement
                    self.stdout.write(
                        f"{j.language} {j.query!r} ({j.kind}): rank "
                        f"{result.rank or '-'}; top: {result.top[:3]}"
                    )
        first = sum(1 for result in results if result.rank == 1)
        self.stdout.write(
            f"{len(results)} queries, {first} with a correct first hit, "
            f"MRR@10 = {mrr:.4f}"
        )
