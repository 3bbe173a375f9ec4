"""Print success@5 and MRR@10 of the judged query sets (needs the demo)."""

from django.core.management.base import BaseCommand

from search.evaluation import JUDGED_SETS, evaluate_set, load_judgements


class Command(BaseCommand):
    help = "Measure search relevance (success@5, MRR@10) on the judged query sets."

    def add_arguments(self, parser):
        parser.add_argument(
            "--set",
            dest="sets",
            action="append",
            choices=sorted(JUDGED_SETS),
            help="Judged set to run (default: all of them).",
        )
        parser.add_argument("--file", help="A judged set in another file.")
        parser.add_argument(
            "--misses", action="store_true", help="List queries not ranked first."
        )

    def handle(self, *args, **options):
        if options["file"]:
            paths = {options["file"]: options["file"]}
        else:
            names = options["sets"] or sorted(JUDGED_SETS)
            paths = {name: JUDGED_SETS[name] for name in names}
        for name, path in paths.items():
            evaluation = evaluate_set(load_judgements(path))
            if options["misses"]:
                for result in evaluation.results:
                    if result.rank != 1:
                        j = result.judgement
                        self.stdout.write(
                            f"  {j.language} {j.query!r} ({j.kind}): rank "
                            f"{result.rank or '-'}; top: {result.top[:3]}"
                        )
            results = evaluation.results
            self.stdout.write(
                f"{name}: {len(results)} queries, {evaluation.first} with a correct "
                f"first hit, success@5 = {evaluation.success_at(5):.1%}, "
                f"MRR@10 = {evaluation.mrr:.4f}"
            )
