"""The media storage names files exactly as Django's file system storage does, only quicker."""

import pytest
from django.core.files.storage import FileSystemStorage, default_storage, storages
from hypothesis import example, given
from hypothesis import strategies as st

from articles.models import PhotoRendition
from articles.storage import MediaStorage, stored_file_url

BASE_URLS = ["/media/", "/media", "/newsroom/media/", "https://cdn.antarariau.example/media/", "media/"]

# Names as uploads and renditions have them, and the awkward ones a hand-made name could have.
path_characters = st.sampled_from([*"ab/.-_~%?#: é漢", "..", "./", "//"])
names = st.lists(path_characters, max_size=20).map("".join)


@pytest.mark.parametrize("base_url", BASE_URLS)
@given(name=names)
@example(name="renditions/2023/11/tentara-armenia-640.jpg")
@example(name="photos/../../etc/passwd")
@example(name="./photos/a.jpg")
@example(name="/photos/a b.jpg")
@example(name="photos/a?b#c.jpg")
@example(name="http://elsewhere.example/x.jpg")
@example(name="")
def test_a_file_has_the_url_djangos_storage_gives_it(base_url, name):
    # url() never touches the disk: the location only has to be a path.
    ours = MediaStorage(location="/srv/newsroom/media", base_url=base_url)
    djangos = FileSystemStorage(location="/srv/newsroom/media", base_url=base_url)
    assert ours.url(name) == djangos.url(name)


def test_a_storage_without_a_base_url_refuses_as_djangos_does(tmp_path):
    storage = MediaStorage(location=tmp_path)
    storage.base_url = None
    with pytest.raises(ValueError):
        storage.url("photos/a.jpg")


def test_the_site_stores_uploads_with_it(settings):
    assert isinstance(storages["default"], MediaStorage)
    assert default_storage.url("photos/a.jpg") == f"{settings.MEDIA_URL}photos/a.jpg"


def test_a_media_url_with_an_empty_segment_is_joined_as_django_joins_it():
    ours = MediaStorage(location="/srv/newsroom/media", base_url="https://cdn.antarariau.example//media/")
    djangos = FileSystemStorage(location="/srv/newsroom/media", base_url="https://cdn.antarariau.example//media/")
    assert ours.url("renditions/a-640.jpg") == djangos.url("renditions/a-640.jpg")


def test_a_renditions_url_is_its_files_url_without_building_the_file(db, settings):
    settings.MEDIA_URL = "/media/"
    rendition = PhotoRendition(file="renditions/2023/11/tentara-armenia-640.jpg")
    assert stored_file_url(rendition, "file") == "/media/renditions/2023/11/tentara-armenia-640.jpg"
    assert "file" in rendition.__dict__ and isinstance(rendition.__dict__["file"], str)
    assert rendition.url == rendition.file.url
    odd = PhotoRendition(file="renditions/foto lama #1.jpg")
    assert stored_file_url(odd, "file") == odd.file.url == "/media/renditions/foto%20lama%20%231.jpg"
    with pytest.raises(ValueError):  # no file: Django's own error
        stored_file_url(PhotoRendition(file=""), "file")
