"""Set up the media bucket: anonymous read for the renditions' prefix, nothing else (README "Production")."""

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from newsroom.storage import MediaStorage


class Command(BaseCommand):
    help = "Give anonymous read access to the public media prefixes (renditions) of the MEDIA_STORAGE=s3 bucket."

    def add_arguments(self, parser):
        parser.add_argument("--create", action="store_true", help="create the bucket first if it does not exist")

    def handle(self, *args, create=False, **options):
        storage = storages["default"]
        if not isinstance(storage, MediaStorage):
            raise CommandError("Media are not in a bucket: set MEDIA_STORAGE=s3 and the S3_* variables first.")
        client = storage.connection.meta.client
        try:
            if create:
                self._create(client, storage.bucket_name)
            client.put_bucket_policy(Bucket=storage.bucket_name, Policy=storage.public_read_policy())
        except (BotoCoreError, ClientError) as error:
            raise CommandError(
                f"Could not configure bucket {storage.bucket_name} at {storage.endpoint_url or 'AWS'}: {error}. "
                "Check S3_ENDPOINT_URL, S3_BUCKET and that the key may create buckets and set their policy."
            ) from error
        self.stdout.write(self.style.SUCCESS(f"bucket {storage.bucket_name}: renditions public, originals private"))

    def _create(self, client, name):
        try:
            client.create_bucket(Bucket=name)
        except client.exceptions.BucketAlreadyOwnedByYou:
            return
        self.stdout.write(f"created bucket {name}")
