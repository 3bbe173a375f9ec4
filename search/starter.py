"""The starter list of search synonyms (``search/data/synonyms_<language>.txt``).

``manage.py load_starter_synonyms`` and ``load_demo`` create a synonym group
for every line unless a group of that language has exactly its words, so a
second run adds nothing. A group that editors changed (or deleted) no longer
has the line's words: run the command once when an installation is set up,
not again afterwards.
"""

from wagtail.models import Locale

from search.analysis import DATA
from search.models import SynonymGroup


def starter_groups(language):
    """The starter groups of a language, each a list of words."""
    path = DATA / f"synonyms_{language}.txt"
    if not path.exists():
        return []
    groups = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            groups.append([word.strip() for word in line.split(",") if word.strip()])
    return groups


def load_starter_synonyms():
    """Create the missing starter groups of every language; returns how many."""
    created = 0
    for locale in Locale.objects.all():
        existing = {
            tuple(sorted(term.lower() for term in group.term_list()))
            for group in SynonymGroup.objects.filter(locale=locale)
        }
        for words in starter_groups(locale.language_code):
            key = tuple(sorted(word.lower() for word in words))
            if key not in existing:
                SynonymGroup.objects.create(locale=locale, terms=", ".join(words))
                existing.add(key)
                created += 1
    return created
