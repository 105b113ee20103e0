"""Authors as people: bylines of the importer and the desk become authors with a page, a feed and a place in the
story's metadata; their pages are cached and purged like every readers' page."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from lxml import html

from articles import workflow
from articles.models import Article, Author, Credit
from articles.public.pagination import OLDER, key_text
from articles.public.views import AuthorView
from tests.admin_forms import change_form_data
from tests.test_page_cache import cached
from tests.test_purging import purges  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def dump(headline, *, byline, second="Paragraf kedua."):
    return "\n".join(
        [headline, "", "id Riau", "", headline, "", "Pekanbaru (ANTARA) - Isi berita.", "", second, ""]
        + [*byline, "", "Sumber: ANTARA", ""]
    )


def import_dumps(tmp_path, *dumps):
    paths = []
    for n, text in enumerate(dumps):
        path = tmp_path / f"berita-{n}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    call_command("import_articles", *paths, "--status", "published", stdout=io.StringIO(), stderr=io.StringIO())


def byline_of(article):
    return [(credit.role, credit.author.name) for credit in article.credits.select_related("author")]


# The importer -----------------------------------------------------------------------------------------------


def test_the_importer_credits_the_people_its_lines_name_creating_each_author_once(tmp_path):
    import_dumps(
        tmp_path,
        dump("Banjir di Rumbai", byline=["Pewarta: Diana Syafni, Rony Muharrman", "Editor: Rolex Malaha"]),
        dump("Jalan rusak di Kampar", byline=["Reporter:  diana   SYAFNI", "Editor: Rolex Malaha"]),
    )
    first, second = Article.objects.order_by("id")
    assert byline_of(first) == [
        ("reporter", "Diana Syafni"),
        ("reporter", "Rony Muharrman"),
        ("editor", "Rolex Malaha"),
    ]
    # The same people however the second desk typed them: no second "Diana Syafni".
    assert byline_of(second) == [("reporter", "Diana Syafni"), ("editor", "Rolex Malaha")]
    assert sorted(Author.objects.values_list("name", "slug")) == [
        ("Diana Syafni", "diana-syafni"),
        ("Rolex Malaha", "rolex-malaha"),
        ("Rony Muharrman", "rony-muharrman"),
    ]


def test_a_new_version_of_a_story_takes_the_byline_of_the_new_copy(tmp_path):
    import_dumps(tmp_path, dump("Banjir di Rumbai", byline=["Pewarta: Diana Syafni"]))
    (tmp_path / "berita-0.txt").unlink()
    newer = dump("Banjir di Rumbai", byline=["Pewarta: Diana Syafni, Rony Muharrman"], second="Air mulai surut.")
    import_dumps(tmp_path, newer)
    # Same headline and dateline: an update of the stored story, not a second one.
    assert byline_of(Article.objects.get()) == [("reporter", "Diana Syafni"), ("reporter", "Rony Muharrman")]


def test_imported_stories_purge_their_authors_pages(purges, tmp_path):  # noqa: F811
    Author.objects.create(name="Diana Syafni")
    keys = purges(lambda: import_dumps(tmp_path, dump("Banjir di Rumbai", byline=["Pewarta: Diana Syafni"])))
    assert f"list-author-{Author.objects.get().pk}" in keys


# The author page and feed -----------------------------------------------------------------------------------


def test_the_author_page_lists_their_published_stories_newest_first(client, make_article, monkeypatch):
    monkeypatch.setattr(AuthorView, "paginate_by", 2)  # read from the settings once, when the views are defined
    now = timezone.now()
    for n in range(3):
        make_article(f"Berita {n}", published_at=now - timedelta(hours=n), byline=[("reporter", "Diana Syafni")])
    make_article("Draf Diana", status=Article.Status.DRAFT, byline=[("reporter", "Diana Syafni")])
    make_article("Berita orang lain", byline=[("reporter", "Rony")])
    # Credited twice (she reported and edited it): listed once.
    make_article(
        "Berita lama",
        published_at=now - timedelta(days=1),
        byline=[("reporter", "Diana Syafni"), ("editor", "diana syafni")],
    )
    author = Author.objects.get(slug="diana-syafni")
    author.bio = "Pewarta di Pekanbaru sejak 2015."
    author.save()

    page = client.get("/penulis/diana-syafni/")
    assert page.status_code == 200
    tree = html.fromstring(page.content)
    assert tree.find(".//h1").text_content().strip() == "Diana Syafni"
    assert "Pewarta di Pekanbaru sejak 2015." in page.content.decode()
    assert [a.text for a in tree.xpath("//article[@class='card']//h2/a")] == ["Berita 0", "Berita 1"]

    last = page.context_data["article_list"][-1]
    older = client.get(f"/penulis/diana-syafni/?{OLDER}={key_text(last.published_at, last.pk)}")
    assert [a.text for a in html.fromstring(older.content).xpath("//article[@class='card']//h2/a")] == [
        "Berita 2",
        "Berita lama",
    ]


def test_an_author_with_nothing_published_has_no_page(client, make_article):
    make_article("Draf", status=Article.Status.DRAFT, byline=[("reporter", "Diana Syafni")])
    assert client.get("/penulis/diana-syafni/").status_code == 404
    assert client.get("/penulis/diana-syafni/feed/").status_code == 404
    assert client.get("/penulis/tidak-ada/").status_code == 404


def test_the_story_page_names_its_authors_by_role_with_links_to_their_pages(client, make_article):
    article = make_article(
        "Banjir di Rumbai",
        byline=[("reporter", "Diana Syafni"), ("reporter", "Rony Muharrman"), ("editor", "Rolex Malaha")],
    )
    [byline] = html.fromstring(client.get(article.get_absolute_url()).content).find_class("byline")
    assert " ".join(byline.text_content().split()) == "Pewarta: Diana Syafni, Rony Muharrman · Editor: Rolex Malaha"
    assert [a.get("href") for a in byline.iter("a")] == [
        "/penulis/diana-syafni/",
        "/penulis/rony-muharrman/",
        "/penulis/rolex-malaha/",
    ]


# Cached pages follow the changes ----------------------------------------------------------------------------


def test_a_renamed_author_is_seen_at_once_on_their_page_and_their_stories(
    client, make_article, django_assert_num_queries
):
    article = make_article("Banjir di Rumbai", byline=[("reporter", "Diana Syafni")])
    for url in ["/penulis/diana-syafni/", article.get_absolute_url()]:
        cached(client, url, django_assert_num_queries)
    author = Author.objects.get()
    author.name = "Diana Syafni Putri"
    author.save()
    for url in ["/penulis/diana-syafni/", article.get_absolute_url()]:
        assert "Diana Syafni Putri" in client.get(url).content.decode(), url


def test_a_story_joins_its_authors_cached_page_when_credited_and_when_published(
    client, make_article, desk_user, django_assert_num_queries
):
    make_article("Berita pertama", byline=[("reporter", "Diana Syafni")])
    cached(client, "/penulis/diana-syafni/", django_assert_num_queries)
    second = make_article("Berita kedua")
    Credit.objects.create(article=second, author=Author.objects.get())
    assert "Berita kedua" in client.get("/penulis/diana-syafni/").content.decode()

    draft = make_article("Berita ketiga", status=Article.Status.DRAFT, byline=[("reporter", "Diana Syafni")])
    cached(client, "/penulis/diana-syafni/", django_assert_num_queries)
    workflow.publish(draft, by=desk_user("Editor"))
    assert "Berita ketiga" in client.get("/penulis/diana-syafni/").content.decode()


def test_a_credit_change_purges_the_story_and_the_authors_list(purges, make_article):  # noqa: F811
    article = make_article("Banjir di Rumbai")
    author = Author.objects.create(name="Diana Syafni")
    keys = purges(lambda: Credit.objects.create(article=article, author=author))
    assert {f"article-{article.pk}", f"list-author-{author.pk}"} <= keys
    keys = purges(lambda: author.save())
    assert {f"author-{author.pk}", f"list-author-{author.pk}"} <= keys


def test_author_pages_and_story_pages_are_tagged_with_the_author(client, make_article):
    article = make_article("Banjir di Rumbai", byline=[("reporter", "Diana Syafni")])
    author = Author.objects.get()
    assert f"author-{author.pk}" in client.get(article.get_absolute_url())["xkey"].split()
    assert {f"author-{author.pk}", f"list-author-{author.pk}"} <= set(
        client.get("/penulis/diana-syafni/")["xkey"].split()
    )


# The desk's byline ------------------------------------------------------------------------------------------


def test_a_reporter_credits_authors_on_their_draft_and_only_editors_keep_author_pages(login, desk_user, make_article):
    reporter = desk_user("Reporter")
    diana = Author.objects.create(name="Diana Syafni")
    draft = make_article("Draf banjir", status=Article.Status.DRAFT, created_by=reporter)
    client = login(reporter)
    url = reverse("admin:articles_article_change", args=[draft.pk])
    found = client.get(
        reverse("admin:autocomplete"),
        {"term": "diana", "app_label": "articles", "model_name": "credit", "field_name": "author"},
    )
    assert [item["text"] for item in found.json()["results"]] == ["Diana Syafni"]
    data = change_form_data(client.get(url))
    data.update({"credits-TOTAL_FORMS": "1", "credits-0-order": "0", "credits-0-author": str(diana.pk)})
    data["credits-0-role"] = "reporter"
    assert client.post(url, data).status_code == 302
    assert byline_of(draft) == [("reporter", "Diana Syafni")]

    assert client.get(reverse("admin:articles_author_add")).status_code == 403
    assert client.get(reverse("admin:articles_author_change", args=[diana.pk])).status_code == 200  # to read only
    assert client.post(reverse("admin:articles_author_change", args=[diana.pk]), {"name": "X"}).status_code == 403
    editor = login(desk_user("Editor"))
    assert editor.get(reverse("admin:articles_author_add")).status_code == 200
