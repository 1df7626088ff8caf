"""Removes what a photo says about its maker: EXIF (GPS position, camera serial, time), XMP and IPTC, keeping the
pixels, the orientation (applied to the pixels) and the colour profile. Used for staff uploads and for files a
source sends through the tip line, so one function decides what leaves a file.
"""

import io

from PIL import Image, ImageOps

# Formats Pillow re-encodes here; anything else is not an image this module can clean.
_SAVE_OPTIONS = {
    "JPEG": {"quality": 92, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90},
    "GIF": {},
    "AVIF": {"quality": 80},
}


# Phones write JPEGs with a second, preview picture that Pillow reads as "MPO": kept as the plain JPEG it shows.
_SAME_AS = {"MPO": "JPEG"}
# Keys of a GIF frame's info that describe the animation, not its maker (a GIF comment can hold anything).
_GIF_FRAME_KEYS = ("duration", "transparency", "disposal", "background", "loop")
DEFAULT_MAX_PIXELS = 50_000_000


class NotAnImage(ValueError):
    pass


def _max_pixels():
    from django.conf import settings

    return getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None) or DEFAULT_MAX_PIXELS


def strip_image_metadata(data: bytes) -> bytes:
    """The same picture, re-encoded in its own format with no metadata but its colour profile."""
    try:
        image = Image.open(io.BytesIO(data))
        # Decompression bombs: the size is in the header, checked before any pixel is decoded.
        frames = getattr(image, "n_frames", 1) if image.format == "GIF" else 1
        if image.width * image.height * frames > _max_pixels():
            raise NotAnImage(f"too many pixels ({image.width}x{image.height})")
        image.load()
    except NotAnImage:
        raise
    except Exception as error:  # Pillow raises many kinds for a file that is not a readable image
        raise NotAnImage(str(error)) from error
    image_format = _SAME_AS.get(image.format, image.format)
    if image_format not in _SAVE_OPTIONS:
        raise NotAnImage(f"unsupported image format {image_format}")
    options = dict(_SAVE_OPTIONS[image_format])
    icc_profile = image.info.get("icc_profile")
    if image_format == "GIF" and getattr(image, "is_animated", False):
        frames = [frame.copy() for frame in _frames(image)]
        for frame in frames:
            frame.info = {key: frame.info[key] for key in _GIF_FRAME_KEYS if key in frame.info}
        out = io.BytesIO()
        frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:],
                       loop=image.info.get("loop", 0), duration=image.info.get("duration", 100))
        return out.getvalue()
    cleaned = ImageOps.exif_transpose(image)
    if image_format == "JPEG" and cleaned.mode not in ("RGB", "L", "CMYK"):
        cleaned = cleaned.convert("RGB")
    if icc_profile and image_format in ("JPEG", "PNG", "WEBP", "AVIF"):
        options["icc_profile"] = icc_profile
    out = io.BytesIO()
    # A fresh Image carries no info dict entries from the source: no exif, xmp, comment or text chunks.
    fresh = Image.new(cleaned.mode, cleaned.size)
    fresh.putdata(cleaned.getdata()) if cleaned.mode == "P" else fresh.paste(cleaned)
    if cleaned.mode == "P" and cleaned.getpalette():
        fresh.putpalette(cleaned.getpalette())
        if "transparency" in cleaned.info:
            options["transparency"] = cleaned.info["transparency"]
    fresh.save(out, format=image_format, **options)
    return out.getvalue()


def _frames(image):
    for index in range(image.n_frames):
        image.seek(index)
        yield image
