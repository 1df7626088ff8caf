"""Subset the reader theme's Arabic fonts to what Arabic news text uses, unhinted: the article page's fonts over the
wire drop from ~142 KB to ~37 KB (docs/performance.md, "Article weight").

Keeps the Arabic letters, harakat, Arabic-Indic digits and punctuation, the few Persian letters used to write
foreign names (پ چ ڤ گ ی), the ZWNJ/ZWJ/direction marks, and ASCII digits and punctuation with «» and the dashes
and quotes, so Arabic text never falls back to the Latin companion faces; every OpenType layout feature (joining
forms, ligatures, mark positioning) is kept. Hinting is dropped: browsers on macOS, iOS, Android and Linux ignore
it, and at text sizes Windows renders the unhinted outlines acceptably.

    .venv/bin/python tools/subset_fonts.py [FONT_DIR]      # needs fonttools and brotli (pip install fonttools brotli)

Running it again on its own output changes nothing.
"""

import sys
from pathlib import Path

from fontTools import subset

FONT_DIR = Path(__file__).resolve().parent.parent / "miftah" / "core" / "static" / "miftah" / "fonts"
ARABIC_FACES = ("NotoNaskhArabic-Regular", "NotoNaskhArabic-Bold", "NotoKufiArabic-Bold")
UNICODES = (
    "U+0020-0040,U+005B-0060,U+007B-007E,U+00A0,U+00AB,U+00BB,U+060C,U+061B,U+061F,U+0621-063A,U+0640-0655,"
    "U+0660-066D,U+0670,U+067E,U+0686,U+06A4,U+06AF,U+06CC,U+200C-200F,U+2013-2014,U+2018-201D,U+2026,U+25CC,"
    "U+FD3E-FD3F"
)


def subset_face(path):
    options = subset.Options()
    options.layout_features = ["*"]
    options.hinting = False
    options.desubroutinize = True
    options.flavor = "woff2"
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
    subsetter.subset(font)
    before = path.stat().st_size
    subset.save_font(font, str(path), options)
    print(f"{path.name}: {before:,} → {path.stat().st_size:,} bytes")


def main():
    font_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else FONT_DIR
    for face in ARABIC_FACES:
        subset_face(font_dir / f"{face}.woff2")


if __name__ == "__main__":
    main()
