"""Demo content of the search app: the starter list of search synonyms."""

from search.starter import load_starter_synonyms


def load(demo):
    created = load_starter_synonyms()
    if created:
        demo.log(f"  search: {created} synonym groups")
