import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html

from articles.models import Article, AuditEntry, Photo, RelatedLink
from tests.conftest import jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_superuser("redaktur", "redaktur@example.com", "rahasia-redaksi")
    client.force_login(user)
    client.user = user
    return client


def inline_management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_editor_writes_an_article_with_tags_photo_and_related_link(editor_client, make_article, anadolu):
    target = make_article("Menlu Rusia sebut anggota baru DK PBB harus negara berkembang")
    photo = Photo.objects.create(
        image=SimpleUploadedFile("foto.jpg", jpeg_bytes(), content_type="image/jpeg"),
        caption="Tentara etnik Armenia mengamati kendaraan militer.",
        credit="ANTARA/REUTERS",
        is_archive=True,
        alt_text="Tentara berdiri di tepi jalan",
    )
    form = {
        "headline": "Rusia siap bantu Azerbaijan dan Armenia",
        "slug": "rusia-siap-bantu-azerbaijan-dan-armenia",
        "summary": "",
        "body": "Rusia siap membantu.\n\nPeskov mengatakan.",
        "tags": "Rusia, Berita hari ini",
        "dateline_place": "Istanbul",
        "dateline_agency": "ANTARA",
        "status": "published",
        "published_at_0": "28/11/2023",
        "published_at_1": "19:05:00",
        "section": "",
        "source": str(anadolu.pk),
        "language": "id",
        **inline_management("photos", 1),
        "photos-0-photo": str(photo.pk),
        "photos-0-story_caption": "",
        "photos-0-order": "0",
        **inline_management("related_links", 1),
        **inline_management("credits"),
        "related_links-0-order": "0",
        "related_links-0-title": target.headline,
        "related_links-0-target": str(target.pk),
        "related_links-0-url": "",
    }
    response = editor_client.post("/admin/articles/article/add/", form)
    assert response.status_code == 302, response.context["adminform"].errors if response.context else response
    article = Article.objects.get(slug="rusia-siap-bantu-azerbaijan-dan-armenia")
    assert sorted(article.tags.names()) == ["Berita hari ini", "Rusia"]
    photo = article.photos.get()
    assert (photo.credit, photo.is_archive, photo.width, photo.height) == ("ANTARA/REUTERS", True, 64, 48)
    assert article.related_links.get().target == target
    assert article.created_by == editor_client.user
    assert article.published_at.isoformat() == "2023-11-28T12:05:00+00:00"


def baca_juga_form(**line):
    return {
        "headline": "Banjir rendam Pekanbaru",
        "slug": "banjir-rendam-pekanbaru",
        "body": "Banjir merendam ratusan rumah.",
        "status": "draft",
        "language": "id",
        **inline_management("photos"),
        **inline_management("related_links", 1),
        **inline_management("credits"),
        **{f"related_links-0-{name}": value for name, value in {"order": "0", "url": "", **line}.items()},
    }


def test_picking_the_baca_juga_article_is_enough_its_headline_becomes_the_title(editor_client, make_article):
    target = make_article("Pemprov Riau siapkan posko banjir di 12 kabupaten")
    response = editor_client.post("/admin/articles/article/add/", baca_juga_form(title="", target=str(target.pk)))
    assert response.status_code == 302, response.context["inline_admin_formsets"][1].formset.errors
    link = Article.objects.get(slug="banjir-rendam-pekanbaru").related_links.get()
    assert (link.title, link.target) == (target.headline, target)


def test_a_title_typed_for_the_baca_juga_line_is_kept(editor_client, make_article):
    target = make_article("Pemprov Riau siapkan posko banjir di 12 kabupaten")
    form = baca_juga_form(title="Posko banjir disiapkan", target=str(target.pk))
    assert editor_client.post("/admin/articles/article/add/", form).status_code == 302
    link = Article.objects.get(slug="banjir-rendam-pekanbaru").related_links.get()
    assert (link.title, link.target) == ("Posko banjir disiapkan", target)


def test_a_baca_juga_line_needs_a_title_or_an_article(editor_client):
    response = editor_client.post(
        "/admin/articles/article/add/", baca_juga_form(title="", target="", url="https://riau.example/banjir")
    )
    assert response.status_code == 200
    formset = next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == "related_links")
    assert [e.code for e in formset.forms[0].errors.as_data()["title"]] == ["required"]
    assert not Article.objects.exists()


def test_changelist_shows_thumbnails_in_a_fixed_number_of_queries(editor_client, reference_article, make_article):
    def changelist_queries():
        with CaptureQueriesContext(connection) as queries:
            response = editor_client.get("/admin/articles/article/")
        assert response.status_code == 200
        return len(queries)

    editor_client.get("/admin/articles/article/")  # warm the session and content-type caches
    one_page_of_two = changelist_queries()
    for n in range(10):
        make_article(f"Berita {n}", tags=["Riau"])
    assert changelist_queries() == one_page_of_two
    assert reference_article.headline in editor_client.get("/admin/articles/article/").content.decode()


def test_a_story_without_section_source_or_photo_shows_the_same_mark_in_each_empty_cell(editor_client, make_article):
    make_article("Banjir di Pekanbaru")
    page = editor_client.get("/admin/articles/article/").content.decode()
    for column in ["section", "source", "thumbnail"]:
        assert re.search(f'<td class="field-{column}[^"]*">—</td>', page), column


@pytest.mark.parametrize("query", ["Azerbaijan", "Peskov", "Rusia"])
def test_editor_finds_articles_by_headline_body_and_tag(editor_client, reference_article, query):
    response = editor_client.get("/admin/articles/article/", {"q": query})
    assert list(response.context["cl"].result_list) == [reference_article]


def test_publish_and_unpublish_actions_ask_for_confirmation_first(editor_client, make_article):
    draft = make_article("Draf banjir", status=Article.Status.DRAFT)
    for action, status in [("publish", Article.Status.PUBLISHED), ("unpublish", Article.Status.WITHDRAWN)]:
        selected = {"action": action, "_selected_action": [draft.pk]}
        confirmation = editor_client.post("/admin/articles/article/", selected)
        assert confirmation.status_code == 200 and draft.headline in confirmation.content.decode()
        draft.refresh_from_db()
        assert draft.status != status
        editor_client.post("/admin/articles/article/", {**selected, "confirm": "yes"})
        draft.refresh_from_db()
        assert draft.status == status and draft.published_at is not None


def test_source_and_section_lists_count_articles(editor_client, reference_article):
    for url in ["/admin/articles/source/", "/admin/articles/section/"]:
        response = editor_client.get(url)
        assert response.status_code == 200
        assert response.context["cl"].result_list[0].article_count == 1


def test_admin_speaks_indonesian(editor_client, reference_article):
    page = editor_client.get("/admin/articles/article/add/").content.decode()
    assert "Judul" in page and "Keterangan foto" in page and "Pewarta" in page
    # The hidden row that carries the version has a label in the page as well.
    change_form = editor_client.get(f"/admin/articles/article/{reference_article.pk}/change/").content.decode()
    assert "Versi yang sedang disunting" in change_form and "Expected version" not in change_form


def test_revision_pages_speak_indonesian_too(editor_client, reference_article):
    # django-reversion ships no Indonesian; the desk must not meet English buttons on its own list.
    changelist = editor_client.get("/admin/articles/article/").content.decode()
    assert "Pulihkan artikel yang terhapus" in changelist and "Recover deleted" not in changelist
    recover_list = editor_client.get("/admin/articles/article/recover/").content.decode()
    assert "Tidak ada objek terhapus yang dapat dipulihkan." in recover_list


# Django's own Indonesian says "Rubah" and "merubah" in a few places; standard Indonesian is "Ubah", "mengubah".
NON_STANDARD_UBAH = re.compile(r"\b(me)?rubah\b", re.IGNORECASE)  # not "berubah", "perubahan": those are right


def test_admin_says_ubah_never_rubah(editor_client, reference_article):
    change_form = editor_client.get(f"/admin/articles/article/{reference_article.pk}/change/").content.decode()
    user_form = editor_client.get("/admin/auth/user/add/").content.decode()
    for page in [change_form, editor_client.get("/admin/").content.decode(), user_form]:
        assert not NON_STANDARD_UBAH.search(page), NON_STANDARD_UBAH.search(page)
    assert "Ubah artikel" in change_form
    # The column headings of the models' lists (sidebar and home page), read out by screen readers.
    assert "Tautan ubah atau lihat daftar" in change_form
    assert "Anda akan dapat mengubah pilihan pengguna lainnya" in user_form


def test_the_admin_home_offers_ubah_and_names_the_tag_app_in_indonesian(editor_client):
    # The revision diff's "Change" column (Perubahan) has a context of its own: it must not rename the links.
    index = html.fromstring(editor_client.get("/admin/").content)
    assert set(index.xpath("//a[contains(@class, 'changelink')]/text()")) == {"Ubah"}
    assert "Tag" in index.xpath("//caption//a/text()") and "Taggit" not in index.text_content()


def test_editor_filters_stories_by_language_name_and_finds_those_without_a_source(
    editor_client, reference_article, make_article
):
    english = make_article("Flood in Pekanbaru", language="en")
    page = editor_client.get("/admin/articles/article/")
    filters = {spec.title: spec for spec in page.context["cl"].filter_specs}
    language_choices = [choice["display"] for choice in filters["bahasa"].choices(page.context["cl"])]
    assert language_choices == ["Semua", "English", "Bahasa Indonesia"]
    assert "(tidak ada)" in [choice["display"] for choice in filters["sumber"].choices(page.context["cl"])]

    in_english = editor_client.get("/admin/articles/article/", {"language": "en"})
    assert list(in_english.context["cl"].result_list) == [english]
    without_source = editor_client.get("/admin/articles/article/", {"source__isnull": "True"})
    assert list(without_source.context["cl"].result_list) == [english]


def test_every_view_on_site_link_on_a_story_leads_somewhere(editor_client, reference_article, make_article):
    # The sample's "Baca juga" titles name stories the desk does not have yet: those lines lead nowhere.
    linked = make_article("Harga cabai merah di Pekanbaru turun")
    RelatedLink.objects.create(article=reference_article, order=5, title=linked.headline)
    RelatedLink.objects.create(
        article=reference_article, order=6, title="Warga Rumbai mengungsi", url="https://pekanbaru.example/banjir"
    )
    page = editor_client.get(f"/admin/articles/article/{reference_article.pk}/change/").content.decode()
    links = re.findall(r'<a href="([^"]+)"[^>]*>\s*Lihat di situs', page)
    assert linked.get_absolute_url() in links and "https://pekanbaru.example/banjir" in links
    for href in (href for href in links if href.startswith("/")):
        assert editor_client.get(href, follow=True).status_code == 200, href


def test_the_story_has_one_view_on_site_link_not_one_more_per_photo(editor_client, reference_article):
    assert reference_article.photos.exists()
    page = editor_client.get(f"/admin/articles/article/{reference_article.pk}/change/").content.decode()
    article_type, photo_type = (ContentType.objects.get_for_model(model) for model in (Article, Photo))
    assert f"/admin/r/{article_type.pk}/{reference_article.pk}/" in page
    assert f"/admin/r/{photo_type.pk}/" not in page


def test_an_audit_entry_of_a_deleted_story_offers_no_view_on_site(editor_client, make_article):
    story = make_article("Berita yang nanti dihapus")
    AuditEntry.objects.create(article=story, action=AuditEntry.Action.PUBLISHED, headline=story.headline)
    story.delete()
    [entry] = AuditEntry.objects.filter(headline="Berita yang nanti dihapus")
    page = editor_client.get(f"/admin/articles/auditentry/{entry.pk}/change/")
    assert page.status_code == 200 and "viewsitelink" not in page.content.decode()


def test_saving_a_story_nobody_retyped_keeps_its_text_and_history_in_indonesian(editor_client, reference_article):
    # A browser sends a textarea's lines ended by CRLF: the stored body keeps "\n", and only what changed is named.
    from tests.admin_forms import change_form_data

    url = f"/admin/articles/article/{reference_article.pk}/change/"
    data = change_form_data(editor_client.get(url), summary="Ringkasan baru.")
    data["body"] = data["body"].replace("\n", "\r\n")
    data["photos-0-story_caption"] = "Tentara etnik Armenia.\r\nBaris kedua."
    assert editor_client.post(url, data).status_code == 302
    reference_article.refresh_from_db()
    assert "\r" not in reference_article.body and "\r" not in reference_article.photos.get().caption
    history = editor_client.get(f"/admin/articles/article/{reference_article.pk}/history/").content.decode()
    assert "Ringkasan" in history and "Keterangan foto" in history
    assert "Isi berita" not in history and "Body" not in history and "Caption" not in history


def test_the_admin_names_its_security_apps_in_indonesian_and_shows_no_ones_secret(admin_client):
    index = html.fromstring(admin_client.get("/admin/").content).text_content()
    assert "Upaya masuk" in index
    assert not re.search(r"Axes|AXES|Otp|OTP|TOTP", index)
    assert admin_client.get("/admin/otp_totp/totpdevice/").status_code == 404
    from taggit.models import Tag

    Tag.objects.create(name="Rusia")
    tags = html.fromstring(admin_client.get("/admin/taggit/tag/").content)
    columns = tags.xpath("//table[@id='result_list']//thead//th//a[not(contains(@class, 'toggle'))]/text()")
    assert [column.strip() for column in columns if column.strip()][:2] == ["Nama", "Slug"]


def test_a_lost_phone_is_reset_from_the_command_line(desk_user):
    from django.core.management import CommandError, call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    editor = desk_user("Editor", "redaktur")
    TOTPDevice.objects.create(user=editor, name="Ponsel", confirmed=True)
    call_command("reset_two_factor", "redaktur")
    assert not TOTPDevice.objects.filter(user=editor).exists()
    with pytest.raises(CommandError, match="No account named"):
        call_command("reset_two_factor", "tidak-ada")


def test_view_on_site_is_offered_once_readers_may_see_the_story(editor_client, make_article):
    from articles import workflow

    draft = make_article("Draf banjir Kampar", status=Article.Status.DRAFT)
    page = editor_client.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()
    assert "viewsitelink" not in page and "/pratinjau/" in page  # its preview shows it; its address is a 404
    story = make_article("Gempa di Padang")
    page = editor_client.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    assert "viewsitelink" in page and "Bagikan pratinjau" in page
    workflow.withdraw(story, by=editor_client.user)
    page = editor_client.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    # Taken down: its address is a 410, and no link may show it to anyone.
    assert "viewsitelink" not in page and "Bagikan pratinjau" not in page
    response = editor_client.post("/admin/articles/previewlink/add/", {"article": story.pk, "valid_for": 48})
    assert response.status_code in {200, 403} and not story.preview_links.exists()
