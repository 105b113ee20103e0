"""The front page as editors arrange it: a top story, ordered "Pilihan editor" and a breaking-news banner, each
part on and off on time (from the page cache too, with no cron), arranged in one admin screen by editors only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from lxml import html

from articles.models import Article, EditorsPick, FrontPage
from tests.photo_library import place_photo
from tests.test_page_cache import cached
from tests.test_purging import purges  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def home(client):
    response = client.get("/")
    assert response.status_code == 200
    tree = html.fromstring(response.content)
    top = tree.xpath("//section[@class='top-story']//h2/a/text()")
    picks = tree.xpath("//section[@class='editors-picks']//li/a/text()")
    newest = tree.xpath("//ol[contains(@class, 'article-list')]//h2/a/text()")
    banner = [" ".join(p.text_content().split()) for p in tree.find_class("breaking")]
    return {"top": top, "picks": picks, "newest": newest, "banner": banner, "tree": tree}


@pytest.fixture
def stories(make_article, clock):
    now = clock.now
    return {
        name: make_article(name, published_at=now - timedelta(hours=n))
        for n, name in enumerate(["Harga sawit naik", "Banjir di Rumbai", "Gubernur lantik pejabat", "Jalan tol"])
    }


def arrange(top=None, picks=(), **fields):
    fields.setdefault("starts_at", timezone.now())  # the site's clock, which the tests may stop
    front_page = FrontPage.objects.create(top_story=top, **fields)
    for order, (article, until) in enumerate(picks):
        EditorsPick.objects.create(front_page=front_page, article=article, order=order, until=until)
    return front_page


def test_without_an_arrangement_the_home_page_is_newest_first(client, stories):
    seen = home(client)
    assert seen["newest"] == list(stories)
    assert (seen["top"], seen["picks"], seen["banner"]) == ([], [], [])


def test_the_arrangement_leads_the_home_page(client, stories, make_article):
    draft = make_article("Draf rahasia", status=Article.Status.DRAFT)
    arrange(
        top=stories["Jalan tol"],
        picks=[(stories["Gubernur lantik pejabat"], None), (draft, None), (stories["Harga sawit naik"], None)],
        banner_text="Gempa M5,2 guncang Padang",
        banner_url="https://riau.example/berita/gempa/",
    )
    seen = home(client)
    assert seen["top"] == ["Jalan tol"]
    # In the editors' order; a story readers may not see is left out.
    assert seen["picks"] == ["Gubernur lantik pejabat", "Harga sawit naik"]
    # The top story is not shown a second time among the newest.
    assert seen["newest"] == ["Harga sawit naik", "Banjir di Rumbai", "Gubernur lantik pejabat"]
    # "Berita sela", the Indonesian for breaking news: "Berita terkini" is the latest news above it.
    assert seen["banner"] == ["Berita sela Gempa M5,2 guncang Padang"]
    assert seen["tree"].xpath("//p[@class='breaking']//a/@href") == ["https://riau.example/berita/gempa/"]


def test_a_top_story_and_a_pick_with_library_photos_lead_the_home_page(client, stories):
    # Their photos are loaded with the arrangement as on every list (the use, its library photo, the renditions).
    place_photo(stories["Jalan tol"], caption="Jalan tol Pekanbaru-Dumai dibuka", credit="ANTARA FOTO")
    place_photo(stories["Banjir di Rumbai"], caption="Posko banjir di Rumbai", credit="ANTARA FOTO")
    arrange(top=stories["Jalan tol"], picks=[(stories["Banjir di Rumbai"], None)])
    seen = home(client)
    assert (seen["top"], seen["picks"]) == (["Jalan tol"], ["Banjir di Rumbai"])


def test_parts_expire_on_time_from_the_cache_without_any_write(client, stories, clock, django_assert_num_queries):
    arrange(
        top=stories["Jalan tol"],
        top_story_until=clock.now + timedelta(minutes=30),
        picks=[(stories["Banjir di Rumbai"], clock.now + timedelta(minutes=10))],
        banner_text="Gempa M5,2 guncang Padang",
        banner_until=clock.now + timedelta(minutes=20),
    )
    page = cached(client, "/", django_assert_num_queries)
    # Neither this cache nor a shared one keeps the page past the first expiry (the pick's, in 10 minutes).
    assert "s-maxage=600" in page["Cache-Control"]
    clock.advance(minutes=10, seconds=1)
    assert home(client)["picks"] == []
    clock.advance(minutes=10)
    assert home(client)["banner"] == []
    assert home(client)["top"] == ["Jalan tol"]
    clock.advance(minutes=10)
    seen = home(client)
    assert seen["top"] == [] and seen["newest"] == list(stories)


def test_a_scheduled_arrangement_takes_effect_on_time(client, stories, clock, django_assert_num_queries):
    arrange(top=stories["Banjir di Rumbai"])
    arrange(top=stories["Jalan tol"], starts_at=clock.now + timedelta(hours=1))
    cached(client, "/", django_assert_num_queries)
    assert home(client)["top"] == ["Banjir di Rumbai"]
    clock.advance(minutes=59)
    with django_assert_num_queries(0):
        client.get("/")
    clock.advance(minutes=1, seconds=1)
    assert home(client)["top"] == ["Jalan tol"]


def test_a_scheduled_top_story_leads_once_it_is_published(client, make_article, clock):
    make_article("Berita lama", published_at=clock.now - timedelta(hours=1))
    arrange(top=make_article("Pengumuman UMP Riau", published_at=clock.now + timedelta(minutes=5)))
    assert home(client)["top"] == []
    clock.advance(minutes=5, seconds=1)
    assert home(client)["top"] == ["Pengumuman UMP Riau"]


def test_a_new_arrangement_reaches_the_cached_home_page_at_once(client, stories, django_assert_num_queries):
    cached(client, "/", django_assert_num_queries)
    front_page = arrange(top=stories["Jalan tol"])
    assert home(client)["top"] == ["Jalan tol"]
    cached(client, "/", django_assert_num_queries)
    EditorsPick.objects.create(front_page=front_page, article=stories["Banjir di Rumbai"])
    assert home(client)["picks"] == ["Banjir di Rumbai"]


def test_the_home_page_is_tagged_with_the_arrangement_and_a_change_purges_it(
    client,
    stories,
    purges,  # noqa: F811
):
    front_page = arrange(top=stories["Jalan tol"])
    keys = client.get("/")["xkey"].split()
    assert "front-page" in keys and f"article-{stories['Jalan tol'].pk}" in keys
    assert "front-page" in purges(lambda: setattr(front_page, "banner_text", "Awas banjir") or front_page.save())


# The admin screen -----------------------------------------------------------------------------------------------


def test_an_editor_arranges_the_front_page_in_one_screen(login, desk_user, stories, client):
    editor = login(desk_user("Editor"))
    url = reverse("admin:articles_frontpage_add")
    assert editor.get(url).status_code == 200
    response = editor.post(
        url,
        {
            "starts_at_0": "05/12/2026",
            "starts_at_1": "00:00:00",
            "top_story": str(stories["Jalan tol"].pk),
            "banner_text": "",
            "banner_url": "",
            "picks-TOTAL_FORMS": "2",
            "picks-INITIAL_FORMS": "0",
            "picks-0-order": "1",
            "picks-0-article": str(stories["Banjir di Rumbai"].pk),
            "picks-1-order": "0",
            "picks-1-article": str(stories["Harga sawit naik"].pk),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    front_page = FrontPage.objects.get()
    assert front_page.created_by.username == "editor"
    assert [pick.article.headline for pick in front_page.picks.all()] == ["Harga sawit naik", "Banjir di Rumbai"]


def post_banner(editor, link):
    return editor.post(
        reverse("admin:articles_frontpage_add"),
        {
            "starts_at_0": "05/12/2026",
            "starts_at_1": "00:00:00",
            "banner_text": "Gempa M5,2 guncang Kepulauan Meranti",
            "banner_url": link,
            "picks-TOTAL_FORMS": "0",
            "picks-INITIAL_FORMS": "0",
        },
    )


@pytest.mark.parametrize(
    "link", ["/berita/gempa-guncang-meranti/", "/en/news/earthquake/?src=banner#top", "https://riau.example/gempa/"]
)
def test_the_breaking_news_link_takes_a_story_address_copied_from_this_site(login, desk_user, client, link):
    editor = login(desk_user("Editor"))
    assert post_banner(editor, link).status_code == 302
    assert FrontPage.objects.get().banner_url == link
    client.logout()
    assert f'<a href="{escape(link)}">Gempa M5,2 guncang Kepulauan Meranti</a>' in client.get("/").content.decode()


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "//evil.example/", "/\\evil.example/", "riau.example/gempa", "/berita/a b/"]
)
def test_the_breaking_news_link_refuses_what_is_not_a_web_or_site_address(login, desk_user, link):
    response = post_banner(login(desk_user("Editor")), link)
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["banner_url"]
    assert "alamat di situs ini" in error
    assert not FrontPage.objects.exists()


@pytest.mark.parametrize("role", ["Reporter", "Photo editor"])
def test_only_editors_arrange_the_front_page(login, desk_user, stories, role):
    front_page = arrange(top=stories["Jalan tol"])
    user = login(desk_user(role))
    for url in [
        reverse("admin:articles_frontpage_changelist"),
        reverse("admin:articles_frontpage_add"),
        reverse("admin:articles_frontpage_change", args=[front_page.pk]),
    ]:
        assert user.get(url).status_code == 403, url
    assert (
        user.post(reverse("admin:articles_frontpage_delete", args=[front_page.pk]), {"post": "yes"}).status_code == 403
    )
    assert FrontPage.objects.filter(pk=front_page.pk).exists()
