"""Media in an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, Ceph...) through django-storages.

Everything is written through Django's storage API (`default_storage`, `FileField.storage`), so uploads,
renditions and deletions work unchanged; only addresses differ:

- names under NEWSROOM_PUBLIC_MEDIA_PREFIXES (the renditions, named with a keyed hash nobody can guess) are
  public: a plain, cacheable URL under MEDIA_URL (the bucket, or a CDN in front of it), stored with a year's
  Cache-Control. `manage.py configure_media_bucket` gives anonymous read access to those prefixes alone.
- every other name (originals: guessable, and stored hours before publication) is private: its URL is
  signed and valid for MEDIA_SIGNED_URL_SECONDS. Originals are handed out only through `/media/asli/<id>/`,
  which checks the article first (articles.public.media).
"""

import json

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage

PUBLIC_CACHE_CONTROL = "public, max-age=31536000, immutable"
PRIVATE_CACHE_CONTROL = "private, no-store"


class MediaStorage(S3Storage):
    # Two uploads of "banjir.jpg" in one month are two files, as on disk (django-storages overwrites by default).
    file_overwrite = False
    default_acl = None

    def is_public(self, name):
        return name.startswith(tuple(settings.NEWSROOM_PUBLIC_MEDIA_PREFIXES))

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        parameters.setdefault("CacheControl", PUBLIC_CACHE_CONTROL if self.is_public(name) else PRIVATE_CACHE_CONTROL)
        return parameters

    def url(self, name, parameters=None, expire=None, http_method=None):
        if self.is_public(name) and not parameters:
            return f"{settings.MEDIA_URL}{filepath_to_uri(name)}"
        return super().url(name, parameters=parameters, expire=expire, http_method=http_method)

    def signed_url(self, name, *, content_type):
        """A short-lived address of a private file, answered with `content_type` whatever the object says."""
        return self.url(name, parameters={"ResponseContentType": content_type})

    def public_read_policy(self):
        """The bucket policy letting anybody read the public prefixes, and nothing else."""
        resources = [f"arn:aws:s3:::{self.bucket_name}/{prefix}*" for prefix in settings.NEWSROOM_PUBLIC_MEDIA_PREFIXES]
        statement = {
            "Sid": "PublicRenditions",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": resources,
        }
        return json.dumps({"Version": "2012-10-17", "Statement": [statement]})
