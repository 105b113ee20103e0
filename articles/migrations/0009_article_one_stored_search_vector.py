"""One stored copy of an article's search vector instead of two.

`search_text` (headline and text, weights A and B) was kept beside `search_document` (the same plus the tag
names) so that a change of tags would not stem the body again. At a million articles the two copies took about
8 GB of a 16 GB database. The tag names now carry a weight of their own (C), so the text's part can be taken back
out of `search_document` itself with `ts_filter(..., '{a,b}')` when the tags change: the body is still stemmed
only when the text changes, and one copy is stored. Search ranks weight C like B (articles/search.py), so the
order of results is unchanged. The documents are rebuilt here from the stored vectors, without stemming again.
"""

from django.db import migrations

TAGS_DOCUMENT = r"""
CREATE OR REPLACE FUNCTION articles_article_tags_document(article_id bigint) RETURNS tsvector
LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('indonesian'::regconfig, coalesce(string_agg(tag.name, ', ' ORDER BY tag.name), '')), '{weight}')
    FROM taggit_taggeditem item
    JOIN taggit_tag tag ON tag.id = item.tag_id
    JOIN django_content_type ct ON ct.id = item.content_type_id
    WHERE item.object_id = article_id AND ct.app_label = 'articles' AND ct.model = 'article'
$$;
"""

# The text's part of a stored document, for the tag triggers: {text_part} below.
ONE_VECTOR_TEXT_PART = "ts_filter(coalesce(article.search_document, ''::tsvector), '{a,b}')"
TWO_VECTORS_TEXT_PART = "coalesce(article.search_text, ''::tsvector)"

TAG_TRIGGERS = r"""
CREATE OR REPLACE FUNCTION articles_taggeditem_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE articles_article article
        SET search_document = {text_part} || articles_article_tags_document(article.id)
        WHERE article.id IN (
            SELECT item.object_id FROM old_items item
            JOIN django_content_type ct ON ct.id = item.content_type_id
            WHERE ct.app_label = 'articles' AND ct.model = 'article');
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        UPDATE articles_article article
        SET search_document = {text_part} || articles_article_tags_document(article.id)
        WHERE article.id IN (
            SELECT item.object_id FROM new_items item
            JOIN django_content_type ct ON ct.id = item.content_type_id
            WHERE ct.app_label = 'articles' AND ct.model = 'article');
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION articles_tag_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_article article
    SET search_document = {text_part} || articles_article_tags_document(article.id)
    FROM taggit_taggeditem item
    JOIN django_content_type ct ON ct.id = item.content_type_id
    WHERE item.tag_id = NEW.id AND article.id = item.object_id
      AND ct.app_label = 'articles' AND ct.model = 'article';
    RETURN NULL;
END
$$;
"""

FORWARD_SQL = (
    TAGS_DOCUMENT.replace("{weight}", "C")
    + r"""
CREATE OR REPLACE FUNCTION articles_article_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_document :=
        setweight(to_tsvector('indonesian'::regconfig, coalesce(NEW.headline, '')), 'A')
        || setweight(to_tsvector('indonesian'::regconfig,
                                 coalesce(NEW.summary, '') || E'\n\n' || coalesce(NEW.body, '')), 'B')
        || articles_article_tags_document(NEW.id);
    RETURN NEW;
END
$$;
"""
    + TAG_TRIGGERS.replace("{text_part}", ONE_VECTOR_TEXT_PART)
    + """
UPDATE articles_article SET search_document = coalesce(search_text, ''::tsvector) || articles_article_tags_document(id);
"""
)

BACKWARD_SQL = (
    TAGS_DOCUMENT.replace("{weight}", "B")
    + r"""
CREATE OR REPLACE FUNCTION articles_article_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_text :=
        setweight(to_tsvector('indonesian'::regconfig, coalesce(NEW.headline, '')), 'A')
        || setweight(to_tsvector('indonesian'::regconfig,
                                 coalesce(NEW.summary, '') || E'\n\n' || coalesce(NEW.body, '')), 'B');
    NEW.search_document := NEW.search_text || articles_article_tags_document(NEW.id);
    RETURN NEW;
END
$$;
"""
    + TAG_TRIGGERS.replace("{text_part}", TWO_VECTORS_TEXT_PART)
    + """
UPDATE articles_article SET search_text = ts_filter(coalesce(search_document, ''::tsvector), '{a,b}');
UPDATE articles_article SET search_document = search_text || articles_article_tags_document(id);
"""
)


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_article_list_order_index"),
    ]

    operations = [
        migrations.RunPython(on_postgresql(FORWARD_SQL), on_postgresql(BACKWARD_SQL), elidable=False),
        migrations.RemoveField(model_name="article", name="search_text"),
    ]
