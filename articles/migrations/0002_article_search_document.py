"""Full-text search document for articles, kept current by PostgreSQL itself.

On PostgreSQL, triggers rebuild `search_document` whenever an article's text or its tags change
(including a tag being renamed), so every way of writing (admin, importer, bulk SQL) stays searchable,
and a GIN index serves the `@@` match. SQLite has no text search: there the column stays empty
and the RunPython step does nothing.
"""

import django.contrib.postgres.search
from django.db import migrations

# Headline weighs most (A); the summary, body and tag names come next (B).
# Tags live in taggit's generic table, hence the content type join.
CREATE_SQL = r"""
-- The tags' part of an article's document, weight B.
CREATE FUNCTION articles_article_tags_document(article_id bigint) RETURNS tsvector
LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('indonesian'::regconfig, coalesce(string_agg(tag.name, ', ' ORDER BY tag.name), '')), 'B')
    FROM taggit_taggeditem item
    JOIN taggit_tag tag ON tag.id = item.tag_id
    JOIN django_content_type ct ON ct.id = item.content_type_id
    WHERE item.object_id = article_id AND ct.app_label = 'articles' AND ct.model = 'article'
$$;

-- The text's part (search_text) is computed only when the text changes; tagging reuses it, so a
-- bulk import's tags do not make PostgreSQL stem every body twice.
CREATE FUNCTION articles_article_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_text :=
        setweight(to_tsvector('indonesian'::regconfig, coalesce(NEW.headline, '')), 'A')
        || setweight(to_tsvector('indonesian'::regconfig,
                                 coalesce(NEW.summary, '') || E'\n\n' || coalesce(NEW.body, '')), 'B');
    NEW.search_document := NEW.search_text || articles_article_tags_document(NEW.id);
    RETURN NEW;
END
$$;

CREATE TRIGGER articles_article_search_document
    BEFORE INSERT OR UPDATE OF headline, summary, body ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_document();

-- Tagging or untagging articles: each affected article once per statement, so that the importer's
-- bulk insert of thousands of taggings rebuilds each document once, not once per tag.
CREATE FUNCTION articles_taggeditem_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE articles_article article
        SET search_document = coalesce(article.search_text, ''::tsvector) || articles_article_tags_document(article.id)
        WHERE article.id IN (
            SELECT item.object_id FROM old_items item
            JOIN django_content_type ct ON ct.id = item.content_type_id
            WHERE ct.app_label = 'articles' AND ct.model = 'article');
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        UPDATE articles_article article
        SET search_document = coalesce(article.search_text, ''::tsvector) || articles_article_tags_document(article.id)
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

-- A renamed tag changes the document of every article that carries it.
CREATE FUNCTION articles_tag_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_article article
    SET search_document = coalesce(article.search_text, ''::tsvector) || articles_article_tags_document(article.id)
    FROM taggit_taggeditem item
    JOIN django_content_type ct ON ct.id = item.content_type_id
    WHERE item.tag_id = NEW.id AND article.id = item.object_id
      AND ct.app_label = 'articles' AND ct.model = 'article';
    RETURN NULL;
END
$$;

CREATE TRIGGER articles_tag_search_document
    AFTER UPDATE OF name ON taggit_tag
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION articles_tag_search_document();

-- Articles written before this migration.
UPDATE articles_article SET headline = headline;

CREATE INDEX article_search_document_idx ON articles_article USING gin (search_document);
"""

DROP_SQL = """
DROP INDEX IF EXISTS article_search_document_idx;
DROP TRIGGER IF EXISTS articles_tag_search_document ON taggit_tag;
DROP FUNCTION IF EXISTS articles_tag_search_document();
DROP TRIGGER IF EXISTS articles_taggeditem_search_document_insert ON taggit_taggeditem;
DROP TRIGGER IF EXISTS articles_taggeditem_search_document_update ON taggit_taggeditem;
DROP TRIGGER IF EXISTS articles_taggeditem_search_document_delete ON taggit_taggeditem;
DROP FUNCTION IF EXISTS articles_taggeditem_search_document();
DROP TRIGGER IF EXISTS articles_article_search_document ON articles_article;
DROP FUNCTION IF EXISTS articles_article_search_document();
DROP FUNCTION IF EXISTS articles_article_tags_document(bigint);
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="search_text",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(on_postgresql(CREATE_SQL), on_postgresql(DROP_SQL), elidable=False),
    ]
