"""Simple pictures for the easy-read versions, drawn in code so the demo needs no image files.

They are plain shapes in high-contrast colours: two people side by side, a speech bubble, a star, a
shield, a triangle, a plan, a clock, a tick and a heart. Real providers replace them with their own
pictures (many use a licensed symbol set); these only show how an easy-read page works.
"""

import math
from io import BytesIO

from PIL import Image, ImageDraw

SIZE = 400
INK = (27, 27, 27)
BRAND = (29, 92, 77)
ACCENT = (255, 221, 87)
SOFT = (243, 245, 244)
RED = (164, 22, 26)
BLUE = (36, 84, 160)


def _canvas():
    image = Image.new("RGB", (SIZE, SIZE), SOFT)
    return image, ImageDraw.Draw(image)


def _person(draw, x, y, colour):
    draw.ellipse((x - 38, y - 120, x + 38, y - 44), fill=colour, outline=INK, width=6)
    draw.rounded_rectangle(
        (x - 62, y - 34, x + 62, y + 110), radius=40, fill=colour, outline=INK, width=6
    )


def together():
    image, draw = _canvas()
    _person(draw, 135, 200, BRAND)
    _person(draw, 265, 200, ACCENT)
    return image


def talking():
    image, draw = _canvas()
    draw.rounded_rectangle((50, 60, 350, 260), radius=50, fill="white", outline=INK, width=8)
    draw.polygon([(120, 250), (100, 340), (190, 255)], fill="white", outline=INK)
    draw.line([(120, 254), (100, 340), (190, 258)], fill=INK, width=8)
    for cx in (140, 200, 260):
        draw.ellipse((cx - 18, 142, cx + 18, 178), fill=BRAND)
    return image


def star():
    image, draw = _canvas()
    points = []
    for i in range(10):
        radius = 160 if i % 2 == 0 else 68
        angle = math.pi / 2 + i * math.pi / 5
        points.append((200 + radius * math.cos(angle), 210 - radius * math.sin(angle)))
    draw.polygon(points, fill=ACCENT, outline=INK, width=8)
    return image


def shield():
    image, draw = _canvas()
    draw.polygon(
        [(200, 40), (340, 90), (320, 250), (200, 360), (80, 250), (60, 90)],
        fill=BRAND,
        outline=INK,
        width=8,
    )
    draw.line([(140, 200), (190, 250), (270, 150)], fill="white", width=22)
    return image


def take_care():
    image, draw = _canvas()
    draw.polygon([(200, 50), (360, 340), (40, 340)], fill=ACCENT, outline=INK, width=10)
    draw.rounded_rectangle((186, 140, 214, 260), radius=12, fill=INK)
    draw.ellipse((184, 282, 216, 314), fill=INK)
    return image


def plan():
    image, draw = _canvas()
    draw.rounded_rectangle((90, 50, 310, 360), radius=20, fill="white", outline=INK, width=8)
    draw.rounded_rectangle((150, 30, 250, 80), radius=14, fill=BRAND, outline=INK, width=6)
    for row, y in enumerate((130, 190, 250, 310)):
        draw.ellipse(
            (120, y - 14, 148, y + 14), fill=BRAND if row < 3 else SOFT, outline=INK, width=4
        )
        draw.line([(165, y), (280, y)], fill=INK, width=8)
    return image


def clock():
    image, draw = _canvas()
    draw.ellipse((50, 50, 350, 350), fill="white", outline=INK, width=10)
    for hour in range(12):
        angle = hour * math.pi / 6
        x, y = 200 + 125 * math.sin(angle), 200 - 125 * math.cos(angle)
        draw.ellipse((x - 8, y - 8, x + 8, y + 8), fill=INK)
    draw.line([(200, 200), (200, 95)], fill=BRAND, width=14)
    draw.line([(200, 200), (275, 240)], fill=BLUE, width=14)
    return image


def agree():
    image, draw = _canvas()
    draw.ellipse((50, 50, 350, 350), fill=BRAND, outline=INK, width=8)
    draw.line([(120, 205), (180, 265), (290, 140)], fill="white", width=30)
    return image


def feelings():
    image, draw = _canvas()
    draw.ellipse((70, 90, 210, 230), fill=RED)
    draw.ellipse((190, 90, 330, 230), fill=RED)
    draw.polygon([(78, 190), (322, 190), (200, 340)], fill=RED)
    return image


PICTOGRAMS = {
    "Easy read: together": together,
    "Easy read: talking": talking,
    "Easy read: strengths": star,
    "Easy read: what helps": shield,
    "Easy read: take care": take_care,
    "Easy read: plan": plan,
    "Easy read: time": clock,
    "Easy read: agree": agree,
    "Easy read: feelings": feelings,
}


def render_png(name: str) -> bytes:
    buffer = BytesIO()
    PICTOGRAMS[name]().save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
