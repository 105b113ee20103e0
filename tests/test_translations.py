"""Readers' templates translate through a catalog looked up once per request: it must say what Django's gettext says."""

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import trans_real

from articles.translations import request_gettext


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_string_of_the_catalog_reads_as_djangos_gettext_reads_it(language):
    # The Indonesian catalog holds every string the site translates (the project's and Django's own).
    msgids = [key for key in trans_real.translation("id")._catalog.keys() if isinstance(key, str)]
    assert len(msgids) > 50
    with translation.override(language):
        gettext = request_gettext()
        for message in [*msgids, "Not in any catalog", "", "Baris\r\nbaru", mark_safe("Read also")]:
            assert gettext(message) == translation.gettext(message)
            assert isinstance(gettext(message), SafeString) == isinstance(translation.gettext(message), SafeString)


def test_the_language_is_the_one_the_request_started_in(client, db):
    with translation.override("en"):
        english = request_gettext()
    with translation.override("id"):
        assert english("Read also") == "Read also"
        assert request_gettext()("Read also") == "Baca juga"
