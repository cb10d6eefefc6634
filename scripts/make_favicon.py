"""Draw static/favicon.png (a map pin), so the page icon needs no font CDN.

Run: python scripts/make_favicon.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "static" / "favicon.png"

img = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
draw = ImageDraw.Draw(img)
draw.ellipse((12, 4, 52, 44), fill="#0072B2")
draw.polygon([(16, 34), (48, 34), (32, 60)], fill="#0072B2")
draw.ellipse((24, 16, 40, 32), fill="#FFFFFF")
img.save(OUT)
print(f"wrote {OUT}")
