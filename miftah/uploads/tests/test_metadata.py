"""miftah.core.metadata.strip_image_metadata on what phones and the web actually send (issue #17)."""

import io

import pytest
from PIL import Image as PILImage

from miftah.core.metadata import NotAnImage, strip_image_metadata

from .test_uploads import assert_clean, photo


def test_png_and_webp_lose_exif_and_xmp():
    for fmt in ("PNG", "WEBP"):
        assert_clean(strip_image_metadata(photo(fmt=fmt)), (20, 40))


def test_phone_mpo_jpegs_are_kept_as_plain_jpeg():
    first = PILImage.open(io.BytesIO(photo()))
    out = io.BytesIO()
    first.save(out, "MPO", save_all=True, append_images=[PILImage.new("RGB", (8, 4))], exif=first.getexif().tobytes())
    assert PILImage.open(io.BytesIO(out.getvalue())).format == "MPO"
    cleaned = strip_image_metadata(out.getvalue())
    assert PILImage.open(io.BytesIO(cleaned)).format == "JPEG"
    assert_clean(cleaned, (20, 40))


def test_animated_gif_keeps_its_frames_not_its_comment():
    frames = [PILImage.new("RGB", (10, 10), color) for color in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=80, loop=0,
                   comment=b"source-was-here")
    cleaned = strip_image_metadata(out.getvalue())
    assert b"source-was-here" not in cleaned
    assert PILImage.open(io.BytesIO(cleaned)).n_frames == 3


def test_bombs_and_non_images_raise(settings):
    with pytest.raises(NotAnImage):
        strip_image_metadata(b"<svg/>")
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100
    with pytest.raises(NotAnImage, match="too many pixels"):
        strip_image_metadata(photo(size=(20, 20)))
