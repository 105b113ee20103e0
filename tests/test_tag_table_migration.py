"""Migration 0011 moves the desk's taggings out of taggit's generic table into the articles' own, and back.

A desk upgrading keeps every tag on every story (with the same row ids, which its revisions name), the search finds
the stories by their tags afterwards on PostgreSQL, and a tagging left behind by a story deleted long ago (generic
rows do not cascade) does not stop the migration.
"""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("articles", "0010_list_order_indexes")]
AFTER = [("articles", "0011_article_tags_own_table")]

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before_the_move():
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_the_taggings_move_to_the_articles_own_table_and_back(before_the_move):
    apps = before_the_move
    Article, Tag = apps.get_model("articles", "Article"), apps.get_model("taggit", "Tag")
    TaggedItem, ContentType = apps.get_model("taggit", "TaggedItem"), apps.get_model("contenttypes", "ContentType")
    article_type = ContentType.objects.get_or_create(app_label="articles", model="article")[0]
    other_type = ContentType.objects.get_or_create(app_label="articles", model="section")[0]
    banjir = Article.objects.create(headline="Banjir di Pekanbaru", slug="banjir", body="Air naik.", headline_key="a")
    sawit = Article.objects.create(headline="Harga sawit naik", slug="sawit", body="Petani senang.", headline_key="b")
    riau, cuaca = Tag.objects.create(name="Riau", slug="riau"), Tag.objects.create(name="Cuaca", slug="cuaca")
    kept = [
        TaggedItem.objects.create(content_type=article_type, object_id=banjir.pk, tag=riau),
        TaggedItem.objects.create(content_type=article_type, object_id=banjir.pk, tag=cuaca),
        TaggedItem.objects.create(content_type=article_type, object_id=sawit.pk, tag=riau),
    ]
    TaggedItem.objects.create(content_type=article_type, object_id=sawit.pk + 1000, tag=cuaca)  # a deleted story
    not_an_article = TaggedItem.objects.create(content_type=other_type, object_id=banjir.pk, tag=cuaca)

    apps = migrate(AFTER)
    ArticleTag = apps.get_model("articles", "ArticleTag")
    moved = ArticleTag.objects.order_by("pk").values_list("pk", "content_object_id", "tag_id")
    assert list(moved) == [(item.pk, item.object_id, item.tag_id) for item in kept]
    assert list(apps.get_model("taggit", "TaggedItem").objects.values_list("pk", flat=True)) == [not_an_article.pk]
    # New taggings take ids after the moved ones.
    assert ArticleTag.objects.create(content_object_id=sawit.pk, tag_id=cuaca.pk).pk > kept[-1].pk
    if connection.vendor == "postgresql":
        cuaca_query = SearchQuery("cuaca", config="indonesian")
        found = apps.get_model("articles", "Article").objects.filter(search_document=cuaca_query)
        assert sorted(found.values_list("slug", flat=True)) == ["banjir", "sawit"]

    apps = migrate(BEFORE)
    back = apps.get_model("taggit", "TaggedItem").objects.filter(content_type_id=article_type.pk)
    assert len(back.values_list("object_id", "tag_id")) == 4
