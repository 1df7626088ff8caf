"""Photos imported from wp-content/uploads are stored as staff uploads are: without GPS, camera or XMP metadata,
upright (issue #17)."""

import io

from PIL import Image as PILImage
from wagtail.images.models import Image

from miftah.uploads.tests.test_uploads import assert_clean, photo
from miftah.wordpress.importer import import_wordpress
from miftah.wordpress.media import clean_imported_image

from .test_importer import SITE, make_uploads


def test_imported_photos_lose_their_metadata(home, tmp_path):
    uploads = make_uploads(tmp_path)
    (uploads / "2024" / "03" / "election.jpg").write_bytes(photo())
    import_wordpress(SITE, media_dir=uploads)
    image = Image.objects.get(file__contains="election")
    assert (image.width, image.height) == (20, 40)
    with image.open_file() as stored:
        assert_clean(stored.read(), (20, 40))


def test_formats_the_cleaner_does_not_write_become_png(tmp_path):
    source = tmp_path / "scan.tiff"
    exif = PILImage.Exif()
    exif[0x0112], exif[0xA431] = 6, "SERIAL-4471"
    PILImage.new("RGB", (40, 20), (9, 9, 9)).save(source, "TIFF", exif=exif.tobytes())
    name, data = clean_imported_image(source)
    assert name == "scan.png"
    assert_clean(data, (20, 40))
    assert PILImage.open(io.BytesIO(data)).format == "PNG"
