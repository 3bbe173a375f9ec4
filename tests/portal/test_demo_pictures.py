"""The demo's illustrations (portal.demo_pictures): one per subject, the same for
a seed, different between subjects; every drawn picture the demo data asks for
names a subject the generator knows."""

import hashlib
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from portal import demo_pictures
from portal.demo_loader import ImageRef, _Loader


def digest(image):
    return hashlib.sha256(image.tobytes()).hexdigest()


def test_every_subject_draws_a_picture_of_its_own():
    hashes = {}
    for subject in demo_pictures.SUBJECTS:
        image = demo_pictures.draw(subject, seed=1)
        assert image.size == (demo_pictures.WIDTH, demo_pictures.HEIGHT)
        # Not a flat placeholder: a picture has many colours.
        assert len(image.resize((160, 90)).getcolors(160 * 90)) > 300
        hashes[subject] = digest(image.resize((160, 90)))
    assert len(set(hashes.values())) == len(hashes)


def test_the_same_seed_gives_the_same_picture_and_another_seed_another():
    assert demo_pictures.jpeg("church", 7) == demo_pictures.jpeg("church", 7)
    assert digest(demo_pictures.draw("church", 7)) != digest(
        demo_pictures.draw("church", 8)
    )
    assert digest(demo_pictures.draw("church", 7)) != digest(
        demo_pictures.draw("church", 7, sky="evening")
    )


def test_an_unknown_subject_or_sky_is_refused():
    with pytest.raises(ValueError, match="unknown picture subject 'castle'"):
        demo_pictures.draw("castle", 1)
    with pytest.raises(ValueError, match="unknown sky 'night'"):
        demo_pictures.draw("lake", 1, sky="night")


def _image_specs(value):
    if isinstance(value, ImageRef):
        yield value.value
    elif isinstance(value, list):
        for item in value:
            yield from _image_specs(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _image_specs(item)


def test_every_drawn_demo_picture_names_a_known_subject():
    """Reads the demo data files (not the database): a typo in a subject stops
    here rather than in the middle of ``load_demo``."""
    base = Path(settings.BASE_DIR)
    files = sorted(base.glob("*/demo/**/*.yaml"))
    assert files
    specs = [
        spec
        for path in files
        for spec in _image_specs(yaml.load(path.read_text(), Loader=_Loader))  # noqa: S506 - our own loader, safe tags only
        if isinstance(spec, dict) and "file" not in spec
    ]
    assert len(specs) > 30
    for spec in specs:
        assert spec.get("subject") in demo_pictures.SUBJECTS, spec
        assert spec.get("sky", "day") in demo_pictures.SKIES, spec
        assert spec.get("alt"), spec


@pytest.mark.parametrize("size", [(1600, 454), (1200, 190), (7, 3), (1, 900)])
def test_the_gradient_is_the_scaled_square_of_pillow(size):
    from PIL import Image

    square = Image.linear_gradient("L").resize(size, Image.BILINEAR)
    assert demo_pictures._gradient_mask(*size).tobytes() == square.tobytes()
