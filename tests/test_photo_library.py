"""The photo library at work: find last year's photo of the Siak river, see where a photo is used, get the photo
already there instead of a second upload, know its rights when attaching it, and let imports reuse it."""

import json
import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.formats import date_format as localized_date

from articles import search
from articles.models import Article, Photo
from tests.conftest import jpeg_bytes
from tests.photo_library import library_form, place_photo
from tests.test_import_command import dump, run_import

pytestmark = pytest.mark.django_db

LIBRARY = "/admin/articles/photo/"


@pytest.fixture
def library(db):
    return {
        "siak": Photo.objects.create(
            caption="Perahu melintas di Sungai Siak yang meluap.",
            is_archive=True,
            credit="ANTARA FOTO/Rony Muharrman",
            photographer="Rony Muharrman",
            place="Pekanbaru, Riau",
            keywords="banjir, sungai, perahu",
            date_taken=date(2025, 11, 20),
        ),
        "sawit": Photo.objects.create(
            caption="Petani memanen tandan buah segar kelapa sawit.",
            credit="ANTARA FOTO/FB Anggoro",
            place="Kampar, Riau",
            keywords="sawit, petani",
            date_taken=date(2026, 3, 2),
        ),
    }


def test_the_library_is_searched_by_caption_place_photographer_and_keywords(library):
    photos = Photo.objects.all()
    assert list(search.matching_photos(photos, "sungai siak")) == [library["siak"]]
    assert list(search.matching_photos(photos, "Muharrman")) == [library["siak"]]
    assert list(search.matching_photos(photos, "kampar")) == [library["sawit"]]
    assert set(search.matching_photos(photos, "riau")) == {library["siak"], library["sawit"]}
    assert list(search.matching_photos(photos, "perahu sawit")) == []  # every word must match
    assert list(search.matching_photos(photos, "!!!")) == []


def test_the_photo_editor_finds_last_years_photo_in_the_admin_with_its_thumbnail(photo_editor, library):
    page = photo_editor.get(LIBRARY, {"q": "Sungai Siak", "date_taken__year": "2025"}).content.decode()
    assert "Perahu melintas di Sungai Siak" in page and "kelapa sawit" not in page
    # The article form's photo autocomplete finds it from the first letters typed.
    found = photo_editor.get(
        "/admin/autocomplete/",
        {"term": "Kamp", "app_label": "articles", "model_name": "photouse", "field_name": "photo"},
    ).json()
    assert [item["id"] for item in found["results"]] == [str(library["sawit"].pk)]


def test_the_photo_editor_narrows_the_library_to_the_days_the_photos_were_taken(photo_editor, library):
    def listed(**query):
        response = photo_editor.get(LIBRARY, query)
        assert response.status_code == 200
        return {photo.caption[:12] for photo in response.context["cl"].result_list}

    siak, sawit = "Perahu melin", "Petani meman"
    assert listed(date_taken__gte="2025-11-01", date_taken__lte="2025-12-31") == {siak}
    assert listed(date_taken__gte="2026-01-01") == {sawit}
    assert listed(date_taken__lte="2025-11-20") == {siak}  # both ends are days included
    assert listed(date_taken__gte="2025-11-21", date_taken__lte="2026-03-01") == set()
    assert listed(date_taken__gte="", date_taken__lte="") == {siak, sawit}  # the empty boxes of the form
    assert listed(q="Riau", date_taken__gte="2026-01-01") == {sawit}  # with the words searched

    # The form keeps the search and the other filters, and shows the days chosen.
    page = photo_editor.get(LIBRARY, {"q": "Riau", "berkas": "menyusul", "date_taken__gte": "2025-11-01"})
    html = page.content.decode()
    assert 'type="date" id="id_date_taken__gte" name="date_taken__gte" value="2025-11-01"' in html
    assert '<input type="hidden" name="q" value="Riau">' in html
    assert '<input type="hidden" name="berkas" value="menyusul">' in html
    assert "Semua tanggal" in html and "Tampilkan" in html
    # A day that does not exist gets the admin's page for a wrong filter, not an error.
    wrong = photo_editor.get(LIBRARY, {"date_taken__gte": "2025-02-30"}, follow=True)
    assert wrong.redirect_chain == [(f"{LIBRARY}?e=1", 302)] and wrong.status_code == 200


def test_photos_whose_file_is_to_come_are_listed_apart(photo_editor, library):
    uploaded = Photo.objects.create(image=SimpleUploadedFile("siak.jpg", jpeg_bytes()), caption="Jembatan Siak IV")
    page = photo_editor.get(LIBRARY, {"berkas": "menyusul"}).content.decode()
    assert "kelapa sawit" in page and "Jembatan Siak IV" not in page
    assert re.search(r'<th class="field-thumbnail"><a [^>]+>berkas menyusul</a></th>', page)  # where its picture is
    page = photo_editor.get(LIBRARY, {"berkas": "ada"}).content.decode()
    assert "Jembatan Siak IV" in page and "kelapa sawit" not in page
    assert f"/admin/articles/photo/{uploaded.pk}/change/" in page


def test_each_photo_shows_the_stories_that_use_it(photo_editor, library, make_article):
    first, second = make_article("Sungai Siak meluap lagi"), make_article("Warga Pekanbaru mengungsi")
    for story in (first, second):
        place_photo(story, photo=library["siak"])
    page = photo_editor.get(f"{LIBRARY}{library['siak'].pk}/change/").content.decode()
    assert "Sungai Siak meluap lagi" in page and "Warga Pekanbaru mengungsi" in page
    assert f"/admin/articles/article/{first.pk}/change/" in page
    unused = photo_editor.get(f"{LIBRARY}{library['sawit'].pk}/change/").content.decode()
    assert "Belum ada berita yang memakai foto ini." in unused


def test_the_same_picture_uploaded_again_offers_the_photo_already_in_the_library(photo_editor):
    content = jpeg_bytes((120, 80))
    first = photo_editor.post(f"{LIBRARY}add/", library_form(image=SimpleUploadedFile("a.jpg", content)))
    assert first.status_code == 302
    existing = Photo.objects.get()
    again = photo_editor.post(f"{LIBRARY}add/", library_form(image=SimpleUploadedFile("salinan.jpg", content)))
    assert again.status_code == 200 and Photo.objects.count() == 1
    assert [e.code for e in again.context["adminform"].form.errors.as_data()["image"]] == ["duplicate_photo"]
    assert f'href="/admin/articles/photo/{existing.pk}/change/"' in again.content.decode()


def test_attaching_a_photo_shows_its_usage_terms_and_an_expired_licence(photo_editor, make_article):
    story = make_article("Konferensi pers Gubernur Riau")
    photo = Photo.objects.create(
        caption="Gubernur Riau memberi keterangan pers.",
        usage_terms="Editorial use only",
        licence_expires=timezone.localdate() - timedelta(days=1),
    )
    place_photo(story, photo=photo)
    page = photo_editor.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    assert "Editorial use only" in page and 'class="licence-expired"' in page and "Lisensi berakhir" in page


def indonesian_date(day):
    with translation.override("id"):
        return localized_date(day)


def photo_search(client, term):
    """What the article form's photo field lists while a reporter types `term`."""
    found = client.get(
        "/admin/autocomplete/",
        {"term": term, "app_label": "articles", "model_name": "photouse", "field_name": "photo"},
    ).json()
    return {item["id"]: item["text"] for item in found["results"]}


def test_the_photo_search_shows_the_usage_terms_and_licence_before_the_photo_is_picked(photo_editor, make_article):
    today = timezone.localdate()
    agency = Photo.objects.create(
        caption="Gubernur Riau memberi keterangan pers.",
        usage_terms="Editorial use only,\nno sale",
        licence_expires=today + timedelta(days=10),
    )
    expired = Photo.objects.create(caption="Gubernur Riau meninjau banjir.", licence_expires=today - timedelta(days=1))
    own = Photo.objects.create(caption="Gubernur Riau di kantornya.")
    texts = photo_search(photo_editor, "Gubernur")
    until, ended = indonesian_date(today + timedelta(days=10)), indonesian_date(today - timedelta(days=1))
    assert texts[str(agency.pk)] == (
        f"Gubernur Riau memberi keterangan pers. · Editorial use only, no sale · Lisensi sampai {until}"
    )
    assert texts[str(expired.pk)] == f"Gubernur Riau meninjau banjir. · Lisensi berakhir {ended}"
    assert texts[str(own.pk)] == "Gubernur Riau di kantornya."
    # Other autocompletes (a "Baca juga" story) keep Django's text.
    story = make_article("Gubernur Riau tinjau posko banjir")
    found = photo_editor.get(
        "/admin/autocomplete/",
        {"term": "posko", "app_label": "articles", "model_name": "relatedlink", "field_name": "target"},
    ).json()
    assert [item["text"] for item in found["results"]] == [str(story)]


def test_the_dashboard_flags_an_expired_licence_with_the_stories_still_showing_it(photo_editor, make_article):
    shown, draft = make_article("Banjir Siak"), make_article("Draf banjir", status=Article.Status.DRAFT)
    expired = Photo.objects.create(caption="Banjir di Siak.", licence_expires=timezone.localdate() - timedelta(days=3))
    valid = Photo.objects.create(caption="Sawit di Kampar.", licence_expires=timezone.localdate() + timedelta(days=30))
    for photo in (expired, valid):
        place_photo(shown, photo=photo)
    place_photo(draft, photo=expired)
    response = photo_editor.get("/admin/meja/")
    [flagged] = response.context["expired_photos"]
    assert flagged == expired and [use.article for use in flagged.shown_in] == [shown]
    assert "Foto yang lisensinya sudah berakhir" in response.content.decode()


def test_ninjs_carries_the_usage_terms_and_the_licence_expiry(make_article):
    from articles.ninjs import article_to_ninjs

    story = make_article("Banjir Siak")
    place_photo(story, caption="Banjir.", usage_terms="Editorial use only", licence_expires=date(2027, 1, 31))
    document = article_to_ninjs(Article.objects.for_ninjs().get(pk=story.pk), base_url="https://berita.example.id")
    [picture] = [a for a in document["associations"] if a["type"] == "picture"]
    assert picture["usageTerms"] == "Editorial use only Licence expires 2027-01-31."
    json.dumps(document)


def test_an_import_reuses_the_library_photo_with_the_same_caption_and_credit(tmp_path, library):
    caption = "Arsip foto - perahu melintas di Sungai Siak yang meluap"  # other case, no full stop
    (tmp_path / "a.txt").write_text(
        dump(
            "Banjir kembali rendam Pekanbaru",
            f"{caption}. (ANTARA FOTO/Rony Muharrman.)\n\nPekanbaru (ANTARA) - Banjir.\n\nParagraf kedua.",
        )
    )
    (tmp_path / "b.txt").write_text(
        dump(
            "Foto baru menyusul",
            "Foto - Warga membersihkan lumpur. (ANTARA/Frislidia.)\n\nSiak (ANTARA) - Warga.\n\nParagraf kedua.",
        )
    )
    run_import(tmp_path)
    reused = Article.objects.get(headline="Banjir kembali rendam Pekanbaru").photos.get()
    assert reused.photo == library["siak"]
    waiting = Article.objects.get(headline="Foto baru menyusul").photos.get().photo
    assert not waiting.image and waiting.file_to_come and waiting.credit == "ANTARA/Frislidia"
    assert Photo.objects.count() == 3
