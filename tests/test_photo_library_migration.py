"""The photo-library migration on a desk's real data: yesterday's schema with photos that belonged to one article
each, migrated, keeps every file, caption, credit, archive flag, rendition and revision."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("articles", "0020_internal_notes_and_assignee")]
AFTER = [("articles", "0021_photo_library_and_uses")]
# Apps the data migration reads beside articles (stored revisions and their content types).
ALSO = [
    ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ("contenttypes", "0002_remove_content_type_name"),
]

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets + ALSO).apps


@pytest.fixture(autouse=True)
def latest_schema_afterwards():
    """The tests move the schema back and forth; every later test needs today's."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def old_desk():
    """Two stories in the old schema: one with two photos (one an archive photo with renditions), one waiting for
    its file; and a stored revision of the first story that still has the caption it had then."""
    apps = migrate(BEFORE)
    Article = apps.get_model("articles", "Article")
    Photo = apps.get_model("articles", "Photo")
    PhotoRendition = apps.get_model("articles", "PhotoRendition")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("reversion", "Revision")
    Version = apps.get_model("reversion", "Version")

    siak = Article.objects.create(headline="Sungai Siak meluap", slug="sungai-siak-meluap", body="Pekanbaru - Banjir.")
    dumai = Article.objects.create(headline="Rob di Dumai", slug="rob-di-dumai", body="Dumai - Rob.")
    archive = Photo.objects.create(
        article=siak,
        order=0,
        image="photos/2020/03/siak.jpg",
        width=1600,
        height=1200,
        caption="Arsip foto - Sungai Siak dari Jembatan Siak IV, Maret 2020.",
        credit="ANTARA FOTO/Rony Muharrman",
        is_archive=True,
        alt_text="Sungai lebar berwarna coklat di bawah jembatan",
        file_hash="a" * 64,
    )
    second = Photo.objects.create(
        article=siak,
        order=1,
        image="photos/2026/12/warga.jpg",
        width=800,
        height=600,
        caption="Warga mengungsi.",
        credit="ANTARA",
    )
    waiting = Photo.objects.create(article=dumai, order=0, caption="Rob merendam pelabuhan.", credit="ANTARA")
    for width, image_format in [(320, "jpeg"), (320, "webp"), (640, "jpeg")]:
        PhotoRendition.objects.create(
            photo=archive,
            width=width,
            height=width * 3 // 4,
            format=image_format,
            file=f"photos/renditions/{archive.pk}/kunci-{width}w.{image_format}",
            bytes=1000 + width,
        )
    photo_type, _ = ContentType.objects.get_or_create(app_label="articles", model="photo")
    revision = Revision.objects.create(date_created="2026-11-01T08:00:00Z", comment="Versi pertama")
    stored = {"article": siak.pk, "order": 0, "caption": "Sungai Siak, Maret 2020.", "credit": archive.credit}
    Version.objects.create(
        revision=revision,
        object_id=str(archive.pk),
        content_type=photo_type,
        db="default",
        format="revision_json",
        serialized_data=json.dumps([{"model": "articles.photo", "pk": archive.pk, "fields": stored}]),
        object_repr="Sungai Siak, Maret 2020.",
    )
    return {"siak": siak.pk, "dumai": dumai.pk, "archive": archive.pk, "second": second.pk, "waiting": waiting.pk}


def test_every_photo_becomes_a_library_photo_used_once_with_nothing_lost(old_desk):
    old = old_desk
    apps = migrate(AFTER)
    Photo = apps.get_model("articles", "Photo")
    PhotoUse = apps.get_model("articles", "PhotoUse")

    photos = {photo.pk: photo for photo in Photo.objects.all()}
    assert set(photos) == {old["archive"], old["second"], old["waiting"]}  # same rows, same ids
    archive = photos[old["archive"]]
    assert (archive.image.name, archive.width, archive.height, archive.file_hash) == (
        "photos/2020/03/siak.jpg",
        1600,
        1200,
        "a" * 64,
    )
    assert archive.caption == "Arsip foto - Sungai Siak dari Jembatan Siak IV, Maret 2020."
    assert (archive.credit, archive.is_archive) == ("ANTARA FOTO/Rony Muharrman", True)
    assert archive.alt_text == "Sungai lebar berwarna coklat di bawah jembatan"
    assert photos[old["waiting"]].image.name == ""  # still waiting for its file
    assert sorted(
        (r.width, r.format, r.file.name, r.bytes) for r in apps.get_model("articles", "PhotoRendition").objects.all()
    ) == [
        (320, "jpeg", f"photos/renditions/{archive.pk}/kunci-320w.jpeg", 1320),
        (320, "webp", f"photos/renditions/{archive.pk}/kunci-320w.webp", 1320),
        (640, "jpeg", f"photos/renditions/{archive.pk}/kunci-640w.jpeg", 1640),
    ]
    uses = list(PhotoUse.objects.order_by("article_id", "order").values_list("article_id", "photo_id", "order"))
    assert uses == [
        (old["siak"], old["archive"], 0),
        (old["siak"], old["second"], 1),
        (old["dumai"], old["waiting"], 0),
    ]
    assert not PhotoUse.objects.exclude(story_caption="").exists()  # every story shows the library caption
    # An import finds these photos by their caption and credit.
    assert all(photo.text_key for photo in photos.values())


def test_a_stored_revision_gets_the_use_with_the_caption_the_story_had_then(old_desk):
    old = old_desk
    apps = migrate(AFTER)
    Version = apps.get_model("reversion", "Version")
    PhotoUse = apps.get_model("articles", "PhotoUse")
    use = PhotoUse.objects.get(photo_id=old["archive"])
    [version] = Version.objects.filter(content_type__model="photouse")
    [data] = json.loads(version.serialized_data)
    assert (data["model"], data["pk"], version.object_id) == ("articles.photouse", use.pk, str(use.pk))
    assert data["fields"] == {
        "article": old["siak"],
        "photo": old["archive"],
        "order": 0,
        "story_caption": "Sungai Siak, Maret 2020.",
    }
    # The photo's own stored version is kept as it was.
    assert Version.objects.filter(content_type__model="photo", object_id=str(old["archive"])).exists()


def test_the_migration_goes_back_to_one_article_per_photo(old_desk):
    old = old_desk
    migrate(AFTER)
    apps = migrate(BEFORE)
    Photo = apps.get_model("articles", "Photo")
    assert sorted(Photo.objects.values_list("pk", "article_id", "order")) == sorted(
        [(old["archive"], old["siak"], 0), (old["second"], old["siak"], 1), (old["waiting"], old["dumai"], 0)]
    )
