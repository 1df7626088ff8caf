"""Generated illustrations for the demo outlet: simple abstract motifs drawn with Pillow (no third-party images)."""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

PALETTES = [
    ((24, 48, 79), (196, 120, 58)), ((44, 62, 54), (222, 196, 128)), ((73, 28, 35), (232, 164, 120)),
    ((20, 70, 96), (140, 208, 214)), ((60, 44, 88), (238, 180, 92)), ((36, 36, 40), (200, 60, 60)),
]


def _gradient(size, top, bottom):
    width, height = size
    image = Image.new("RGB", size, top)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(1, height - 1)
        color = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom))
        draw.line([(0, y), (width, y)], fill=color)
    return image


def draw_motif(motif, seed, size=(2400, 1350)):
    rng = random.Random(seed)
    dark, light = PALETTES[rng.randrange(len(PALETTES))]
    image = _gradient(size, dark, light)
    draw = ImageDraw.Draw(image, "RGBA")
    width, height = size
    if motif == "skyline":
        x = 0
        while x < width:
            w = rng.randint(60, 160)
            h = rng.randint(height // 5, height // 2)
            draw.rectangle([x, height - h, x + w, height], fill=(*dark, 230))
            for wy in range(height - h + 20, height - 20, 40):
                for wx in range(x + 12, x + w - 12, 30):
                    if rng.random() < 0.4:
                        draw.rectangle([wx, wy, wx + 10, wy + 16], fill=(255, 220, 150, 200))
            x += w + rng.randint(4, 20)
    elif motif in ("sea", "port"):
        for i in range(12):
            y = height * 0.55 + i * 30
            points = [(x, y + 12 * math.sin(x / 90 + i)) for x in range(0, width + 40, 40)]
            draw.line(points, fill=(255, 255, 255, 60 + i * 8), width=4)
        if motif == "port":
            for i in range(6):
                x = 120 + i * 240
                draw.rectangle([x, height * 0.35, x + 160, height * 0.52], fill=(*light, 220))
                draw.line([(x + 80, height * 0.1), (x + 80, height * 0.35)], fill=(250, 250, 250, 200), width=8)
    elif motif == "desert":
        for i in range(5):
            y = height * (0.5 + i * 0.1)
            points = [(0, height)] + [(x, y + 40 * math.sin(x / (200 + i * 50) + i)) for x in range(0, width + 50, 50)] + [(width, height)]
            draw.polygon(points, fill=(min(255, light[0] + i * 5), light[1], light[2] - i * 10, 200))
        draw.ellipse([width * 0.7, height * 0.12, width * 0.7 + 160, height * 0.12 + 160], fill=(255, 240, 200, 230))
    elif motif == "mountains":
        for i in range(4):
            base = height * (0.45 + i * 0.12)
            points = [(0, height)]
            for x in range(0, width + 100, 100):
                points.append((x, base - rng.randint(0, 220)))
            points.append((width, height))
            draw.polygon(points, fill=(*[max(0, c - 30 * i) for c in light], 210))
    elif motif == "chart":
        for i in range(16):
            x = 80 + i * 92
            h = rng.randint(80, int(height * 0.7))
            draw.rectangle([x, height - 60 - h, x + 60, height - 60], fill=(*light, 220))
        points = [(80 + i * 92 + 30, height * 0.6 - rng.randint(0, 300)) for i in range(16)]
        draw.line(points, fill=(255, 255, 255, 230), width=6)
    elif motif == "grid":
        for x in range(0, width, 80):
            draw.line([(x, 0), (x, height)], fill=(255, 255, 255, 40), width=2)
        for y in range(0, height, 80):
            draw.line([(0, y), (width, y)], fill=(255, 255, 255, 40), width=2)
        for _ in range(30):
            cx, cy, r = rng.randrange(width), rng.randrange(height), rng.randint(8, 40)
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(*light, 200))
    else:  # map
        for _ in range(9):
            cx, cy = rng.randrange(width), rng.randrange(height)
            points = [(cx + rng.randint(-260, 260), cy + rng.randint(-180, 180)) for _ in range(9)]
            draw.polygon(points, fill=(*light, 90), outline=(255, 255, 255, 160))
        for _ in range(12):
            cx, cy = rng.randrange(width), rng.randrange(height)
            draw.ellipse([cx - 9, cy - 9, cx + 9, cy + 9], fill=(255, 255, 255, 230))
    image = image.filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=78, optimize=True, progressive=True)
    return buffer.getvalue()


def draw_logo(size=(512, 512)):
    """The demo publisher's logo: a key on a red square (structured data wants a raster logo)."""
    image = Image.new("RGB", size, (155, 28, 28))
    draw = ImageDraw.Draw(image)
    w, h = size
    stroke = w // 14
    draw.ellipse([w * 0.18, h * 0.22, w * 0.5, h * 0.54], outline="white", width=stroke)
    draw.line([(w * 0.46, h * 0.5), (w * 0.82, h * 0.82)], fill="white", width=stroke)
    draw.line([(w * 0.66, h * 0.66), (w * 0.76, h * 0.56)], fill="white", width=stroke)
    draw.line([(w * 0.74, h * 0.74), (w * 0.84, h * 0.64)], fill="white", width=stroke)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def draw_portrait(seed, size=(400, 400)):
    rng = random.Random(seed)
    dark, light = PALETTES[rng.randrange(len(PALETTES))]
    image = _gradient(size, light, dark)
    draw = ImageDraw.Draw(image, "RGBA")
    w, h = size
    draw.ellipse([w * 0.32, h * 0.18, w * 0.68, h * 0.54], fill=(250, 250, 250, 200))
    draw.ellipse([w * 0.16, h * 0.58, w * 0.84, h * 1.25], fill=(250, 250, 250, 200))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()
