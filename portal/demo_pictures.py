"""Illustrations for the demo content, drawn locally with Pillow.

No photos are downloaded or shipped: every demo picture is drawn from its
*subject* (``church``, ``lake``, ``market`` …) with a seed, so the same title gives
the same picture in every database. A subject is one function below that composes
a small scene vocabulary (sky, hills, water, trees, houses, small figures, props);
``SUBJECTS`` maps the names used in the demo YAML (``!image {subject: church}``)
to them. To add a subject, write ``def _my_subject(c)`` from the primitives and
add it to ``SUBJECTS`` (docs/content.md, "Demo pictures").
"""

import functools
import io
import math
import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1600, 900

# Times of day: sky top, sky bottom, sun, light tint of the far hills.
SKIES = {
    "day": ((92, 150, 214), (206, 226, 240), (255, 240, 190), (170, 196, 200)),
    "morning": ((120, 160, 210), (246, 222, 196), (255, 226, 170), (186, 196, 196)),
    "evening": ((70, 86, 150), (246, 170, 120), (255, 200, 120), (150, 130, 150)),
}


# The scene's light by time of day: a factor per colour channel (red, green, blue).
LIGHT = {"day": (1, 1, 1), "morning": (1, 0.97, 0.93), "evening": (1, 0.88, 0.8)}


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _shade(colour, factor):
    return tuple(max(0, min(255, round(x * factor))) for x in colour)


@functools.cache
def _gradient_mask(width, height):
    """Black at the top to white at the bottom (read only, never drawn on).
    Every row of Pillow's gradient is one value, so one column is scaled and
    widened: the same pixels as scaling the whole square, a seventh of the CPU."""
    column = Image.linear_gradient("L").resize((1, height), Image.BILINEAR)
    return column.resize((width, height), Image.NEAREST)


@functools.cache
def _light(sky):
    """The soft vignette tinted with the light of ``sky`` (the same for every
    picture of that sky; read only)."""
    vignette = Image.new("L", (WIDTH // 16, HEIGHT // 16), 190)
    ImageDraw.Draw(vignette).ellipse(
        [-10, -8, WIDTH // 16 + 10, HEIGHT // 16 + 8], fill=255
    )
    vignette = vignette.filter(ImageFilter.GaussianBlur(8)).resize(
        (WIDTH, HEIGHT), Image.BILINEAR
    )
    tint = LIGHT[sky]
    return Image.merge(
        "RGB", [vignette.point(lambda v, f=f: round(v * f)) for f in tint]
    )


class Canvas:
    """The picture being drawn, its random source and the scene's light."""

    def __init__(self, rng, sky="day"):
        self.rng = rng
        self.sky_name = sky
        self.image = Image.new("RGB", (WIDTH, HEIGHT))
        self.draw = ImageDraw.Draw(self.image, "RGBA")
        self.horizon = HEIGHT // 2

    # --- ground and sky ------------------------------------------------------------
    def gradient(self, box, top, bottom):
        x0, y0, x1, y1 = (round(v) for v in box)
        if x1 <= x0 or y1 <= y0:
            return
        mask = _gradient_mask(x1 - x0, y1 - y0)
        # What ``Image.composite`` of the two colours does, without the bands.
        self.image.paste(top, (x0, y0, x1, y1))
        self.image.paste(bottom, (x0, y0, x1, y1), mask)

    def sky(self, horizon):
        top, bottom, sun, _ = SKIES[self.sky_name]
        self.horizon = horizon
        self.gradient((0, 0, WIDTH, horizon + 4), top, bottom)
        x = self.rng.randint(250, WIDTH - 250)
        if self.sky_name == "evening":  # a low sun
            y = self.rng.randint(horizon - 150, horizon - 90)
        else:
            y = self.rng.randint(90, max(100, horizon // 2))
        for radius, alpha in ((260, 24), (170, 40), (110, 70)):
            self.draw.ellipse(
                [x - radius, y - radius, x + radius, y + radius], fill=(*sun, alpha)
            )
        self.draw.ellipse([x - 62, y - 62, x + 62, y + 62], fill=sun)
        for _ in range(self.rng.randint(2, 4)):
            self.cloud(self.rng.randint(0, WIDTH), self.rng.randint(40, horizon // 2))

    def cloud(self, x, y):
        scale = self.rng.uniform(0.7, 1.4)
        for dx, dy, r in ((0, 0, 46), (50, -22, 58), (108, 0, 44), (54, 12, 50)):
            r = r * scale
            self.draw.ellipse(
                [
                    x + dx * scale - r,
                    y + dy * scale - r,
                    x + dx * scale + r,
                    y + dy * scale + r,
                ],
                fill=(255, 255, 255, 150),
            )

    def hills(self, colour, layers=3, height=120):
        """Rolling hills behind the horizon, paler (further away) at the back."""
        haze = SKIES[self.sky_name][3]
        for layer in range(layers):
            tint = _mix(colour, haze, 0.6 - layer * 0.22)
            base = self.horizon + 2
            points = [(0, base)]
            phase = self.rng.uniform(0, 6.28)
            amp = height * (1 - layer * 0.25)
            for x in range(0, WIDTH + 80, 80):
                wave = (
                    0.55 + 0.3 * _sin(x / 310 + phase) + 0.15 * _sin(x / 97 + phase * 2)
                )
                points.append((x, base - amp * wave * 0.8 - 10))
            points.append((WIDTH, base))
            self.draw.polygon(points, fill=tint)

    def treeline(self, colour, y=None, density=26):
        """A band of far trees on the horizon."""
        y = self.horizon if y is None else y
        haze = SKIES[self.sky_name][3]
        tint = _mix(colour, haze, 0.35)
        for _ in range(density):
            x = self.rng.randint(-40, WIDTH + 40)
            r = self.rng.randint(24, 52)
            self.draw.ellipse([x - r, y - r * 1.6, x + r, y + 6], fill=tint)

    def ground(self, top, bottom, y=None):
        y = self.horizon if y is None else y
        self.gradient((0, y, WIDTH, HEIGHT), top, bottom)

    def water(self, y0, y1=HEIGHT):
        top, bottom, sun, _ = SKIES[self.sky_name]
        self.gradient(
            (0, y0, WIDTH, y1), _mix(bottom, (60, 110, 150), 0.45), (34, 78, 118)
        )
        for _ in range(70):
            y = self.rng.uniform(y0 + 6, y1)
            depth = (y - y0) / max(1, y1 - y0)
            x = self.rng.randint(0, WIDTH)
            length = 30 + 160 * depth
            self.draw.line(
                [(x, y), (x + length, y)],
                fill=(*_mix(sun, (255, 255, 255), 0.5), 60 + round(60 * depth)),
                width=2 + round(2 * depth),
            )

    def field_rows(self, y0, colour, row_colour, rows=14):
        """A field in perspective: stripes converging on the horizon."""
        self.gradient((0, y0, WIDTH, HEIGHT), _shade(colour, 0.92), colour)
        vanish = WIDTH * self.rng.uniform(0.35, 0.65)
        for n in range(-rows, rows * 2):
            x = n * WIDTH / rows
            self.draw.line([(vanish, y0), (x, HEIGHT)], fill=(*row_colour, 90), width=5)

    def path(self, x_far, x_near, width_far, width_near, colour, y0=None):
        y0 = self.horizon if y0 is None else y0
        self.draw.polygon(
            [
                (x_far - width_far, y0),
                (x_far + width_far, y0),
                (x_near + width_near, HEIGHT),
                (x_near - width_near, HEIGHT),
            ],
            fill=colour,
        )

    # --- things ---------------------------------------------------------------------
    def shadow(self, x, y, width, height=None):
        height = height or width * 0.16
        self.draw.ellipse(
            [x - width / 2, y - height / 2, x + width / 2, y + height / 2],
            fill=(0, 30, 0, 60),
        )

    def tree(self, x, base, size, kind="round", colour=(58, 112, 56)):
        self.shadow(x + size * 0.25, base, size * 1.3)
        trunk = (96, 70, 48)
        self.draw.rectangle(
            [x - size * 0.07, base - size * 0.9, x + size * 0.07, base], fill=trunk
        )
        if kind == "conifer":
            for n in range(3):
                top = base - size * (1.9 - n * 0.35)
                half = size * (0.32 + n * 0.12)
                bottom = base - size * (0.95 - n * 0.3)
                self.draw.polygon(
                    [(x, top), (x + half, bottom), (x - half, bottom)],
                    fill=_shade(colour, 0.8 + n * 0.08),
                )
            return
        for dx, dy, r, f in (
            (0, -1.25, 0.55, 0.85),
            (-0.3, -1.0, 0.42, 0.9),
            (0.3, -1.05, 0.44, 0.8),
            (-0.12, -1.45, 0.36, 1.05),
            (0.15, -1.35, 0.3, 1.15),
        ):
            cx, cy, rr = x + dx * size, base + dy * size, r * size
            self.draw.ellipse(
                [cx - rr, cy - rr, cx + rr, cy + rr], fill=_shade(colour, f)
            )

    def trees(self, count, y0, y1, kind="round", colour=(58, 112, 56), avoid=()):
        spots = []
        for _ in range(count):
            x = self.rng.randint(-30, WIDTH + 30)
            if any(a <= x <= b for a, b in avoid):
                continue
            spots.append((self.rng.uniform(y0, y1), x))
        for base, x in sorted(spots):
            scale = 0.4 + 0.6 * (base - self.horizon) / max(1, HEIGHT - self.horizon)
            self.tree(x, base, 120 * scale + self.rng.randint(0, 30), kind, colour)

    def house(
        self,
        x,
        base,
        width,
        height,
        wall=(232, 220, 196),
        roof=(160, 62, 48),
        timber=None,
        windows=2,
        door=True,
        roof_height=None,
    ):
        """A gabled house seen from the front, with a darker side wall."""
        roof_height = roof_height or height * 0.8
        side = width * 0.28
        self.shadow(x + width / 2 + side / 2, base, width * 1.5)
        self.draw.polygon(
            [
                (x + width, base),
                (x + width + side, base - side * 0.25),
                (x + width + side, base - height - side * 0.25),
                (x + width, base - height),
            ],
            fill=_shade(wall, 0.72),
        )
        self.draw.polygon(
            [
                (x + width, base - height),
                (x + width + side, base - height - side * 0.25),
                (x + width / 2 + side, base - height - roof_height - side * 0.25),
                (x + width / 2, base - height - roof_height),
            ],
            fill=_shade(roof, 0.8),
        )
        self.draw.rectangle([x, base - height, x + width, base], fill=wall)
        self.draw.polygon(
            [
                (x - width * 0.04, base - height),
                (x + width * 1.04, base - height),
                (x + width / 2, base - height - roof_height),
            ],
            fill=roof,
        )
        if timber:
            beam = max(3, round(width / 40))
            for fx in (0, 0.25, 0.5, 0.75, 1):
                bx = x + width * fx
                self.draw.line(
                    [(bx, base - height), (bx, base)], fill=timber, width=beam
                )
            self.draw.line(
                [(x, base - height / 2), (x + width, base - height / 2)],
                fill=timber,
                width=beam,
            )
            for fx in (0, 0.5):
                self.draw.line(
                    [
                        (x + width * fx, base - height / 2),
                        (x + width * (fx + 0.25), base - height),
                    ],
                    fill=timber,
                    width=beam,
                )
        glass = (214, 230, 236)
        win = width / (windows * 2 + 1)
        for n in range(windows):
            wx = x + win * (1 + 2 * n)
            for row in (0.25, 0.62) if height > width * 0.5 else (0.35,):
                wy = base - height + height * row * 0.8
                self.draw.rectangle([wx, wy, wx + win, wy + win * 1.1], fill=glass)
                self.draw.line(
                    [(wx + win / 2, wy), (wx + win / 2, wy + win * 1.1)],
                    fill=_shade(wall, 0.6),
                    width=3,
                )
        if door:
            dw = width * 0.16
            self.draw.rectangle(
                [
                    x + width / 2 - dw / 2,
                    base - height * 0.42,
                    x + width / 2 + dw / 2,
                    base,
                ],
                fill=_shade(roof, 0.55),
            )

    def church(self, x, base, scale=1.0, brick=(168, 74, 52)):
        nave_w, nave_h = 360 * scale, 170 * scale
        self.house(
            x,
            base,
            nave_w,
            nave_h,
            wall=brick,
            roof=(70, 74, 82),
            windows=0,
            door=False,
        )
        for n in range(3):
            wx = x + nave_w * (0.22 + 0.26 * n)
            self.draw.rounded_rectangle(
                [wx, base - nave_h * 0.8, wx + 30 * scale, base - nave_h * 0.2],
                radius=14 * scale,
                fill=(226, 214, 170),
            )
        tw, th = 110 * scale, 330 * scale
        tx = x - tw * 0.6
        self.draw.rectangle(
            [tx + tw, base - th - 8 * scale, tx + tw * 1.22, base],
            fill=_shade(brick, 0.7),
        )
        self.draw.rectangle([tx, base - th, tx + tw, base], fill=_shade(brick, 1.05))
        for level in range(1, 4):
            y = base - th * level / 4
            self.draw.line([(tx, y), (tx + tw, y)], fill=_shade(brick, 0.8), width=4)
        self.draw.rounded_rectangle(
            [tx + tw * 0.3, base - th * 0.9, tx + tw * 0.7, base - th * 0.78],
            radius=10 * scale,
            fill=(40, 40, 44),
        )
        self.draw.rounded_rectangle(
            [tx + tw * 0.32, base - th * 0.22, tx + tw * 0.68, base],
            radius=20 * scale,
            fill=(80, 52, 38),
        )
        self.draw.polygon(
            [
                (tx - 8 * scale, base - th),
                (tx + tw + 8 * scale, base - th),
                (tx + tw / 2, base - th - 200 * scale),
            ],
            fill=(62, 110, 98),
        )
        self.draw.polygon(
            [
                (tx + tw / 2, base - th - 200 * scale),
                (tx + tw + 8 * scale, base - th),
                (tx + tw / 2, base - th),
            ],
            fill=(50, 92, 82),
        )
        cx = tx + tw / 2
        top = base - th - 200 * scale
        self.draw.line(
            [(cx, top), (cx, top - 40 * scale)], fill=(200, 170, 80), width=5
        )
        self.draw.line(
            [(cx - 14 * scale, top - 26 * scale), (cx + 14 * scale, top - 26 * scale)],
            fill=(200, 170, 80),
            width=5,
        )

    def boat(self, x, y, size, colour=(214, 72, 60), sail=True):
        self.draw.polygon(
            [
                (x - size, y - size * 0.22),
                (x + size, y - size * 0.22),
                (x + size * 0.7, y + size * 0.08),
                (x - size * 0.75, y + size * 0.08),
            ],
            fill=colour,
        )
        self.draw.line(
            [(x - size * 0.8, y + size * 0.14), (x + size * 0.8, y + size * 0.14)],
            fill=(255, 255, 255, 90),
            width=3,
        )
        if sail:
            self.draw.line(
                [(x, y - size * 0.22), (x, y - size * 1.6)], fill=(90, 70, 50), width=4
            )
            self.draw.polygon(
                [
                    (x + 4, y - size * 1.55),
                    (x + 4, y - size * 0.3),
                    (x + size * 0.8, y - size * 0.3),
                ],
                fill=(250, 248, 240),
            )
            self.draw.polygon(
                [
                    (x - 4, y - size * 1.3),
                    (x - 4, y - size * 0.3),
                    (x - size * 0.55, y - size * 0.3),
                ],
                fill=(236, 232, 220),
            )

    def jetty(self, x, y, length, width=70):
        wood = (150, 112, 76)
        self.draw.polygon(
            [
                (x - width * 0.3, y),
                (x + width * 0.3, y),
                (x + width, y + length),
                (x - width, y + length),
            ],
            fill=wood,
        )
        for n in range(1, 14):
            t = n / 14
            yy = y + length * t
            half = width * (0.3 + 0.7 * t)
            self.draw.line(
                [(x - half, yy), (x + half, yy)], fill=_shade(wood, 0.75), width=2
            )
        for side in (-1, 1):
            for t in (0.1, 0.45, 0.9):
                px = x + side * width * (0.3 + 0.7 * t)
                py = y + length * t
                self.draw.rectangle(
                    [px - 5, py, px + 5, py + 20 + 30 * t], fill=_shade(wood, 0.6)
                )

    def cow(self, x, y, size, facing=1):
        white, black = (245, 244, 238), (40, 38, 36)
        self.shadow(x, y + size * 0.55, size * 1.6)
        for lx in (-0.45, -0.25, 0.3, 0.5):
            self.draw.rectangle(
                [
                    x + lx * size * facing - 5,
                    y,
                    x + lx * size * facing + 5,
                    y + size * 0.5,
                ],
                fill=(70, 64, 60),
            )
        self.draw.rounded_rectangle(
            [x - size * 0.65, y - size * 0.45, x + size * 0.65, y + size * 0.12],
            radius=size * 0.2,
            fill=white,
        )
        for _ in range(3):
            sx = x + self.rng.uniform(-0.5, 0.4) * size
            sy = y + self.rng.uniform(-0.35, -0.05) * size
            r = self.rng.uniform(0.1, 0.18) * size
            self.draw.ellipse([sx - r, sy - r * 0.8, sx + r, sy + r * 0.8], fill=black)
        hx = x + size * 0.72 * facing
        self.draw.ellipse(
            [hx - size * 0.2, y - size * 0.55, hx + size * 0.2, y - size * 0.15],
            fill=white,
        )
        self.draw.ellipse(
            [
                hx - size * 0.14 + facing * size * 0.06,
                y - size * 0.3,
                hx + size * 0.14 + facing * size * 0.06,
                y - size * 0.1,
            ],
            fill=(226, 170, 160),
        )

    def bicycle(self, x, y, size, frame=(30, 110, 170)):
        r = size * 0.32
        for wx in (x - size * 0.42, x + size * 0.42):
            self.draw.ellipse(
                [wx - r, y - r, wx + r, y + r],
                outline=(40, 40, 40),
                width=max(3, round(size / 30)),
            )
        back, front = (x - size * 0.42, y), (x + size * 0.42, y)
        pedal = (x - size * 0.05, y)
        seat = (x - size * 0.15, y - size * 0.42)
        bar = (x + size * 0.3, y - size * 0.48)
        w = max(3, round(size / 25))
        for a, b in (
            (back, pedal),
            (pedal, seat),
            (seat, back),
            (seat, (bar[0] - size * 0.02, bar[1] + size * 0.08)),
            ((bar[0] - size * 0.02, bar[1] + size * 0.08), pedal),
            (bar, front),
        ):
            self.draw.line([a, b], fill=frame, width=w)
        self.draw.line(
            [
                (seat[0] - size * 0.08, seat[1] - 4),
                (seat[0] + size * 0.06, seat[1] - 4),
            ],
            fill=(30, 30, 30),
            width=w + 2,
        )
        self.draw.line(
            [
                (bar[0] - size * 0.05, bar[1]),
                (bar[0] + size * 0.08, bar[1] - size * 0.04),
            ],
            fill=(30, 30, 30),
            width=w,
        )

    def tent(self, x, base, width, height, colour):
        self.shadow(x + width / 2, base, width * 1.2)
        self.draw.polygon(
            [(x, base), (x + width / 2, base - height), (x + width, base)], fill=colour
        )
        self.draw.polygon(
            [
                (x + width / 2, base - height),
                (x + width, base),
                (x + width * 1.2, base - height * 0.1),
                (x + width * 0.7, base - height * 1.05),
            ],
            fill=_shade(colour, 0.75),
        )
        self.draw.polygon(
            [
                (x + width * 0.4, base),
                (x + width / 2, base - height * 0.55),
                (x + width * 0.6, base),
            ],
            fill=_shade(colour, 0.45),
        )

    def stall(self, x, base, width, stripes, goods):
        """A market stall with a striped awning and crates of produce."""
        height = width * 0.75
        self.shadow(x + width / 2, base, width * 1.3)
        for px in (x + 6, x + width - 6):
            self.draw.line(
                [(px, base), (px, base - height)], fill=(110, 86, 60), width=6
            )
        n = 6
        for i in range(n):
            self.draw.polygon(
                [
                    (x - 10 + (width + 20) * i / n, base - height),
                    (x - 10 + (width + 20) * (i + 1) / n, base - height),
                    (x - 10 + (width + 20) * (i + 1) / n, base - height + 40),
                    (x - 10 + (width + 20) * i / n, base - height + 40),
                ],
                fill=stripes[i % 2],
            )
            self.draw.pieslice(
                [
                    x - 10 + (width + 20) * i / n,
                    base - height + 24,
                    x - 10 + (width + 20) * (i + 1) / n,
                    base - height + 56,
                ],
                0,
                180,
                fill=stripes[i % 2],
            )
        self.draw.rectangle(
            [x, base - height * 0.38, x + width, base], fill=(150, 110, 72)
        )
        self.draw.line(
            [(x, base - height * 0.38), (x + width, base - height * 0.38)],
            fill=(120, 86, 56),
            width=6,
        )
        self.crates(x + 8, base - height * 0.38, width - 16, goods)

    def crates(self, x, top, width, goods, count=3):
        cw = width / count
        for n in range(count):
            cx = x + cw * n + 4
            self.draw.rectangle(
                [cx, top - cw * 0.4, cx + cw - 8, top], fill=(196, 150, 96)
            )
            self.draw.line(
                [(cx, top - cw * 0.2), (cx + cw - 8, top - cw * 0.2)],
                fill=(160, 116, 70),
                width=3,
            )
            colour = goods[n % len(goods)]
            r = cw / 9
            for row in range(2):
                for k in range(4):
                    gx = cx + r * 1.2 + k * r * 2.0 + row * r
                    gy = top - cw * 0.4 - row * r * 1.2
                    if gx + r < cx + cw - 8:
                        self.draw.ellipse(
                            [gx - r, gy - r, gx + r, gy + r],
                            fill=_shade(colour, 0.9 + 0.1 * row),
                        )

    def windmill(self, x, base, scale=1.0):
        body = (236, 228, 210)
        self.shadow(x, base, 220 * scale)
        self.draw.polygon(
            [
                (x - 70 * scale, base),
                (x + 70 * scale, base),
                (x + 40 * scale, base - 260 * scale),
                (x - 40 * scale, base - 260 * scale),
            ],
            fill=body,
        )
        self.draw.polygon(
            [
                (x + 20 * scale, base),
                (x + 70 * scale, base),
                (x + 40 * scale, base - 260 * scale),
                (x + 12 * scale, base - 260 * scale),
            ],
            fill=_shade(body, 0.8),
        )
        self.draw.pieslice(
            [x - 55 * scale, base - 320 * scale, x + 55 * scale, base - 210 * scale],
            180,
            360,
            fill=(110, 70, 50),
        )
        hub = (x, base - 270 * scale)
        angle = self.rng.uniform(0, 1.5)
        for k in range(4):
            a = angle + k * 1.5708
            tip = (hub[0] + 230 * scale * _cos(a), hub[1] + 230 * scale * _sin(a))
            side = (
                hub[0] + 230 * scale * _cos(a + 0.16),
                hub[1] + 230 * scale * _sin(a + 0.16),
            )
            mid = (
                hub[0] + 60 * scale * _cos(a + 0.3),
                hub[1] + 60 * scale * _sin(a + 0.3),
            )
            self.draw.line([hub, tip], fill=(90, 64, 46), width=round(8 * scale))
            self.draw.polygon(
                [
                    mid,
                    (hub[0] + 60 * scale * _cos(a), hub[1] + 60 * scale * _sin(a)),
                    tip,
                    side,
                ],
                fill=(246, 242, 232, 230),
            )
        self.draw.ellipse(
            [
                hub[0] - 12 * scale,
                hub[1] - 12 * scale,
                hub[0] + 12 * scale,
                hub[1] + 12 * scale,
            ],
            fill=(60, 44, 34),
        )
        self.draw.rectangle(
            [x - 16 * scale, base - 70 * scale, x + 16 * scale, base], fill=(90, 60, 44)
        )

    def people(self, count, y0, y1, avoid=()):
        """Small figures (shapes only) that make a place look lived in."""
        colours = [
            (200, 70, 60),
            (60, 110, 170),
            (230, 180, 60),
            (80, 140, 90),
            (150, 90, 150),
            (240, 240, 240),
        ]
        spots = sorted(
            (self.rng.uniform(y0, y1), self.rng.randint(40, WIDTH - 40))
            for _ in range(count)
        )
        for y, x in spots:
            if any(a <= x <= b for a, b in avoid):
                continue
            s = 0.5 + 0.7 * (y - self.horizon) / max(1, HEIGHT - self.horizon)
            body = self.rng.choice(colours)
            self.shadow(x, y, 40 * s)
            self.draw.rectangle(
                [x - 7 * s, y - 34 * s, x - 2 * s, y], fill=(50, 50, 70)
            )
            self.draw.rectangle(
                [x + 2 * s, y - 34 * s, x + 7 * s, y], fill=(50, 50, 70)
            )
            self.draw.rounded_rectangle(
                [x - 12 * s, y - 78 * s, x + 12 * s, y - 30 * s],
                radius=8 * s,
                fill=body,
            )
            self.draw.ellipse(
                [x - 10 * s, y - 100 * s, x + 10 * s, y - 78 * s], fill=(232, 196, 170)
            )

    def bunting(self, x0, y0, x1, y1, sag=40):
        colours = [(220, 70, 60), (240, 200, 60), (60, 140, 200), (90, 170, 90)]
        steps = 14
        for n in range(steps):
            t0, t1 = n / steps, (n + 1) / steps
            p0 = (x0 + (x1 - x0) * t0, y0 + (y1 - y0) * t0 + sag * 4 * t0 * (1 - t0))
            p1 = (x0 + (x1 - x0) * t1, y0 + (y1 - y0) * t1 + sag * 4 * t1 * (1 - t1))
            self.draw.line([p0, p1], fill=(80, 80, 80), width=2)
            self.draw.polygon(
                [p0, p1, ((p0[0] + p1[0]) / 2, (p0[1] + p1[1]) / 2 + 34)],
                fill=colours[n % 4],
            )

    def finish(self):
        """Grain and a soft vignette, so the flat shapes read as an illustration."""
        size = (WIDTH // 3, HEIGHT // 3)
        grain = Image.frombytes("L", size, self.rng.randbytes(size[0] * size[1]))
        grain = Image.blend(Image.new("L", size, 128), grain, 0.06).resize(
            (WIDTH, HEIGHT), Image.BILINEAR
        )
        grain = Image.merge("RGB", (grain, grain, grain))
        image = ImageChops.add(self.image, grain, scale=1.0, offset=-128)
        return ImageChops.multiply(image, _light(self.sky_name))


_sin, _cos = math.sin, math.cos


GRASS = ((122, 170, 82), (70, 126, 52))
FOREST = (46, 98, 58)


# --- subjects -----------------------------------------------------------------------
def _lake(c):
    c.sky(c.rng.randint(380, 440))
    c.hills((96, 140, 90), layers=2, height=80)
    c.treeline(FOREST)
    c.water(c.horizon)
    c.jetty(c.rng.randint(900, 1200), c.horizon + 200, HEIGHT - c.horizon - 180)
    c.boat(c.rng.randint(300, 600), c.horizon + 90, 70, sail=True)
    c.boat(c.rng.randint(1300, 1450), c.horizon + 50, 40, colour=(240, 240, 236))
    c.draw.polygon(
        [(0, HEIGHT), (0, c.horizon + 330), (260, c.horizon + 380), (420, HEIGHT)],
        fill=GRASS[1],
    )
    c.tree(120, HEIGHT - 20, 200, colour=(60, 118, 60))


def _beach(c):
    c.sky(c.rng.randint(380, 430))
    c.treeline(FOREST)
    c.water(c.horizon, c.horizon + 260)
    c.gradient((0, c.horizon + 260, WIDTH, HEIGHT), (236, 214, 160), (214, 188, 136))
    for x, colour in (
        (420, (230, 80, 70)),
        (980, (60, 140, 200)),
        (1320, (240, 200, 70)),
    ):
        x += c.rng.randint(-60, 60)
        base = c.horizon + 420
        c.draw.line([(x, base), (x, base - 220)], fill=(240, 240, 240), width=8)
        c.draw.pieslice(
            [x - 150, base - 300, x + 150, base - 150], 180, 360, fill=colour
        )
        c.shadow(x + 20, base + 10, 300, 50)
    c.people(5, c.horizon + 300, HEIGHT - 60)
    c.boat(c.rng.randint(200, 700), c.horizon + 120, 50)


def _church(c):
    c.sky(c.rng.randint(560, 620))
    c.hills((110, 150, 90), layers=2, height=90)
    c.ground(*GRASS)
    c.trees(4, c.horizon + 10, c.horizon + 40, avoid=((420, 1100),))
    c.church(c.rng.randint(620, 760), c.horizon + 40, scale=1.0)
    c.path(820, 980, 30, 180, (196, 180, 150), y0=c.horizon + 40)
    c.trees(3, HEIGHT - 120, HEIGHT - 10, avoid=((400, 1300),))


def _village(c):
    c.sky(c.rng.randint(460, 520))
    c.hills((110, 150, 90), layers=2, height=80)
    c.ground(*GRASS)
    c.path(800, 800, 60, 500, (190, 176, 150), y0=c.horizon + 120)
    walls = [(240, 230, 205), (230, 210, 180), (250, 244, 230), (220, 200, 170)]
    x = c.rng.randint(-80, 40)
    while x < WIDTH:
        width = c.rng.randint(230, 300)
        c.house(
            x,
            c.horizon + 120,
            width,
            c.rng.randint(150, 190),
            wall=c.rng.choice(walls),
            roof=c.rng.choice([(160, 62, 48), (130, 56, 44), (150, 90, 60)]),
            timber=(80, 56, 40),
            windows=2,
        )
        x += width + c.rng.randint(90, 150)
    c.trees(4, HEIGHT - 80, HEIGHT - 10, avoid=((500, 1100),))


def _town_hall(c):
    c.sky(c.rng.randint(560, 600))
    c.ground((196, 186, 166), (170, 160, 140))
    for n in range(-2, 12):
        c.draw.line(
            [(800 + n * 60, c.horizon), (n * 260 - 700, HEIGHT)],
            fill=(150, 140, 120),
            width=2,
        )
    base = c.horizon + 30
    c.house(
        330,
        base,
        940,
        260,
        wall=(236, 206, 170),
        roof=(150, 64, 50),
        windows=6,
        door=False,
        roof_height=150,
    )
    c.draw.polygon(
        [(700, base - 260), (900, base - 260), (860, base - 420), (740, base - 420)],
        fill=(236, 206, 170),
    )
    c.draw.polygon(
        [(740, base - 420), (860, base - 420), (800, base - 500)], fill=(150, 64, 50)
    )
    c.draw.ellipse(
        [762, base - 390, 838, base - 314],
        fill=(250, 248, 240),
        outline=(80, 60, 40),
        width=4,
    )
    c.draw.line([(800, base - 352), (800, base - 380)], fill=(40, 40, 40), width=4)
    c.draw.line([(800, base - 352), (820, base - 352)], fill=(40, 40, 40), width=4)
    c.draw.rounded_rectangle([750, base - 130, 850, base], radius=40, fill=(90, 60, 40))
    for x in (700, 900):
        c.draw.line([(x, base), (x, base - 200)], fill=(120, 120, 120), width=5)
    c.draw.rectangle([700, base - 200, 750, base - 170], fill=(200, 40, 40))
    c.draw.rectangle([900, base - 200, 950, base - 170], fill=(30, 90, 170))
    c.trees(2, base + 40, base + 60, avoid=((250, 1350),))
    c.people(6, base + 60, HEIGHT - 40)


def _library(c):
    """A reading room: shelves of books, a window and a table (interior)."""
    c.gradient((0, 0, WIDTH, HEIGHT), (238, 226, 206), (214, 198, 174))
    c.horizon = 640
    c.gradient((0, 640, WIDTH, HEIGHT), (170, 120, 80), (130, 88, 56))
    c.draw.rectangle([620, 90, 980, 520], fill=(190, 220, 236))
    c.draw.rectangle([620, 90, 980, 520], outline=(240, 236, 226), width=16)
    c.draw.line([(800, 90), (800, 520)], fill=(240, 236, 226), width=12)
    c.tree(720, 540, 160, colour=(90, 150, 80))
    colours = [
        (180, 60, 50),
        (50, 90, 140),
        (60, 130, 90),
        (220, 170, 60),
        (120, 70, 120),
        (230, 220, 200),
    ]
    for x0 in (40, 1040):
        c.draw.rectangle([x0, 60, x0 + 520, 640], fill=(120, 84, 56))
        for shelf in range(5):
            y = 80 + shelf * 112
            c.draw.rectangle([x0 + 16, y, x0 + 504, y + 96], fill=(84, 58, 40))
            bx = x0 + 20
            while bx < x0 + 490:
                w = c.rng.randint(14, 30)
                h = c.rng.randint(60, 92)
                c.draw.rectangle(
                    [bx, y + 96 - h, bx + w, y + 96], fill=c.rng.choice(colours)
                )
                bx += w + 2
    c.shadow(800, 800, 700, 60)
    c.draw.rectangle([520, 660, 1080, 690], fill=(150, 104, 66))
    for x in (550, 1040):
        c.draw.rectangle([x, 690, x + 14, 820], fill=(120, 84, 56))
    c.draw.polygon([(700, 660), (800, 648), (800, 660)], fill=(250, 250, 246))
    c.draw.polygon([(800, 648), (900, 660), (800, 660)], fill=(236, 236, 230))
    c.draw.line([(920, 600), (920, 660)], fill=(60, 60, 60), width=5)
    c.draw.pieslice([880, 570, 960, 630], 180, 360, fill=(60, 120, 90))


def _farm(c):
    c.sky(c.rng.randint(420, 480))
    c.hills((120, 160, 90), layers=2, height=70)
    c.ground(*GRASS)
    c.house(
        150,
        c.horizon + 60,
        420,
        200,
        wall=(170, 60, 48),
        roof=(90, 80, 76),
        windows=0,
        door=False,
    )
    c.draw.rectangle([300, c.horizon - 80, 420, c.horizon + 60], fill=(240, 230, 210))
    c.draw.line(
        [(300, c.horizon - 80), (420, c.horizon + 60)], fill=(240, 230, 210), width=6
    )
    c.draw.rectangle([306, c.horizon - 74, 414, c.horizon + 60], fill=(120, 50, 40))
    c.draw.line(
        [(306, c.horizon - 74), (414, c.horizon + 60)], fill=(240, 230, 210), width=8
    )
    c.draw.line(
        [(414, c.horizon - 74), (306, c.horizon + 60)], fill=(240, 230, 210), width=8
    )
    for x in range(0, WIDTH, 90):
        c.draw.line(
            [(x, c.horizon + 250), (x, c.horizon + 320)], fill=(140, 110, 80), width=8
        )
    c.draw.line(
        [(0, c.horizon + 270), (WIDTH, c.horizon + 270)], fill=(140, 110, 80), width=5
    )
    c.draw.line(
        [(0, c.horizon + 300), (WIDTH, c.horizon + 300)], fill=(140, 110, 80), width=5
    )
    for n in range(4):
        c.cow(
            700 + n * 220 + c.rng.randint(-40, 40),
            c.horizon + 130 + c.rng.randint(0, 80),
            110,
            facing=c.rng.choice((1, -1)),
        )
    c.trees(3, c.horizon + 10, c.horizon + 30, avoid=((100, 700),))


def _farm_shop(c):
    c.sky(c.rng.randint(400, 440))
    c.ground(*GRASS)
    c.house(
        500,
        c.horizon + 250,
        620,
        260,
        wall=(200, 160, 110),
        roof=(110, 70, 50),
        windows=2,
        door=True,
    )
    c.draw.rectangle([620, c.horizon - 40, 1000, c.horizon + 20], fill=(250, 244, 226))
    c.draw.rectangle(
        [620, c.horizon - 40, 1000, c.horizon + 20], outline=(110, 70, 50), width=5
    )
    for n in range(6):
        c.draw.rectangle(
            [650 + n * 58, c.horizon - 22, 690 + n * 58, c.horizon + 2],
            fill=(110, 70, 50),
        )
    c.crates(200, HEIGHT - 60, 400, [(220, 60, 50), (240, 150, 40), (110, 170, 60)])
    c.crates(1000, HEIGHT - 60, 420, [(150, 80, 140), (240, 210, 80), (200, 70, 60)])
    c.trees(3, c.horizon + 200, c.horizon + 240, avoid=((300, 1300),))


def _market(c):
    c.sky(c.rng.randint(380, 420))
    c.hills((170, 160, 140), layers=1, height=40)
    for x in range(-60, WIDTH, 240):
        c.house(
            x,
            c.horizon + 40,
            220,
            c.rng.randint(180, 240),
            wall=c.rng.choice([(240, 220, 190), (220, 200, 210), (236, 236, 220)]),
            roof=(150, 70, 56),
            windows=2,
            door=False,
            roof_height=90,
        )
    c.ground((200, 190, 176), (168, 158, 142), y=c.horizon + 40)
    stripes = [
        ((220, 70, 60), (250, 246, 236)),
        ((60, 120, 180), (250, 246, 236)),
        ((60, 140, 90), (250, 240, 210)),
    ]
    goods = [
        [(220, 60, 50), (240, 150, 40), (110, 170, 60)],
        [(240, 210, 80), (150, 80, 140), (200, 60, 60)],
        [(120, 180, 70), (230, 120, 50), (250, 220, 110)],
    ]
    for n, x in enumerate((80, 600, 1120)):
        c.stall(x + c.rng.randint(-30, 30), c.horizon + 320, 400, stripes[n], goods[n])
    c.people(7, c.horizon + 330, HEIGHT - 20)


def _festival(c):
    c.sky(c.rng.randint(420, 470))
    c.treeline(FOREST)
    c.ground(*GRASS)
    c.tent(160, c.horizon + 180, 420, 260, (246, 244, 236))
    stage = (1000, c.horizon + 200)
    c.draw.rectangle(
        [stage[0] - 20, stage[1] - 330, stage[0] + 520, stage[1] - 290],
        fill=(60, 60, 66),
    )
    for px in (stage[0] - 10, stage[0] + 500):
        c.draw.rectangle([px, stage[1] - 300, px + 20, stage[1]], fill=(60, 60, 66))
    c.draw.rectangle(
        [stage[0], stage[1] - 40, stage[0] + 500, stage[1]], fill=(90, 70, 56)
    )
    c.draw.rectangle(
        [stage[0] + 20, stage[1] - 290, stage[0] + 480, stage[1] - 40],
        fill=(40, 50, 90),
    )
    for n in range(5):
        lx = stage[0] + 60 + n * 95
        c.draw.polygon(
            [(lx, stage[1] - 290), (lx - 70, stage[1] - 40), (lx + 70, stage[1] - 40)],
            fill=(255, 240, 180, 40),
        )
    c.bunting(0, c.horizon - 40, 980, c.horizon - 20, sag=60)
    c.people(16, c.horizon + 220, HEIGHT - 10)


def _cycling(c):
    c.sky(c.rng.randint(420, 460))
    c.hills((120, 160, 90), layers=3, height=110)
    c.field_rows(c.horizon, (150, 186, 90), (110, 150, 70), rows=10)
    far = c.rng.randint(700, 900)
    c.path(far, 640, 8, 330, (176, 160, 136))
    c.path(far, 640, 1, 6, (240, 236, 226, 160))
    c.trees(8, c.horizon + 20, c.horizon + 200, avoid=((300, 1200),))
    c.bicycle(760, HEIGHT - 150, 300)
    c.draw.rectangle([1180, HEIGHT - 360, 1194, HEIGHT - 120], fill=(200, 200, 200))
    c.draw.rectangle([1110, HEIGHT - 380, 1330, HEIGHT - 320], fill=(250, 250, 250))
    c.draw.rectangle([1116, HEIGHT - 374, 1324, HEIGHT - 326], fill=(40, 120, 60))
    c.bicycle(1220, HEIGHT - 346, 60, frame=(250, 250, 250))


def _forest(c):
    c.sky(c.rng.randint(320, 360))
    c.ground((70, 110, 60), (40, 76, 40))
    c.treeline((40, 86, 50))
    c.path(c.rng.randint(700, 900), 820, 10, 260, (150, 124, 92))
    c.trees(
        40,
        c.horizon + 10,
        HEIGHT + 60,
        kind="conifer",
        colour=(40, 92, 56),
        avoid=((560, 1060),),
    )
    for _ in range(16):
        x, y = c.rng.randint(0, WIDTH), c.rng.randint(0, c.horizon + 200)
        c.draw.polygon(
            [(x, y), (x + 60, y), (x + 260, y + 600), (x + 120, y + 600)],
            fill=(255, 250, 210, 16),
        )


def _meadow(c):
    c.sky(c.rng.randint(440, 500))
    c.hills((120, 160, 90), layers=3, height=100)
    c.ground(*GRASS)
    colours = [(240, 240, 240), (250, 210, 60), (200, 80, 140), (120, 120, 220)]
    for _ in range(420):
        y = c.rng.uniform(c.horizon + 20, HEIGHT)
        x = c.rng.uniform(0, WIDTH)
        r = 2 + 6 * (y - c.horizon) / (HEIGHT - c.horizon)
        c.draw.ellipse([x - r, y - r, x + r, y + r], fill=c.rng.choice(colours))
    c.trees(3, c.horizon + 30, c.horizon + 80)
    # a wooden watch tower
    x, base = c.rng.randint(1000, 1250), c.horizon + 120
    wood = (130, 94, 64)
    for dx in (-60, 60):
        c.draw.line([(x + dx, base), (x + dx * 0.5, base - 360)], fill=wood, width=12)
    for level in range(1, 4):
        y = base - level * 90
        c.draw.line(
            [(x - 60 + level * 10, y), (x + 60 - level * 10, y)], fill=wood, width=8
        )
    c.draw.rectangle([x - 60, base - 400, x + 60, base - 350], fill=_shade(wood, 1.1))
    c.draw.polygon(
        [(x - 80, base - 400), (x + 80, base - 400), (x, base - 470)], fill=(90, 70, 60)
    )


def _field(c):
    c.sky(c.rng.randint(400, 450))
    c.hills((120, 160, 90), layers=2, height=80)
    c.treeline(FOREST)
    c.field_rows(c.horizon, (238, 206, 40), (200, 170, 20), rows=18)
    for _ in range(380):
        y = c.rng.uniform(c.horizon + 10, HEIGHT)
        x = c.rng.uniform(0, WIDTH)
        r = 2 + 9 * (y - c.horizon) / (HEIGHT - c.horizon)
        c.draw.ellipse([x - r, y - r, x + r, y + r], fill=(252, 224, 70))
    c.windmill(c.rng.randint(1100, 1350), c.horizon + 30, 0.9)


def _windmill(c):
    c.sky(c.rng.randint(500, 560))
    c.hills((120, 160, 90), layers=2, height=80)
    c.ground(*GRASS)
    c.windmill(c.rng.randint(650, 950), c.horizon + 140, 1.3)
    c.trees(5, c.horizon + 20, c.horizon + 60, avoid=((500, 1200),))


def _manor(c):
    c.sky(c.rng.randint(520, 560))
    c.treeline(FOREST)
    c.ground(*GRASS)
    base = c.horizon + 60
    c.house(
        380,
        base,
        840,
        240,
        wall=(244, 236, 214),
        roof=(110, 110, 120),
        windows=7,
        door=False,
        roof_height=120,
    )
    c.draw.polygon(
        [(700, base - 240), (900, base - 240), (800, base - 320)], fill=(244, 236, 214)
    )
    for x in (720, 770, 830, 880):
        c.draw.rectangle([x - 10, base - 240, x + 10, base], fill=(250, 248, 240))
        c.draw.line(
            [(x + 10, base - 240), (x + 10, base)], fill=(200, 196, 180), width=4
        )
    c.draw.ellipse([520, base + 120, 1080, base + 220], fill=(110, 160, 200))
    c.draw.ellipse([540, base + 130, 1060, base + 210], fill=(80, 130, 176))
    c.path(800, 800, 80, 300, (214, 204, 180), y0=base)
    c.trees(4, base + 10, base + 40, avoid=((300, 1300),))
    for x in (120, 1480):
        c.tree(x, HEIGHT - 20, 240)


def _playground(c):
    c.sky(c.rng.randint(430, 480))
    c.trees(8, c.horizon + 5, c.horizon + 30)
    c.ground(*GRASS)
    c.gradient((200, c.horizon + 200, 1400, HEIGHT), (226, 200, 150), (206, 178, 128))
    x, base = 360, c.horizon + 320
    frame = (60, 120, 180)
    c.draw.line([(x, base), (x + 100, base - 300)], fill=frame, width=14)
    c.draw.line([(x + 200, base), (x + 100, base - 300)], fill=frame, width=14)
    c.draw.line([(x + 400, base), (x + 500, base - 300)], fill=frame, width=14)
    c.draw.line([(x + 600, base), (x + 500, base - 300)], fill=frame, width=14)
    c.draw.line([(x + 100, base - 300), (x + 500, base - 300)], fill=frame, width=14)
    for sx in (x + 220, x + 370):
        c.draw.line([(sx, base - 300), (sx, base - 100)], fill=(80, 80, 80), width=4)
        c.draw.line(
            [(sx + 60, base - 300), (sx + 60, base - 100)], fill=(80, 80, 80), width=4
        )
        c.draw.rectangle([sx - 6, base - 104, sx + 66, base - 90], fill=(220, 70, 60))
    sx, sb = 1080, c.horizon + 340
    c.draw.rectangle([sx, sb - 240, sx + 120, sb - 200], fill=(240, 190, 60))
    for px in (sx, sx + 110):
        c.draw.rectangle([px, sb - 200, px + 12, sb], fill=(240, 190, 60))
    c.draw.polygon(
        [
            (sx + 120, sb - 230),
            (sx + 130, sb - 200),
            (sx + 340, sb),
            (sx + 320, sb - 6),
        ],
        fill=(220, 70, 60),
    )
    c.draw.line([(sx - 30, sb), (sx, sb - 200)], fill=(120, 90, 60), width=8)
    c.draw.ellipse([180, HEIGHT - 160, 420, HEIGHT - 80], fill=(236, 214, 160))
    c.people(3, c.horizon + 200, HEIGHT - 30, avoid=((300, 1000),))


def _fire_station(c):
    c.sky(c.rng.randint(480, 520))
    c.ground((190, 186, 176), (160, 156, 146))
    base = c.horizon + 120
    c.house(
        200,
        base,
        900,
        300,
        wall=(200, 90, 70),
        roof=(70, 70, 76),
        windows=0,
        door=False,
        roof_height=100,
    )
    for n in range(3):
        x = 260 + n * 280
        c.draw.rectangle([x, base - 220, x + 220, base], fill=(220, 220, 224))
        for k in range(1, 6):
            c.draw.line(
                [(x, base - 220 + k * 36), (x + 220, base - 220 + k * 36)],
                fill=(190, 190, 196),
                width=3,
            )
    c.draw.rectangle([1180, base - 520, 1300, base], fill=(200, 90, 70))
    c.draw.rectangle([1160, base - 560, 1320, base - 520], fill=(70, 70, 76))
    c.draw.rectangle([1220, base - 480, 1260, base - 420], fill=(214, 230, 236))
    # fire engine in front of the open bay
    tx, ty = 540, HEIGHT - 90
    c.shadow(tx + 200, ty + 10, 520, 60)
    c.draw.rounded_rectangle(
        [tx, ty - 170, tx + 420, ty - 30], radius=14, fill=(210, 30, 30)
    )
    c.draw.rounded_rectangle(
        [tx + 300, ty - 220, tx + 420, ty - 120], radius=14, fill=(210, 30, 30)
    )
    c.draw.rectangle([tx + 320, ty - 206, tx + 404, ty - 150], fill=(180, 210, 230))
    c.draw.rectangle([tx, ty - 110, tx + 420, ty - 96], fill=(240, 240, 240))
    c.draw.line(
        [(tx + 20, ty - 190), (tx + 280, ty - 190)], fill=(200, 200, 200), width=10
    )
    for k in range(8):
        c.draw.line(
            [(tx + 30 + k * 33, ty - 196), (tx + 30 + k * 33, ty - 184)],
            fill=(160, 160, 160),
            width=5,
        )
    c.draw.rectangle([tx + 340, ty - 232, tx + 380, ty - 220], fill=(60, 120, 240))
    for wx in (tx + 80, tx + 340):
        c.draw.ellipse([wx - 46, ty - 76, wx + 46, ty + 16], fill=(40, 40, 40))
        c.draw.ellipse([wx - 18, ty - 48, wx + 18, ty - 12], fill=(170, 170, 170))


def _road_works(c):
    c.sky(c.rng.randint(430, 470))
    c.hills((120, 160, 90), layers=2, height=70)
    c.ground(*GRASS)
    c.path(800, 800, 40, 700, (96, 96, 100))
    c.path(800, 800, 2, 14, (240, 240, 240))
    c.draw.polygon(
        [(800, c.horizon), (830, c.horizon), (1500, HEIGHT), (1100, HEIGHT)],
        fill=(150, 120, 90),
    )
    for n in range(6):
        t = (n + 1) / 7
        x = 800 + 300 * t * 1.2
        y = c.horizon + (HEIGHT - c.horizon) * t
        s = 30 + 90 * t
        c.draw.polygon(
            [(x, y - s), (x - s * 0.4, y), (x + s * 0.4, y)], fill=(240, 110, 30)
        )
        c.draw.line(
            [(x - s * 0.2, y - s * 0.5), (x + s * 0.2, y - s * 0.5)],
            fill=(250, 250, 250),
            width=max(3, round(s / 10)),
        )
    bx, by = 360, HEIGHT - 160
    c.draw.rectangle([bx, by - 60, bx + 360, by - 20], fill=(250, 250, 250))
    for k in range(6):
        c.draw.polygon(
            [
                (bx + k * 60, by - 60),
                (bx + k * 60 + 30, by - 60),
                (bx + k * 60 + 10, by - 20),
                (bx + k * 60 - 20, by - 20),
            ],
            fill=(220, 40, 40),
        )
    for px in (bx + 20, bx + 330):
        c.draw.rectangle([px, by - 20, px + 10, by + 40], fill=(80, 80, 80))
    c.house(140, c.horizon + 30, 220, 140, timber=(80, 56, 40))
    c.house(1220, c.horizon + 30, 240, 150)


def _kayak(c):
    c.sky(c.rng.randint(360, 400))
    c.treeline(FOREST)
    c.draw.polygon(
        [
            (0, c.horizon),
            (WIDTH, c.horizon),
            (WIDTH, c.horizon + 90),
            (0, c.horizon + 40),
        ],
        fill=GRASS[0],
    )
    c.water(c.horizon + 40)
    c.draw.polygon(
        [
            (0, c.horizon + 40),
            (WIDTH, c.horizon + 90),
            (WIDTH, c.horizon + 110),
            (0, c.horizon + 60),
        ],
        fill=(40, 78, 118, 80),
    )
    for n, (x, y, s, colour) in enumerate(
        ((620, 700, 260, (240, 170, 40)), (1150, 580, 150, (220, 70, 60)))
    ):
        x += c.rng.randint(-60, 60)
        c.draw.ellipse([x - s, y - s * 0.1, x + s, y + s * 0.1], fill=colour)
        c.draw.ellipse(
            [x - s * 0.2, y - s * 0.08, x + s * 0.2, y + s * 0.04], fill=(40, 40, 40)
        )
        c.draw.rounded_rectangle(
            [x - s * 0.08, y - s * 0.42, x + s * 0.08, y - s * 0.04],
            radius=s * 0.05,
            fill=(60, 120, 180) if n else (230, 80, 60),
        )
        c.draw.ellipse(
            [x - s * 0.07, y - s * 0.56, x + s * 0.07, y - s * 0.42],
            fill=(232, 196, 170),
        )
        c.draw.line(
            [(x - s * 0.5, y + s * 0.06), (x + s * 0.5, y - s * 0.5)],
            fill=(60, 60, 60),
            width=max(3, round(s / 40)),
        )
        c.draw.line(
            [(x - s * 0.4, y + s * 0.18), (x + s * 0.4, y + s * 0.16)],
            fill=(255, 255, 255, 100),
            width=3,
        )
    c.tree(1450, c.horizon + 40, 180)
    c.tree(120, c.horizon + 20, 150)


def _camping(c):
    c.sky(c.rng.randint(400, 440))
    c.treeline(FOREST)
    c.water(c.horizon, c.horizon + 120)
    c.ground(*GRASS, y=c.horizon + 120)
    colours = [(230, 110, 40), (60, 130, 90), (60, 110, 180), (230, 190, 60)]
    for n, x in enumerate((160, 560, 960, 1300)):
        y = c.horizon + 300 + c.rng.randint(-40, 60)
        c.tent(x + c.rng.randint(-30, 30), y, 200 + 30 * (n % 2), 150, colours[n % 4])
    c.draw.ellipse([720, HEIGHT - 120, 860, HEIGHT - 80], fill=(90, 80, 70))
    for k in range(3):
        c.draw.polygon(
            [
                (760 + k * 20, HEIGHT - 100),
                (775 + k * 20, HEIGHT - 170 + k * 10),
                (790 + k * 20, HEIGHT - 100),
            ],
            fill=(250, 170, 40),
        )
    c.trees(4, c.horizon + 130, c.horizon + 160, kind="conifer", colour=(40, 92, 56))


def _hotel(c):
    c.sky(c.rng.randint(360, 400))
    c.treeline(FOREST)
    c.ground(*GRASS, y=c.horizon)
    c.water(c.horizon + 260)
    base = c.horizon + 220
    c.house(
        420,
        base,
        760,
        300,
        wall=(246, 240, 226),
        roof=(60, 80, 110),
        windows=6,
        door=True,
        roof_height=110,
    )
    for n in range(6):
        x = 420 + 760 / 13 * (1 + 2 * n)
        c.draw.rectangle(
            [x - 8, base - 110, x + 760 / 13 + 8, base - 100], fill=(120, 120, 120)
        )
    c.draw.rectangle([640, base - 330, 960, base - 296], fill=(250, 250, 246))
    c.trees(3, base - 10, base, avoid=((340, 1300),))
    c.boat(260, HEIGHT - 120, 60)


def _fibre(c):
    c.sky(c.rng.randint(470, 510))
    c.hills((120, 160, 90), layers=2, height=70)
    c.ground(*GRASS)
    for n, x in enumerate((80, 520, 1140)):
        c.house(x, c.horizon + 60, 280, 170, timber=(80, 56, 40) if n == 1 else None)
    c.draw.polygon(
        [
            (0, HEIGHT - 240),
            (WIDTH, HEIGHT - 300),
            (WIDTH, HEIGHT - 200),
            (0, HEIGHT - 140),
        ],
        fill=(120, 90, 64),
    )
    c.draw.polygon(
        [
            (0, HEIGHT - 220),
            (WIDTH, HEIGHT - 280),
            (WIDTH, HEIGHT - 250),
            (0, HEIGHT - 190),
        ],
        fill=(86, 64, 46),
    )
    for k, colour in enumerate(((240, 120, 30), (60, 120, 200), (90, 170, 90))):
        c.draw.line(
            [(0, HEIGHT - 200 + k * 9), (WIDTH, HEIGHT - 262 + k * 9)],
            fill=colour,
            width=8,
        )
    c.draw.ellipse(
        [1200, HEIGHT - 300, 1440, HEIGHT - 180], outline=(240, 120, 30), width=10
    )
    for n in range(3):
        x = 300 + n * 450
        c.draw.polygon(
            [(x, HEIGHT - 120), (x - 20, HEIGHT - 60), (x + 20, HEIGHT - 60)],
            fill=(240, 110, 30),
        )


SUBJECTS = {
    "beach": _beach,
    "camping": _camping,
    "church": _church,
    "cycling": _cycling,
    "farm": _farm,
    "farm_shop": _farm_shop,
    "festival": _festival,
    "fibre": _fibre,
    "fire_station": _fire_station,
    "forest": _forest,
    "hotel": _hotel,
    "kayak": _kayak,
    "lake": _lake,
    "library": _library,
    "manor": _manor,
    "market": _market,
    "meadow": _meadow,
    "playground": _playground,
    "rape_field": _field,
    "road_works": _road_works,
    "town_hall": _town_hall,
    "village": _village,
    "windmill": _windmill,
}


def draw(subject, seed, sky="day"):
    """The picture of ``subject`` as a PIL image (1600×900), the same for a seed."""
    if subject not in SUBJECTS:
        raise ValueError(
            f"unknown picture subject {subject!r}; known: {', '.join(sorted(SUBJECTS))}"
        )
    if sky not in SKIES:
        raise ValueError(f"unknown sky {sky!r}; known: {', '.join(sorted(SKIES))}")
    canvas = Canvas(random.Random(f"{subject}-{seed}"), sky=sky)
    SUBJECTS[subject](canvas)
    return canvas.finish()


def jpeg(subject, seed, sky="day"):
    """The picture as JPEG bytes."""
    buffer = io.BytesIO()
    draw(subject, seed, sky).save(buffer, format="JPEG", quality=84)
    return buffer.getvalue()
