"""Articles' tags in a table of their own (`ArticleTag`), keyed by the article instead of taggit's generic one.

taggit's generic table names the article by content type and an integer `object_id`; joined to the article's bigint
id, PostgreSQL compared `id = object_id::bigint` and that cast kept every index out (issue 15: a tag page of the
top tag took 2.3 s at a million articles). The taggings move over with their ids (so revisions still name the same
rows), in one statement on SQLite and PostgreSQL alike; the search triggers follow the tags to the new table. The
indexes are built after the rows are in, which is quicker than keeping them up during the copy.
"""

import django.db.models.deletion
import taggit.managers
from django.core.management.color import no_style
from django.db import migrations, models

TAGS_DOCUMENT = r"""
CREATE OR REPLACE FUNCTION articles_article_tags_document(article_id bigint) RETURNS tsvector
LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('indonesian'::regconfig, coalesce(string_agg(tag.name, ', ' ORDER BY tag.name), '')), 'C')
    FROM {tags_join}
$$;
"""
# The article's tag ids first (its few rows of the unique index), then their names by primary key. Written as a join,
# a table not analysed yet (a fresh database, a bulk load) got a plan that probed the article's rows once per tag
# of the whole vocabulary: 20,000 probes for every article saved.
NEW_TAGS_JOIN = """taggit_tag tag
    WHERE tag.id = ANY (ARRAY(SELECT item.tag_id FROM articles_articletag item WHERE item.content_object_id = article_id))"""
OLD_TAGS_JOIN = """taggit_taggeditem item
    JOIN taggit_tag tag ON tag.id = item.tag_id
    JOIN django_content_type ct ON ct.id = item.content_type_id
    WHERE item.object_id = article_id AND ct.app_label = 'articles' AND ct.model = 'article'"""

TEXT_PART = "ts_filter(coalesce(article.search_document, ''::tsvector), '{a,b}')"

# Tagging or untagging articles: each affected article once per statement (the importer tags thousands at once).
NEW_TRIGGERS = rf"""
CREATE FUNCTION articles_articletag_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE articles_article article
        SET search_document = {TEXT_PART} || articles_article_tags_document(article.id)
        WHERE article.id IN (SELECT item.content_object_id FROM old_items item);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        UPDATE articles_article article
        SET search_document = {TEXT_PART} || articles_article_tags_document(article.id)
        WHERE article.id IN (SELECT item.content_object_id FROM new_items item);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER articles_articletag_search_document_insert
    AFTER INSERT ON articles_articletag REFERENCING NEW TABLE AS new_items
    FOR EACH STATEMENT EXECUTE FUNCTION articles_articletag_search_document();
CREATE TRIGGER articles_articletag_search_document_update
    AFTER UPDATE ON articles_articletag REFERENCING OLD TABLE AS old_items NEW TABLE AS new_items
    FOR EACH STATEMENT EXECUTE FUNCTION articles_articletag_search_document();
CREATE TRIGGER articles_articletag_search_document_delete
    AFTER DELETE ON articles_articletag REFERENCING OLD TABLE AS old_items
    FOR EACH STATEMENT EXECUTE FUNCTION articles_articletag_search_document();

-- A renamed tag changes the document of every article that carries it.
CREATE OR REPLACE FUNCTION articles_tag_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_article article
    SET search_document = {TEXT_PART} || articles_article_tags_document(article.id)
    FROM articles_articletag item
    WHERE item.tag_id = NEW.id AND article.id = item.content_object_id;
    RETURN NULL;
END
$$;
"""

DROP_NEW_TRIGGERS = """
DROP TRIGGER IF EXISTS articles_articletag_search_document_insert ON articles_articletag;
DROP TRIGGER IF EXISTS articles_articletag_search_document_update ON articles_articletag;
DROP TRIGGER IF EXISTS articles_articletag_search_document_delete ON articles_articletag;
DROP FUNCTION IF EXISTS articles_articletag_search_document();
"""

OLD_TRIGGERS = rf"""
CREATE OR REPLACE FUNCTION articles_taggeditem_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE articles_article article
        SET search_document = {TEXT_PART} || articles_article_tags_document(article.id)
        WHERE article.id IN (
            SELECT item.object_id FROM old_items item
            JOIN django_content_type ct ON ct.id = item.content_type_id
            WHERE ct.app_label = 'articles' AND ct.model = 'article');
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        UPDATE articles_article article
        SET search_document = {TEXT_PART} || articles_article_tags_document(article.id)
        WHERE article.id IN (
            SELECT item.object_id FROM new_items item
            JOIN django_content_type ct ON ct.id = item.content_type_id
            WHERE ct.app_label = 'articles' AND ct.model = 'article');
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER articles_taggeditem_search_document_insert
    AFTER INSERT ON taggit_taggeditem REFERENCING NEW TABLE AS new_items
    FOR EACH STATEMENT EXECUTE FUNCTION articles_taggeditem_search_document();
CREATE TRIGGER articles_taggeditem_search_document_update
    AFTER UPDATE ON taggit_taggeditem REFERENCING OLD TABLE AS old_items NEW TABLE AS new_items
    FOR EACH STATEMENT EXECUTE FUNCTION articles_taggeditem_search_document();
CREATE TRIGGER articles_taggeditem_search_document_delete
    AFTER DELETE ON taggit_taggeditem REFERENCING OLD TABLE AS old_items
    FOR EACH STATEMENT EXECUTE FUNCTION articles_taggeditem_search_document();

CREATE OR REPLACE FUNCTION articles_tag_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_article article
    SET search_document = {TEXT_PART} || articles_article_tags_document(article.id)
    FROM taggit_taggeditem item
    JOIN django_content_type ct ON ct.id = item.content_type_id
    WHERE item.tag_id = NEW.id AND article.id = item.object_id
      AND ct.app_label = 'articles' AND ct.model = 'article';
    RETURN NULL;
END
$$;
"""

DROP_OLD_TRIGGERS = """
DROP TRIGGER IF EXISTS articles_taggeditem_search_document_insert ON taggit_taggeditem;
DROP TRIGGER IF EXISTS articles_taggeditem_search_document_update ON taggit_taggeditem;
DROP TRIGGER IF EXISTS articles_taggeditem_search_document_delete ON taggit_taggeditem;
DROP FUNCTION IF EXISTS articles_taggeditem_search_document();
"""


def _article_type_id(apps, *, create=False):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if create:
        return ContentType.objects.get_or_create(app_label="articles", model="article")[0].pk
    found = ContentType.objects.filter(app_label="articles", model="article").first()
    return found.pk if found else None  # a new database: content types come after the migrations


def move_taggings(apps, schema_editor):
    # The generic table's triggers would rebuild every tagged article's search document on the DELETE below; the
    # documents do not change (the same tags), so the triggers go first.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_OLD_TRIGGERS)
    article_type = _article_type_id(apps)
    if article_type is None:
        return
    # Generic rows do not cascade: a tagging of an article deleted long ago stays behind, and is dropped here.
    schema_editor.execute(
        "INSERT INTO articles_articletag (id, content_object_id, tag_id) SELECT item.id, item.object_id, item.tag_id"
        " FROM taggit_taggeditem item WHERE item.content_type_id = %s"
        " AND item.object_id IN (SELECT id FROM articles_article)",
        [article_type],
    )
    schema_editor.execute("DELETE FROM taggit_taggeditem WHERE content_type_id = %s", [article_type])
    _reset_ids(apps, schema_editor, "articles", "ArticleTag")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE articles_articletag")  # the search triggers' plans read its statistics


def move_taggings_back(apps, schema_editor):
    # The generic table's triggers are back by now (search_triggers_back): they rebuild the documents it tags.
    schema_editor.execute(
        "INSERT INTO taggit_taggeditem (id, object_id, content_type_id, tag_id)"
        " SELECT id, content_object_id, %s, tag_id FROM articles_articletag",
        [_article_type_id(apps, create=True)],
    )
    schema_editor.execute("DELETE FROM articles_articletag")
    _reset_ids(apps, schema_editor, "taggit", "TaggedItem")


def _reset_ids(apps, schema_editor, app_label, model_name):
    # The ids were copied: the table's sequence (PostgreSQL) starts after them. SQLite needs nothing.
    connection = schema_editor.connection
    for statement in connection.ops.sequence_reset_sql(no_style(), [apps.get_model(app_label, model_name)]):
        schema_editor.execute(statement)


def search_triggers_follow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TAGS_DOCUMENT.replace("{tags_join}", NEW_TAGS_JOIN) + NEW_TRIGGERS)


def search_triggers_back(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_NEW_TRIGGERS + TAGS_DOCUMENT.replace("{tags_join}", OLD_TAGS_JOIN) + OLD_TRIGGERS)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_list_order_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleTag",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "content_object",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tagged_items",
                        to="articles.article",
                        verbose_name="article",
                    ),
                ),
                (
                    "tag",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="%(app_label)s_%(class)s_items",
                        to="taggit.tag",
                        verbose_name="tag",
                    ),
                ),
            ],
            options={
                "verbose_name": "article tag",
                "verbose_name_plural": "article tags",
                "ordering": ["id"],
            },
        ),
        migrations.RunPython(move_taggings, move_taggings_back, elidable=False),
        migrations.AddIndex(
            model_name="articletag",
            index=models.Index(fields=["tag", "content_object"], name="article_tag_tag_idx"),
        ),
        migrations.AddConstraint(
            model_name="articletag",
            constraint=models.UniqueConstraint(fields=("content_object", "tag"), name="article_tag_unique"),
        ),
        migrations.RunPython(search_triggers_follow, search_triggers_back, elidable=False),
        migrations.AlterField(
            model_name="article",
            name="tags",
            field=taggit.managers.TaggableManager(
                blank=True,
                help_text="Comma-separated keywords.",
                through="articles.ArticleTag",
                to="taggit.Tag",
                verbose_name="tags",
            ),
        ),
    ]
