"""A generated archive on PostgreSQL, for tests and measurements of query plans at scale.

`fill(cursor, count)` inserts `count` articles in one statement (tens of thousands in seconds): the database's
own triggers fill the search document from the text, as they do for every article. The text is drawn from a
small vocabulary with a steep spread, as news copy is: "pemerintah" is in almost every story, "banjir" in many,
"gempa" in few, and RARE_WORD (a real word no story of the spread uses) in exactly RARE_COUNT of them.
Nine in ten are published, over ten years; the rest are drafts. Every article has an importer's fingerprint.
"""

COMMON_WORD, FREQUENT_WORD, RARE_WORD = "pemerintah", "banjir", "tsunami"
RARE_COUNT = 40
VOCABULARY = [
    COMMON_WORD, FREQUENT_WORD, "jakarta", "riau", "harga", "presiden", "menteri", "dewan", "rakyat", "ekonomi",
    "pasar", "saham", "rupiah", "polisi", "hutan", "kebakaran", "sekolah", "kesehatan", "rumah", "sakit", "jalan",
    "bandara", "pelabuhan", "nelayan", "petani", "karet", "sawit", "pendidikan", "pemilu", "partai", "gempa",
]  # fmt: skip
SLUG_PREFIX = "arsip-"

FILL_SQL = """
INSERT INTO articles_article (
    headline, slug, language, dateline_place, dateline_agency, summary, body, status, published_at,
    created_at, updated_at, seo_title, seo_description, canonical_url, headline_key, fingerprint, story_key, uid,
    version
)
SELECT text.headline, %(prefix)s || g, 'id', 'Pekanbaru', 'ANTARA', '',
       '<p>' || text.body || CASE WHEN g %% (%(count)s / %(rare)s) = 1 THEN ' ' || %(rare_word)s ELSE '' END || '</p>',
       CASE WHEN g %% 10 = 0 THEN 'draft' ELSE 'published' END,
       CASE WHEN g %% 10 = 0 THEN NULL ELSE now() - (g * interval '1 hour') * (87600.0 / %(count)s) END,
       now(), now(), '', '', '', lower(text.headline), md5('fingerprint' || g), md5('story' || g), gen_random_uuid(), 1
FROM generate_series(1, %(count)s) AS g
CROSS JOIN LATERAL (
    SELECT initcap(string_agg(word, ' ') FILTER (WHERE n <= 8)) || ' ' || g AS headline,
           string_agg(word, ' ') AS body
    FROM (
        SELECT n, (%(words)s::text[])[1 + floor(power(random(), 3) * %(vocabulary)s)::int] AS word
        FROM generate_series(1, 60) AS n
        WHERE g > 0
    ) AS drawn
) AS text
"""


def fill(cursor, count):
    """Insert `count` generated articles (see the module's docstring) and bring the planner's statistics up to date."""
    cursor.execute(
        FILL_SQL,
        {
            "prefix": SLUG_PREFIX,
            "count": count,
            "rare": RARE_COUNT,
            "rare_word": RARE_WORD,
            "words": VOCABULARY,
            "vocabulary": len(VOCABULARY),
        },
    )
    cursor.execute("ANALYZE articles_article")


def empty(cursor):
    cursor.execute("DELETE FROM articles_article WHERE slug LIKE %s", [SLUG_PREFIX + "%"])
