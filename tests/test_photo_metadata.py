"""Agency photos carry their caption and credit inside the file; the desk should not retype them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from articles.models import Photo
from articles.photos import PhotoMetadata, read_metadata
from tests.photo_files import (
    IPTC_BYLINE,
    IPTC_CAPTION,
    IPTC_COPYRIGHT,
    IPTC_CREDIT,
    exif_jpeg,
    image_bytes,
    insert_segments,
    iptc_jpeg,
    iptc_segment,
    segment,
    xmp_jpeg,
    xmp_packet,
)
from tests.photo_library import library_form, place_photo

pytestmark = pytest.mark.django_db


REUTERS_CAPTION = "Warga mendorong sepeda motor melewati banjir di Pekanbaru, Riau, Selasa (28/11/2023)."


def metadata_of(content):
    with Image.open(io.BytesIO(content)) as image:
        return read_metadata(image)


def upload_through_admin(client, content, **photo_fields):
    photo = {"image": SimpleUploadedFile("agensi.jpg", content, content_type="image/jpeg"), "alt_text": "Banjir"}
    response = client.post("/admin/articles/photo/add/", library_form(**photo, **photo_fields))
    assert response.status_code == 302, response.context["adminform"].errors
    return Photo.objects.get()


def test_iptc_caption_credit_and_byline_fill_an_empty_photo_form(photo_editor):
    content = iptc_jpeg(
        {
            IPTC_CAPTION: REUTERS_CAPTION,
            IPTC_CREDIT: "REUTERS",
            IPTC_BYLINE: "Stoyan Nenov",
            IPTC_COPYRIGHT: "© Reuters 2023",
        }
    )
    photo = upload_through_admin(photo_editor, content)
    assert photo.caption == REUTERS_CAPTION
    assert photo.credit == "REUTERS/Stoyan Nenov"


def test_xmp_description_credit_and_creator_fill_an_empty_photo_form(photo_editor):
    content = xmp_jpeg(
        description="Kabut asap menyelimuti Sungai Siak &amp; Jembatan Siak IV.",
        english_description="Haze over the Siak river.",
        credit="ANTARA FOTO",
        creators=["Rony Muharrman"],
        rights="© ANTARA",
    )
    photo = upload_through_admin(photo_editor, content)
    # The x-default language alternative is the caption, not the first one listed.
    assert photo.caption == "Kabut asap menyelimuti Sungai Siak & Jembatan Siak IV."
    assert photo.credit == "ANTARA FOTO/Rony Muharrman"


def test_exif_description_and_artist_fill_an_empty_photo_form(photo_editor):
    content = exif_jpeg(
        {
            ExifTags.Base.ImageDescription: "Petugas memadamkan api di lahan gambut – Kampar.".encode(),
            ExifTags.Base.Artist: "Budi Santoso",
            ExifTags.Base.Copyright: "Humas Pemprov Riau",
        }
    )
    photo = upload_through_admin(photo_editor, content)
    assert photo.caption == "Petugas memadamkan api di lahan gambut – Kampar."
    assert photo.credit == "Budi Santoso"


def test_what_the_editor_typed_wins_over_the_embedded_text(photo_editor):
    content = iptc_jpeg({IPTC_CAPTION: REUTERS_CAPTION, IPTC_CREDIT: "REUTERS", IPTC_BYLINE: "Stoyan Nenov"})
    photo = upload_through_admin(
        photo_editor, content, caption="Banjir di Jalan Tuanku Tambusai.", credit="ANTARA/REUTERS"
    )
    assert (photo.caption, photo.credit) == ("Banjir di Jalan Tuanku Tambusai.", "ANTARA/REUTERS")


def test_only_the_empty_field_is_filled(photo_editor):
    content = iptc_jpeg({IPTC_CAPTION: REUTERS_CAPTION, IPTC_CREDIT: "REUTERS"})
    photo = upload_through_admin(photo_editor, content, caption="Keterangan redaksi.")
    assert (photo.caption, photo.credit) == ("Keterangan redaksi.", "REUTERS")


def test_a_photo_saved_without_a_form_is_filled_too(make_article):
    # An import stores photos directly; the embedded text should reach the page all the same.
    article = make_article()
    content = iptc_jpeg({IPTC_CAPTION: REUTERS_CAPTION, IPTC_CREDIT: "REUTERS"})
    photo = place_photo(article, image=SimpleUploadedFile("agensi.jpg", content))
    assert (photo.caption, photo.credit) == (REUTERS_CAPTION, "REUTERS")


def test_iptc_wins_over_xmp_which_wins_over_exif_field_by_field():
    exif = Image.Exif()
    exif[ExifTags.Base.ImageDescription] = "EXIF caption"
    exif[ExifTags.Base.Artist] = "EXIF artist"
    exif[ExifTags.Base.Copyright] = "EXIF copyright"
    jpeg = image_bytes("JPEG", exif=exif)
    xmp = segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + xmp_packet(description="XMP caption", creators=["XMP"]))
    content = insert_segments(jpeg, iptc_segment({IPTC_CAPTION: "IPTC caption"}), xmp)
    assert metadata_of(content) == PhotoMetadata(
        caption="IPTC caption", credit="", byline="XMP", copyright="EXIF copyright"
    )


def test_iptc_written_in_windows_1252_without_a_charset_is_read():
    content = iptc_jpeg({IPTC_CAPTION: "Café di Pekanbaru"}, encoding="cp1252", declare_utf8=False)
    assert metadata_of(content).caption == "Café di Pekanbaru"


def test_several_bylines_are_joined():
    content = iptc_jpeg({IPTC_CREDIT: "ANTARA FOTO", IPTC_BYLINE: ["Rony Muharrman", "FB Anggoro"]})
    assert metadata_of(content).credit_line == "ANTARA FOTO/Rony Muharrman, FB Anggoro"


@pytest.mark.parametrize(
    ("metadata", "credit"),
    [
        (PhotoMetadata(credit="REUTERS", byline="Stoyan Nenov"), "REUTERS/Stoyan Nenov"),
        (PhotoMetadata(credit="ANTARA FOTO/Rony Muharrman", byline="Rony Muharrman"), "ANTARA FOTO/Rony Muharrman"),
        (PhotoMetadata(byline="Budi Santoso"), "Budi Santoso"),
        (PhotoMetadata(copyright="© Humas Pemprov Riau"), "Humas Pemprov Riau"),
        (PhotoMetadata(), ""),
    ],
)
def test_credit_line_follows_the_agency_convention(metadata, credit):
    assert metadata.credit_line == credit


def test_a_photo_without_metadata_keeps_empty_fields(photo_editor):
    photo = upload_through_admin(photo_editor, image_bytes("JPEG"))
    assert (photo.caption, photo.credit) == ("", "")


def test_a_malformed_xmp_packet_does_not_refuse_the_photo(photo_editor):
    broken = segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><unclosed>")
    content = insert_segments(image_bytes("JPEG"), iptc_segment({IPTC_CREDIT: "ANTARA"}), broken)
    photo = upload_through_admin(photo_editor, content)
    assert photo.credit == "ANTARA"
