"""Every reader's page runs the same number of queries whatever its stories carry: no page grows by a query per
photo, tag, correction or "Baca juga" link (an N+1 shows up here as a count that differs between one and several).

The data fills every relation a page could follow, also those it does not follow today: the "Baca juga" targets
have their own section, source, photos, renditions and tags, so a template that starts to show one of them
without a prefetch changes the count and fails.
"""

from datetime import timedelta

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import Article, EditorsPick, FrontPage, PhotoRendition, RelatedLink, Section, Source
from articles.public.pagination import older_than_query
from tests.photo_library import place_photo

pytestmark = pytest.mark.django_db

SIZES = [1, 4]


def add_photos(article, count):
    for n in range(count):
        # A stored file name and its dimensions: what pages read, without making files.
        photo = place_photo(
            article,
            order=n,
            image=f"photos/2023/11/{article.slug}-{n}.jpg",
            width=1280,
            height=853,
            caption=f"Keterangan foto {n}",
            credit="ANTARA",
            alt_text=f"Foto {n}",
        ).photo
        for crop, height in (("original", 2 / 3), ("16:9", 9 / 16), ("4:3", 3 / 4)):
            for width in (320, 640):
                for image_format, extension in (("webp", "webp"), ("jpeg", "jpg")):
                    PhotoRendition.objects.create(
                        photo=photo,
                        crop=crop,
                        width=width,
                        height=round(width * height),
                        format=image_format,
                        file=f"photos/renditions/{photo.pk}/{crop.replace(':', 'x')}-{width}w.{extension}",
                    )


def fill_the_newsroom(make_article, editor, size):
    """`size` + 1 stories in one section, source and tag, each with `size` of everything; the first is on the
    article page. Each story's "Baca juga" has `size` local targets (published, with everything of their own)
    and `size` titles without one (an external address or a title waiting for its story)."""
    section = Section.objects.create(name="Internasional")
    source = Source.objects.create(name="Anadolu", website="https://www.aa.com.tr/")
    for n in range(size):
        Section.objects.create(name=f"Rubrik {n}")
    stories = []
    for n in range(size + 1):
        story = make_article(
            f"Berita utama {n}",
            section=section,
            source=source,
            byline=[("reporter", "Rony"), ("reporter", f"Pewarta {n}"), ("editor", "Rolex Malaha")],
            tags=["bersama", *(f"tag {n} {i}" for i in range(size))],
        )
        add_photos(story, size)
        for i in range(size):
            target = make_article(
                f"Berita terkait {n} {i}",
                section=Section.objects.create(name=f"Rubrik target {n} {i}"),
                source=Source.objects.create(name=f"Sumber target {n} {i}"),
                tags=[f"target {n} {i}"],
            )
            add_photos(target, 1)
            RelatedLink.objects.create(article=story, order=i, title=target.headline)
            RelatedLink.objects.create(article=story, order=size + i, title=f"Di luar {i}", url="https://example.com/")
            RelatedLink.objects.create(article=story, order=2 * size + i, title=f"Belum ada {n} {i}")
            workflow.add_correction(story, by=editor, text=f"Ralat {i}.")
        stories.append(story)
    assert all(link.target_id for link in RelatedLink.objects.filter(title__startswith="Berita terkait"))
    # The front page as editors arranged it: the last story on top, every story among the picks.
    front_page = FrontPage.objects.create(
        top_story=stories[-1], banner_text="Berita terkini", banner_url="https://x.id/"
    )
    for n, story in enumerate(stories):
        EditorsPick.objects.create(front_page=front_page, article=story, order=n)
    return stories


@pytest.fixture
def newsroom(make_article, desk_user, request):
    return fill_the_newsroom(make_article, desk_user("Editor", "redaktur"), request.param)


# What each page asks the database, and why; the same for one or several of everything. The section menu is not
# among them: the first page of a generation stores it in the cache (tests/test_section_menu.py), and these pages
# are counted after one.
# story + section + source, photos, renditions, tags, credits + authors, links + targets, corrections (the stories
# here are corrected: a story never corrected asks for none, tests/test_corrections.py)
ARTICLE = 7
LIST = 3  # page of stories + section (no count: paged by key), their photos, renditions
SUBJECT_LIST = LIST + 1  # ... and the tag, source, section or author (its stories on the page: readers may open it)
FEED = 5  # stories + section + source, photos, renditions, tags, credits + authors
SUBJECT_FEED = FEED + 2  # ... and the tag, source, section or author, and one story readers may see on it


def page_counts(story):
    return {
        story.get_absolute_url(): ARTICLE,
        # ... and the front page's arrangement + its top story, its picks, their photos and renditions
        "/": LIST + 4,
        "/?" + older_than_query(story.published_at + timedelta(seconds=1), story.pk): LIST,  # a page by key
        reverse("articles:tag", args=["bersama"]): SUBJECT_LIST,
        story.source.get_absolute_url(): SUBJECT_LIST,
        story.section.get_absolute_url(): SUBJECT_LIST,
        reverse("articles:author", args=["rony"]): SUBJECT_LIST,
        reverse("articles:search") + "?q=berita": 3,  # the form's sections, count, page + section
        reverse("articles:corrections"): 2,  # count, page of corrections + their stories
        reverse("articles:feed"): FEED,
        reverse("articles:feed_atom"): FEED,
        reverse("articles:tag_feed", args=["bersama"]): SUBJECT_FEED,
        reverse("articles:tag_feed_atom", args=["bersama"]): SUBJECT_FEED,
        reverse("articles:source_feed", args=[story.source.slug]): SUBJECT_FEED,
        reverse("articles:source_feed_atom", args=[story.source.slug]): SUBJECT_FEED,
        reverse("articles:section_feed", args=[story.section.slug]): SUBJECT_FEED,
        reverse("articles:section_feed_atom", args=[story.section.slug]): SUBJECT_FEED,
        reverse("articles:author_feed", args=["rony"]): SUBJECT_FEED,
        reverse("articles:author_feed_atom", args=["rony"]): SUBJECT_FEED,
        # articles: first and last published id, latest change; sections, tags, sources: any to list, how many in all
        reverse("sitemap_index"): 8,
        reverse("sitemap_section", args=["articles"]): 2,  # first and last published id, the page's block
        reverse("sitemap_section", args=["sections"]): 3,  # any to list, how many in all, the page
        reverse("sitemap_section", args=["tags"]): 3,
        reverse("sitemap_section", args=["sources"]): 3,
        reverse("sitemap_news"): 2,
        # count, page + section + source, photos, tags, credits + authors, links + targets, corrections
        reverse("articles:ninjs-list"): 7,
        reverse("articles:ninjs-detail", args=[story.slug]): 6,  # the same for one story, without a count
    }


@pytest.mark.parametrize("newsroom", SIZES, indirect=True, ids=lambda size: f"{size} of everything")
def test_every_readers_page_runs_a_fixed_number_of_queries(client, newsroom, django_assert_num_queries):
    story = newsroom[0]
    assert client.get(reverse("articles:search")).status_code == 200  # the generation's first page: the menu stored
    for url, queries in page_counts(story).items():
        with django_assert_num_queries(queries, info=url):
            response = client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("newsroom", [4], indirect=True)
def test_the_pages_show_what_the_counted_queries_loaded(client, newsroom):
    """The counts above are of pages that show their photos, links and corrections (not of empty pages)."""
    story = newsroom[0]
    page = client.get(story.get_absolute_url()).content.decode()
    assert page.count('<li dir="auto"><a href="/berita/berita-terkait-0-') == 4
    assert page.count('<li id="ralat-') == 4 and page.count("/tag/tag-0-") == 4
    assert f"photos/renditions/{story.photos.first().photo_id}/16x9-640w.jpg" in page
    assert Article.objects.published().count() == 5 + 5 * 4
    home = client.get("/").content.decode()
    # The top story above a full page of the newest, and every other story among the picks.
    assert home.count('<article class="card">') == home.count("<picture>") == 21
    assert home.count('<li dir="auto"><a href="/berita/berita-utama-') == 4
