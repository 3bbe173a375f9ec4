"""Results in tiers (words themselves, then compound parts, then synonyms):
every slice is right, and the first page of results asks no COUNT."""

import pytest

from search.query import TieredResults


class Tier(list):
    """A stand-in for search results: a list that counts its COUNT queries."""

    counted = 0

    def count(self):
        Tier.counted += 1
        return len(self)


@pytest.mark.parametrize(
    "sizes", [(0, 5), (3, 7), (12, 4), (0, 0, 3), (2, 0, 9), (15, 15, 15), (1, 1, 1)]
)
def test_every_slice_of_the_tiers(sizes):
    tiers = [[f"{tier}-{n}" for n in range(size)] for tier, size in enumerate(sizes)]
    everything = [item for tier in tiers for item in tier]
    for start in range(len(everything) + 3):
        for stop in range(start, len(everything) + 4):
            results = TieredResults([Tier(t) for t in tiers], len(everything))
            assert results[start:stop] == everything[start:stop], (start, stop)
    results = TieredResults([Tier(t) for t in tiers], len(everything))
    Tier.counted = 0
    assert results[0:10] == everything[:10]
    assert Tier.counted == 0
    assert len(results) == results.count() == len(everything)
    if everything:
        assert results[len(everything) - 1] == everything[-1]
