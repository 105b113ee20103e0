"""Restoring and recovering revisions is a workflow move: who may do it, and proof that a refusal writes nothing.

Every role tries every revision page on the desk's stories, as they would by hand (a POST needs no form).
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, ArticleTag, AuditEntry, Photo, PhotoUse, RelatedLink, Section
from articles.revision_comments import shown_comment
from articles.revisions import record_revision, versions_of
from tests.photo_library import place_photo

pytestmark = pytest.mark.django_db

ADMIN = "/admin/articles/article"


def story(make_article, headline, *, author, published):
    """Two revisions: the first draft, then the current text with a photo (published, if asked)."""
    with record_revision(user=author, comment="Draf pertama"):
        article = make_article(headline, status=Article.Status.DRAFT, created_by=author, body="Versi lama.")
    with record_revision(user=author, comment="Diperbarui"):
        article.body = "Versi baru."
        if published:
            article.status = Article.Status.PUBLISHED
            article.published_at = timezone.now() - timedelta(hours=1)
        article.save()
        place_photo(article, caption="Foto baru", credit="ANTARA", alt_text="Warga di tepi sungai")
    return article


def deleted_story(make_article, headline, *, author):
    with record_revision(user=author, comment="Draf"):
        article = make_article(headline, status=Article.Status.DRAFT, created_by=author)
    version = versions_of(article).get()
    article.delete()
    return version


@pytest.fixture
def newsroom(desk_user, make_article):
    people = {
        "Reporter": desk_user("Reporter", "wartawan"),
        "Editor": desk_user("Editor", "redaktur"),
        "Photo editor": desk_user("Photo editor", "fotografer"),
    }
    colleague = desk_user("Reporter", "wartawan-lain")
    articles = {
        "own draft": story(make_article, "Draf wartawan", author=people["Reporter"], published=False),
        "other's published": story(make_article, "Gubernur resmikan jembatan", author=colleague, published=True),
        "other's draft": story(make_article, "Banjir rendam Pekanbaru", author=colleague, published=False),
    }
    deleted = {
        "own deleted draft": deleted_story(make_article, "Draf yang terhapus", author=people["Reporter"]),
        "other's deleted draft": deleted_story(make_article, "Draf rekan yang terhapus", author=colleague),
    }
    return {"people": people, "articles": articles, "deleted": deleted}


def snapshot():
    """Everything a restore could write: any difference after a refusal is a hole."""
    return (
        list(Article.objects.order_by("pk").values("pk", "headline", "body", "status", "published_at", "version")),
        list(Photo.objects.order_by("pk").values_list("pk", "caption")),
        list(PhotoUse.objects.order_by("pk").values_list("pk", "article_id", "photo_id", "story_caption")),
        list(RelatedLink.objects.order_by("pk").values_list("pk", "article_id", "title")),
        list(ArticleTag.objects.order_by("pk").values_list("pk", "content_object_id", "tag_id")),
        AuditEntry.objects.count(),
        Version.objects.count(),
    )


def first_revision(article):
    return versions_of(article).order_by("pk").first()


# (role, article, page) -> the answer; a refusal must leave the database as it was.
HISTORY_MATRIX = [
    ("Reporter", "own draft", {"history": 200, "diff": 200, "open": 200, "restore": 302}),
    ("Reporter", "other's published", {"history": 200, "diff": 200, "open": 403, "restore": 403}),
    ("Reporter", "other's draft", {"history": 302, "diff": 403, "open": 404, "restore": 404}),
    ("Editor", "other's published", {"history": 200, "diff": 200, "open": 200, "restore": 302}),
    ("Editor", "other's draft", {"history": 200, "diff": 200, "open": 200, "restore": 302}),
    ("Photo editor", "other's published", {"history": 200, "diff": 200, "open": 403, "restore": 403}),
    ("Photo editor", "other's draft", {"history": 200, "diff": 200, "open": 403, "restore": 403}),
]


@pytest.mark.parametrize(("role", "which", "expected"), HISTORY_MATRIX, ids=lambda v: v if isinstance(v, str) else "")
def test_history_and_restore_answer_each_role_as_the_workflow_says(newsroom, login, role, which, expected):
    user = newsroom["people"][role]
    article = newsroom["articles"][which]
    client = login(user)
    version = first_revision(article)
    before = snapshot()
    pages = {
        "history": f"{ADMIN}/{article.pk}/history/",
        "diff": f"{ADMIN}/{article.pk}/history/{version.pk}/diff/",
        "open": f"{ADMIN}/{article.pk}/history/{version.pk}/",
    }
    for page, url in pages.items():
        assert client.get(url).status_code == expected[page], page
        assert snapshot() == before, f"looking at {page} wrote to the database"
    if expected["diff"] == 200:
        # The diff offers the restore page to whoever may restore, and to nobody else.
        offered = f'href="{pages["open"]}"' in client.get(pages["diff"]).content.decode()
        assert offered == (expected["open"] == 200)

    # The POST a hostile user sends by hand: no form at all.
    response = client.post(pages["open"])
    assert response.status_code == expected["restore"]
    if expected["restore"] != 302:
        assert snapshot() == before
        return
    article.refresh_from_db()
    assert (article.body_text, article.status, article.photos.count()) == ("Versi lama.", Article.Status.DRAFT, 0)
    entry = AuditEntry.objects.filter(article=article, action=AuditEntry.Action.RESTORED).get()
    assert entry.user == user
    newest = versions_of(article).order_by("-pk").first()
    assert newest.revision.user == user and shown_comment(newest.revision).startswith("Memulihkan revisi")
    assert newest.field_dict["body"] == "<p>Versi lama.</p>"


RECOVER_MATRIX = [
    ("Reporter", "own deleted draft", {"list": 200, "open": 200, "recover": 302, "listed": True}),
    ("Reporter", "other's deleted draft", {"list": 200, "open": 403, "recover": 403, "listed": False}),
    ("Editor", "other's deleted draft", {"list": 200, "open": 200, "recover": 302, "listed": True}),
    ("Photo editor", "other's deleted draft", {"list": 403, "open": 403, "recover": 403, "listed": False}),
]


@pytest.mark.parametrize(("role", "which", "expected"), RECOVER_MATRIX, ids=lambda v: v if isinstance(v, str) else "")
def test_recovering_a_deleted_article_answers_each_role_as_the_workflow_says(newsroom, login, role, which, expected):
    user = newsroom["people"][role]
    version = newsroom["deleted"][which]
    client = login(user)
    before = snapshot()
    listing = client.get(f"{ADMIN}/recover/")
    assert listing.status_code == expected["list"]
    assert (f"{ADMIN}/recover/{version.pk}/" in listing.content.decode()) == expected["listed"]
    assert client.get(f"{ADMIN}/recover/{version.pk}/").status_code == expected["open"]
    assert snapshot() == before

    response = client.post(f"{ADMIN}/recover/{version.pk}/")
    assert response.status_code == expected["recover"]
    if expected["recover"] != 302:
        assert snapshot() == before
        return
    recovered = Article.objects.get(pk=version.object_id)
    assert recovered.headline == version.field_dict["headline"]
    assert AuditEntry.objects.get(article=recovered, action=AuditEntry.Action.RESTORED).user == user


def test_recover_accepts_only_the_revision_of_a_deleted_article(newsroom, login):
    """A tagging's version, a photo's, or a living article's: 404, whoever asks, and nothing moves."""
    published = newsroom["articles"]["other's published"]
    published.tags.add("Jembatan")
    with record_revision(comment="Tag"):
        published.save()
    others = Version.objects.exclude(pk__in=[v.pk for v in newsroom["deleted"].values()])
    tagged_item = others.get(content_type__model="articletag")
    living = versions_of(published).first()
    photo = others.filter(content_type__model="photo").first()
    client = login(newsroom["people"]["Editor"])
    before = snapshot()
    for version in (tagged_item, living, photo):
        assert client.get(f"{ADMIN}/recover/{version.pk}/").status_code == 404
        assert client.post(f"{ADMIN}/recover/{version.pk}/").status_code == 404
    assert snapshot() == before


def test_a_revision_of_another_article_is_not_restored_through_this_one(newsroom, login):
    own, other = newsroom["articles"]["own draft"], newsroom["articles"]["other's draft"]
    client = login(newsroom["people"]["Editor"])
    before = snapshot()
    assert client.post(f"{ADMIN}/{own.pk}/history/{first_revision(other).pk}/").status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("role", ["Reporter", "Photo editor"])
def test_a_hand_made_post_of_an_old_revision_leaves_a_published_story_alone(newsroom, login, role):
    """The probe's attack: POST history/<first draft>/ with nothing in it, on a colleague's published story."""
    article = newsroom["articles"]["other's published"]
    client = login(newsroom["people"][role])
    before = snapshot()
    assert client.post(f"{ADMIN}/{article.pk}/history/{first_revision(article).pk}/").status_code == 403
    assert snapshot() == before
    article.refresh_from_db()
    assert (article.status, article.photos.count()) == (Article.Status.PUBLISHED, 1)


def test_a_reporter_cannot_recover_through_the_version_of_a_photo(newsroom, login):
    photo_version = Version.objects.filter(content_type__model="photo").first()
    client = login(newsroom["people"]["Reporter"])
    before = snapshot()
    assert client.post(f"{ADMIN}/recover/{photo_version.pk}/").status_code == 404
    assert snapshot() == before


def test_restoring_one_story_of_an_import_leaves_the_other_stories_of_that_revision_alone(
    make_article, desk_user, login
):
    editor = desk_user("Editor", "redaktur")
    with record_revision(comment="import_articles: anadolu/"):
        stories = [
            make_article(f"Berita impor {n}", body="Teks agensi.", tags=["Anadolu"], created_by=editor)
            for n in range(3)
        ]
    first, other = stories[0], stories[1]
    with record_revision(user=editor, comment="Perbaikan"):
        first.body = "Teks rusak."
        first.save()
        other.headline = "Berita impor 1, judul diperbaiki"
        other.save()
    other_before = list(Article.objects.filter(pk__in=[s.pk for s in stories[1:]]).values())
    others_tags = ArticleTag.objects.exclude(content_object=first).values_list("pk", "content_object_id", "tag_id")
    tags_before = list(others_tags)

    response = login(editor).post(f"{ADMIN}/{first.pk}/history/{first_revision(first).pk}/", {"confirm": "yes"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.body_text == "Teks agensi." and first.tags.names()[0] == "Anadolu"
    assert list(Article.objects.filter(pk__in=[s.pk for s in stories[1:]]).values()) == other_before
    assert list(others_tags.all()) == tags_before


def test_a_photo_editor_may_restore_a_revision_that_changed_only_the_photo(newsroom, login):
    article = newsroom["articles"]["other's published"]
    use = article.photos.get()
    good = versions_of(article).order_by("-pk").first()
    with record_revision(comment="Keterangan salah"):
        use.story_caption = "Keterangan salah"
        use.save()
        article.save()
    photo_editor = newsroom["people"]["Photo editor"]
    response = login(photo_editor).post(f"{ADMIN}/{article.pk}/history/{good.pk}/", {"confirm": "yes"})
    assert response.status_code == 302
    assert article.photos.get().caption == "Foto baru"
    assert AuditEntry.objects.get(article=article).user == photo_editor


def test_a_restore_says_in_the_audit_what_it_did_to_the_status(newsroom, login):
    article = newsroom["articles"]["other's published"]
    editor = newsroom["people"]["Editor"]
    login(editor).post(f"{ADMIN}/{article.pk}/history/{first_revision(article).pk}/", {"confirm": "yes"})
    entries = AuditEntry.objects.filter(article=article)
    assert sorted(entries.values_list("action", flat=True)) == ["restored", "unpublished"]
    assert {entry.user for entry in entries} == {editor}


def test_a_revision_that_would_publish_a_photo_without_alt_text_is_not_restored(make_article, desk_user, login):
    editor = desk_user("Editor", "redaktur")
    with record_revision(user=editor):
        article = make_article("Banjir di Rokan Hulu", created_by=editor)
        use = place_photo(article, image="photos/2026/12/banjir.jpg", width=64, height=48, caption="Banjir")
    old = versions_of(article).get()
    with record_revision(user=editor):
        # The story now shows a described photo; the old revision's photo is still undescribed in the library.
        use.photo = Photo.objects.create(
            image="photos/2026/12/perahu.jpg", width=64, height=48, alt_text="Warga mengungsi dengan perahu karet"
        )
        use.save()
        article.save()
    client = login(editor)
    url = f"{ADMIN}/{article.pk}/history/{old.pk}/"
    page = client.get(url).content.decode()
    assert "Jelaskan isi foto" in page and 'name="confirm"' not in page
    before = snapshot()
    response = client.post(url, {"confirm": "yes"}, follow=True)
    assert "Jelaskan isi foto" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize(("role", "answer"), [("Reporter", 403), ("Photo editor", 403), ("Editor", 302)])
def test_only_an_editor_publishes_again_by_restoring_a_published_revision(newsroom, make_article, login, role, answer):
    """A reporter's story an editor published, then sent back to draft: its published revision is an editor's call."""
    reporter, editor = newsroom["people"]["Reporter"], newsroom["people"]["Editor"]
    with record_revision(user=editor, comment="Terbit"):
        article = make_article("Harga sawit naik", created_by=reporter)
    published = versions_of(article).get()
    with record_revision(user=editor, comment="Kembali ke draf"):
        article.status = Article.Status.DRAFT
        article.save()
    user = newsroom["people"][role]
    before = snapshot()
    response = login(user).post(f"{ADMIN}/{article.pk}/history/{published.pk}/", {"confirm": "yes"})
    assert response.status_code == answer
    article.refresh_from_db()
    if answer == 403:
        assert snapshot() == before and article.status == Article.Status.DRAFT
    else:
        assert article.is_visible
        actions = AuditEntry.objects.filter(article=article, user=user).values_list("action", flat=True)
        assert sorted(actions) == ["published", "restored"]


def test_a_revision_naming_a_section_deleted_since_comes_back_without_it(make_article, desk_user, login):
    editor = desk_user("Editor", "redaktur")
    economy = Section.objects.create(name="Ekonomi")
    with record_revision(user=editor):
        article = make_article("Harga cabai naik", section=economy, body="Harga cabai naik.", created_by=editor)
    old = versions_of(article).get()
    with record_revision(user=editor):
        article.section, article.body = None, "Teks rusak."
        article.save()
    economy.delete()
    response = login(editor).post(f"{ADMIN}/{article.pk}/history/{old.pk}/", {"confirm": "yes"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.body_text, article.section_id) == ("Harga cabai naik.", None)
