"""The article page loads its story in one statement; readers must not be able to tell it from the ORM's seven."""

import copy
import pickle
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.signals import post_init
from django.utils import timezone

from articles import workflow
from articles.article_page import article_page
from articles.models import Article, Photo, RelatedLink, Section
from articles.relations import loaded
from tests.photo_files import image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk_story(make_article, anadolu, internasional, editor, django_capture_on_commit_callbacks):
    """A story with everything a page can carry: two photos (one with renditions), tags, links, corrections."""
    story = make_article(
        "Banjir rendam Pekanbaru",
        section=internasional,
        source=anadolu,
        dateline_place="Pekanbaru",
        dateline_agency="ANTARA",
        # Text that JSON must carry exactly: quotes, a backslash, line ends, markup, non-Latin script, emoji.
        body='"Air naik," kata Camat\\Bupati.\r\n\r\nمياه </script> & 🌊 setinggi 1½ meter.\n\nTamat.',
        tags=["Banjir", "Riau", "Pekanbaru", "Banjir Rob ñ"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        Photo.objects.create(
            article=story,
            order=1,
            image=SimpleUploadedFile("banjir.jpg", image_bytes("JPEG", size=(700, 500))),
            caption="Warga mendorong sepeda motor",
            credit="ANTARA/Rony Muharrman",
            is_archive=True,
            alt_text="Warga dan banjir",
        )
    Photo.objects.create(article=story, order=0, caption="Foto yang menunggu berkasnya", credit="ANTARA")
    make_article("Harga sawit naik")
    make_article("Harga karet turun", status=Article.Status.DRAFT)
    for order, title in enumerate(["Harga karet turun", "Harga sawit naik", "Judul yang belum ada"]):
        RelatedLink.objects.create(article=story, order=order, title=title)
    workflow.add_correction(story, by=editor, text="Nama kecamatan salah.")
    return Article.objects.get(pk=story.pk)


@pytest.fixture
def editor(desk_user):
    return desk_user("Editor", "redaktur")


def described(article):
    """What the page shows of an article and everything around it, as plain values."""
    fields = [f.attname for f in Article._meta.concrete_fields if f.attname not in {"search_document", "search_text"}]
    return {
        "article": {name: getattr(article, name) for name in fields},
        "section": (article.section.pk, article.section.name, article.section.slug) if article.section else None,
        "source": (article.source.name, article.source.website) if article.source else None,
        "photos": [
            (p.pk, p.order, p.image.name, p.width, p.height, p.caption, p.credit, p.is_archive, p.alt_text)
            for p in article.photos.all()
        ],
        "renditions": [
            [(r.pk, r.width, r.height, r.format, r.file.name) for r in p.renditions.all()] for p in article.photos.all()
        ],
        "tags": sorted((t.pk, t.name, t.slug) for t in article.tags.all()),
        "links": [
            (
                link.pk,
                link.title,
                link.url,
                link.target_id,
                link.target and link.target.is_visible,
                link.target and link.target.get_absolute_url(),
            )
            for link in article.related_links.all()
        ],
        "corrections": [(c.pk, c.kind, c.text, c.published_at) for c in article.corrections.all()],
    }


def test_the_one_statement_page_holds_what_the_orm_loads(desk_story, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = article_page(desk_story.slug)
        shown = described(page.article)
    assert shown == described(Article.objects.published().for_detail().get(pk=desk_story.pk))
    assert len(shown["renditions"][1]) > 0, "the uploaded photo's renditions are part of the page"
    assert [link[4] for link in shown["links"]] == [False, True, None], "draft target, live target, no target"


def test_the_photos_and_links_know_their_article_without_asking(desk_story, django_assert_num_queries):
    page = article_page(desk_story.slug)
    with django_assert_num_queries(0):
        assert all(photo.article is page.article for photo in page.article.photos.all())
        assert all(link.article is page.article for link in page.article.related_links.all())
        assert page.article.lead_photo.caption == "Foto yang menunggu berkasnya"
        assert page.article.published_at.tzinfo is not None


def test_a_story_with_nothing_around_it_still_has_a_page(make_article):
    bare = make_article("Berita singkat")
    page = article_page(bare.slug)
    assert page.article.section is None and page.article.source is None
    assert list(page.article.photos.all()) == list(page.article.tags.all()) == []
    assert page.article.lead_photo is None


def test_readers_get_no_page_for_drafts_or_stories_still_to_come(make_article):
    draft = make_article("Draf", status=Article.Status.DRAFT)
    scheduled = make_article("Nanti", published_at=timezone.now() + timedelta(hours=2))
    assert article_page(draft.slug) is None
    assert article_page(scheduled.slug) is None
    assert article_page(scheduled.slug, now=timezone.now() + timedelta(hours=3)).article == scheduled
    assert article_page(draft.slug, readers_only=False).article == draft
    assert article_page("tidak-ada") is None


def test_asking_a_loaded_relation_a_new_question_asks_the_database_about_this_story(desk_story, make_article):
    other = make_article("Berita lain")
    Photo.objects.create(article=other, order=0, caption="Foto berita lain")
    page = article_page(desk_story.slug)
    # Filtering starts from the story's own photos, as with a prefetched relation: never from all photos.
    assert [p.caption for p in page.article.photos.filter(order=0)] == ["Foto yang menunggu berkasnya"]
    assert page.article.tags.filter(name="Riau").count() == 1
    assert len(page.article.photos.all()) == 2, "the loaded rows are still there afterwards"


def test_the_menu_comes_with_the_page_in_the_order_of_every_other_page(client, desk_story):
    for name in ["riau", "Nasional", "Ekonomi"]:
        Section.objects.create(name=name)
    page = article_page(desk_story.slug)
    assert [s.name for s in page.section_menu] == ["Ekonomi", "Internasional", "Nasional", "riau"]
    article_html = client.get(desk_story.get_absolute_url()).content.decode()
    corrections_html = client.get("/ralat/").content.decode()

    def menu(html):
        return html[html.index('<ul class="nav">') : html.index("</ul>", html.index('<ul class="nav">'))]

    assert menu(article_html) == menu(corrections_html)


def test_a_page_article_can_be_copied_and_pickled_like_any_other(desk_story):
    article = article_page(desk_story.slug).article
    for twin in (copy.deepcopy(article), pickle.loads(pickle.dumps(article))):
        assert [t.name for t in twin.tags.all()] == [t.name for t in article.tags.all()]
        assert twin.photos.filter(order=0).count() == 1


def test_page_objects_are_in_the_state_the_orm_leaves_its_objects(desk_story):
    """The page builds most objects without Model.__init__: they must come out exactly as the ORM's do."""
    page = article_page(desk_story.slug).article
    orm = Article.objects.published().for_detail().get(pk=desk_story.pk)

    def state(instance):
        columns = {name: value for name, value in vars(instance).items() if not name.startswith("_")}
        return type(instance), instance._state.adding, instance._state.db, columns

    pairs = [
        (page, orm),
        (page.section, orm.section),
        (page.source, orm.source),
        *zip(page.photos.all(), orm.photos.all(), strict=True),
        *zip(page.photos.all()[1].renditions.all(), orm.photos.all()[1].renditions.all(), strict=True),
        *zip(sorted(page.tags.all(), key=str), sorted(orm.tags.all(), key=str), strict=True),
        *zip(page.related_links.all(), orm.related_links.all(), strict=True),
        *zip(page.corrections.all(), orm.corrections.all(), strict=True),
    ]
    for ours, theirs in pairs:
        ours_state, their_state = state(ours), state(theirs)
        if isinstance(ours, Article):  # the page leaves out the search columns, which it never shows
            for name in set(their_state[3]) - set(ours_state[3]):
                del their_state[3][name]
        assert ours_state == their_state


def test_a_receiver_of_model_signals_sees_every_object_of_the_page(desk_story):
    seen = []

    def note(sender, instance, **kwargs):
        seen.append(sender.__name__)

    post_init.connect(note)
    try:
        article_page(desk_story.slug)
    finally:
        post_init.disconnect(note)
    assert sorted(set(seen)) == [
        "Article",
        "Correction",
        "Photo",
        "PhotoRendition",
        "RelatedLink",
        "Section",
        "Source",
        "Tag",
    ]
    assert seen.count("Article") == 3, "the story and the two stored articles its links point to"


def test_the_page_reads_its_loaded_rows_and_anything_else_asks_the_database(desk_story, django_assert_num_queries):
    page = article_page(desk_story.slug).article
    with django_assert_num_queries(0):
        assert [t.name for t in loaded(page, "tags")] == [t.name for t in page.tags.all()]
        photo = page.lead_photo
        assert list(loaded(photo, "renditions")) == list(photo.renditions.all())
        assert [r.url for r in loaded(photo, "renditions")] == [r.file.url for r in photo.renditions.all()]
    stored = Article.objects.get(pk=desk_story.pk)  # nothing prefetched: the relation's own query
    with django_assert_num_queries(1):
        assert sorted(t.name for t in loaded(stored, "tags")) == sorted(t.name for t in page.tags.all())
