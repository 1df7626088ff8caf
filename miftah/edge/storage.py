"""Media on S3-compatible object storage (django-storages), addressed through MEDIA_URL.

Stored objects carry no public ACL and no signed URLs: readers fetch `MEDIA_URL + name`, which the proxy or CDN maps
to the bucket (deploy/varnish/miftah.vcl: /media/… → the bucket, documents/ refused). Original images, renditions
and documents all land in the bucket; documents stay behind Wagtail's serve view, which streams them from storage.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class MediaStorage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))
