"""The free-text bylines stored before authors existed become credits of authors (migration 0012), one author per
person however the desk typed the name."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = ("articles", "0016_authors_and_credits")
AFTER = ("articles", "0018_remove_free_text_bylines")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True)
def test_stored_bylines_become_authors_credited_in_order():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("articles")
    old = migrate(BEFORE)
    Article = old.get_model("articles", "Article")
    now = timezone.now()
    stored = [
        Article.objects.create(
            headline="Banjir di Rumbai",
            slug="banjir-di-rumbai",
            body="Isi.",
            reporter="Diana Syafni, Rony Muharrman",
            editor="Rolex Malaha",
            published_at=now,
            status="published",
        ),
        Article.objects.create(
            headline="Jalan rusak", slug="jalan-rusak", body="Isi.", reporter="diana  syafni dan Budi", editor=""
        ),
        Article.objects.create(headline="Tanpa byline", slug="tanpa-byline", body="Isi."),
    ]
    try:
        new = migrate(AFTER)
        Credit, Author = new.get_model("articles", "Credit"), new.get_model("articles", "Author")

        def byline(article):
            credits = Credit.objects.filter(article_id=article.pk).order_by("order").select_related("author")
            return [(credit.role, credit.author.name) for credit in credits]

        assert byline(stored[0]) == [
            ("reporter", "Diana Syafni"),
            ("reporter", "Rony Muharrman"),
            ("editor", "Rolex Malaha"),
        ]
        assert byline(stored[1]) == [("reporter", "Diana Syafni"), ("reporter", "Budi")]
        assert byline(stored[2]) == []
        assert sorted(Author.objects.values_list("slug", flat=True)) == [
            "budi",
            "diana-syafni",
            "rolex-malaha",
            "rony-muharrman",
        ]
    finally:
        MigrationExecutor(connection).migrate(latest)
