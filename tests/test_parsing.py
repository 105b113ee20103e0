"""The agency dump parser, told as what the desk sees when a file lands in the import folder."""

import dataclasses
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from articles.importing import dumpfiles
from articles.importing.dumpfiles import decode_dump, parse_dump_file
from articles.importing.parsed import DEFAULT_LIMITS, ArticleParseError, ParsedPhoto, ParseLimits
from articles.importing.parsing import parse_article, render_article
from articles.text import content_fingerprint, normalise_key, story_key

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "samples" / "000_6749e8411ca97669.txt"
GOOD = Path(__file__).resolve().parent / "corpus" / "good"
BAD = Path(__file__).resolve().parent / "corpus" / "bad"


@pytest.fixture(scope="module")
def reference():
    return parse_dump_file(REFERENCE)


# --- The reference ANTARA dump -------------------------------------------------------------------


def test_reference_headline_is_the_first_line(reference):
    assert reference.headline == "Rusia siap bantu Azerbaijan dan Armenia untuk selesaikan perjanjian damai"


def test_reference_language_and_keywords_come_from_the_second_line(reference):
    assert reference.language == "id"
    assert reference.keywords == ("Berita hari ini", "berita riau terbaru", "berita riau antara", "Rusia")


def test_reference_has_one_archive_photo_credited_to_antara_reuters(reference):
    (photo,) = reference.photos
    assert photo.is_archive
    assert photo.credit == "ANTARA/REUTERS"
    assert photo.caption.startswith("Tentara etnik Armenia")
    assert photo.caption.endswith("November 2020.")


def test_reference_dateline_is_istanbul_antara_and_leaves_the_first_paragraph(reference):
    assert (reference.dateline_place, reference.dateline_agency) == ("Istanbul", "ANTARA")
    assert reference.paragraphs[0].startswith("Rusia siap membantu")


def test_reference_has_nine_body_paragraphs_without_the_repeated_headline_or_trailer(reference):
    assert len(reference.paragraphs) == 9
    assert reference.paragraphs[-1].startswith("Sebelumnya pada bulan ini")
    assert not any("Baca juga" in p or "Sumber" in p for p in reference.paragraphs)
    assert reference.body == "\n\n".join(reference.paragraphs)


def test_reference_related_titles_and_source(reference):
    assert reference.related_titles == (
        "China-Rusia gelar pertemuan tentang kerja sama pembangunan regional di Beijing",
        "Menlu Rusia sebut anggota baru DK PBB harus negara berkembang",
    )
    assert reference.source == "Anadolu"
    assert (reference.reporter, reference.editor, reference.warnings) == ("", "", ())


# --- Real-world variants -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["basic_crlf.txt", "basic_bom.txt", "basic_cr_only.txt", "basic_messy_whitespace.txt"])
def test_a_resent_dump_with_different_line_ends_or_spacing_is_the_same_article(name):
    original = parse_dump_file(GOOD / "basic.txt")
    resent = parse_dump_file(GOOD / name)
    assert resent == original
    assert resent.fingerprint == original.fingerprint


def test_basic_dump_has_byline_and_drops_the_copyright_line():
    article = parse_dump_file(GOOD / "basic.txt")
    assert (article.reporter, article.editor) == ("Nama Pewarta", "Nama Editor")
    assert article.paragraphs[-1] == "Petugas gabungan membuka dapur umum untuk warga yang mengungsi."
    assert article.source == ""


def test_unprefixed_caption_with_antara_foto_credit_is_a_photo():
    (photo,) = parse_dump_file(GOOD / "basic.txt").photos
    assert photo == ParsedPhoto(
        caption="Warga mengevakuasi barang dari rumah yang terendam banjir di Kecamatan Rumbai, Pekanbaru, Senin.",
        credit="ANTARA FOTO/Nama Fotografer",
        is_archive=False,
    )


def test_messy_keyword_line_is_trimmed_and_deduplicated_ignoring_case():
    article = parse_dump_file(GOOD / "basic_messy_whitespace.txt")
    assert article.keywords == ("Pekanbaru", "banjir", "cuaca ekstrem", "Riau")
    assert article.headline == "Banjir rendam ratusan rumah di Pekanbaru"  # the NBSP became a space


def test_article_without_photo_and_with_a_two_word_place():
    article = parse_dump_file(GOOD / "no_photo.txt")
    assert article.photos == ()
    assert article.dateline_place == "Jakarta Pusat"
    assert article.paragraphs[0].startswith("Pemerintah Provinsi Riau")
    assert article.source == "ANTARA"


def test_baca_juga_lines_mid_body_are_collected_in_order_and_split_paragraphs():
    article = parse_dump_file(GOOD / "several_related.txt")
    assert article.related_titles == (
        "Harga bawang putih stabil di Pekanbaru",
        "Pemkot Dumai pantau harga bahan pokok",
        "Satgas pangan sidak gudang distributor",
    )
    assert article.paragraphs == (
        "Harga cabai merah di pasar tradisional Dumai naik menjadi Rp60.000 per kilogram.",
        "Pedagang menyebut pasokan dari Sumatera Barat berkurang karena cuaca.",
        "Dinas Perdagangan akan memantau harga setiap hari hingga Tahun Baru.",
    )


def test_empty_baca_juga_label_is_ignored_with_a_warning():
    article = parse_dump_file(GOOD / "several_related.txt")
    assert article.warnings == ("line 17: 'Baca juga:' with nothing after it; ignored",)


def test_english_copy_with_en_dash_read_also_and_two_photos():
    article = parse_dump_file(GOOD / "english.txt")
    assert article.language == "en"
    assert article.keywords == ("haze", "ASEAN", "Malaysia")
    assert (article.dateline_place, article.dateline_agency) == ("Jakarta", "ANTARA")
    assert article.paragraphs[0].startswith("Indonesia and Malaysia agreed")
    assert article.related_titles == (
        "Haze disrupts flights in Pekanbaru",
        "South Sumatra declares haze emergency",
    )
    assert (article.source, article.reporter, article.editor) == ("ANTARA", "A Reporter", "An Editor")
    archive, fresh = article.photos
    assert archive == ParsedPhoto(
        caption="A firefighter sprays water on a peatland fire in Ogan Ilir, South Sumatra.",
        credit="ANTARA FOTO/Nova Wahyudi/rwa",
        is_archive=True,
    )
    assert fresh == ParsedPhoto("Ministers shake hands after the meeting.", "ANTARA/HO-Ministry", False)


def test_without_keyword_line_the_language_is_left_to_the_caller():
    article = parse_dump_file(GOOD / "no_keyword_line.txt")
    assert (article.language, article.keywords) == (None, ())
    assert article.dateline_place == "Siak Sri Indrapura"  # em dash after the agency
    assert len(article.paragraphs) == 2


def test_markup_is_kept_as_plain_text_for_the_templates_to_escape():
    article = parse_dump_file(GOOD / "markup_in_text.txt")
    assert article.headline == '<script>alert("x")</script> Headline with markup'
    assert "<script>tag</script>" in article.paragraphs[0]


def test_without_a_dateline_everything_after_the_header_is_body():
    article = parse_dump_file(GOOD / "no_dateline.txt")
    assert article.photos == ()
    assert (article.dateline_place, article.dateline_agency) == ("", "")
    assert article.paragraphs[0] == "Foto ilustrasi gardu listrik. (ANTARA/Dok.)"
    assert len(article.paragraphs) == 3


@pytest.mark.parametrize("path", sorted(GOOD.glob("*.txt")), ids=lambda p: p.name)
def test_every_good_dump_survives_render_and_reparse(path):
    article = parse_dump_file(path)
    assert parse_article(render_article(article)) == dataclasses.replace(article, warnings=())


def test_english_article_renders_with_english_labels():
    text = render_article(parse_dump_file(GOOD / "english.txt"))
    assert "Read also: Haze disrupts flights in Pekanbaru" in text
    assert "Archive photo - A firefighter" in text
    assert "Source: ANTARA" in text
    assert "Baca juga" not in text


@pytest.mark.parametrize(
    ("first_line", "place", "agency", "rest"),
    [
        ("Pekanbaru (ANTARA) - Isi.", "Pekanbaru", "ANTARA", "Isi."),
        ("Jakarta (ANTARA) – Isi.", "Jakarta", "ANTARA", "Isi."),
        ("Jakarta (ANTARA) — Isi.", "Jakarta", "ANTARA", "Isi."),
        ("Kuala Lumpur (ANTARA News)-Isi.", "Kuala Lumpur", "ANTARA News", "Isi."),
        ("Jakarta, 5/1 (ANTARA) - Isi lama.", "Jakarta", "ANTARA", "Isi lama."),
    ],
)
def test_dateline_variants(first_line, place, agency, rest):
    article = parse_article(f"Judul\n\n{first_line}\n")
    assert (article.dateline_place, article.dateline_agency, article.paragraphs) == (place, agency, (rest,))


def test_dateline_alone_on_its_line_introduces_the_next_paragraph():
    article = parse_article("Judul\n\nDumai (ANTARA) -\n\nIsi berita.\n")
    assert (article.dateline_place, article.paragraphs) == ("Dumai", ("Isi berita.",))


def test_a_dateline_after_an_ordinary_paragraph_is_body_text():
    article = parse_article("Judul\n\nPembuka tanpa dateline.\n\nJakarta (ANTARA) - Kutipan lama.\n")
    assert article.dateline_place == ""
    assert article.paragraphs == ("Pembuka tanpa dateline.", "Jakarta (ANTARA) - Kutipan lama.")


def test_a_paragraph_that_merely_starts_with_copyright_is_kept_unless_short_and_last():
    text = "Judul\n\nJakarta (ANTARA) - Isi.\n\nCopyright 2023 ANTARA\n\n© 2023 ANTARA\n"
    assert parse_article(text).paragraphs == ("Isi.",)
    long_paragraph = "Copyright " + "dan hak cipta lain dibahas panjang lebar di DPR. " * 5
    article = parse_article(f"Judul\n\nJakarta (ANTARA) - Isi.\n\n{long_paragraph}")
    assert article.paragraphs[-1].startswith("Copyright dan hak cipta")


def test_second_source_line_is_ignored_with_a_warning():
    article = parse_article("Judul\n\nIsi.\n\nSumber: Anadolu\nSumber: Reuters\n")
    assert article.source == "Anadolu"
    assert article.warnings == ("line 6: second 'Sumber:' line ignored: Reuters",)


# --- Rejected files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "empty.txt: no text: the file is empty or only whitespace"),
        ("whitespace_only.txt", "whitespace_only.txt: no text: the file is empty or only whitespace"),
        ("nul_bytes.txt", "nul_bytes.txt:5: NUL byte at byte offset 21: binary data, not a text dump"),
        ("latin1.txt", "latin1.txt:3: not valid UTF-8 at byte offset 53"),
        ("utf16.txt", "utf16.txt:1: file is UTF-16; expected UTF-8"),
        ("headline_only.txt", "headline_only.txt:1: headline with no body"),
        ("binary_controls.txt", "binary_controls.txt:3: character U+0001 is not text (binary data?)"),
    ],
)
def test_bad_dump_is_rejected_with_file_line_and_reason(name, message):
    with pytest.raises(ArticleParseError) as caught:
        parse_dump_file(BAD / name)
    assert str(caught.value).endswith(message)
    assert caught.value.filename == str(BAD / name)


def test_error_reads_like_a_compiler_message_and_is_a_value_error():
    expected = r"^samples/x\.txt:3: headline is 10000 characters; the limit is 255$"
    with pytest.raises(ValueError, match=expected):
        parse_article("\n\n" + "A" * 10_000 + "\n\nIsi.\n", filename="samples/x.txt")


def test_ten_thousand_character_headline_is_rejected_not_truncated():
    with pytest.raises(ArticleParseError) as caught:
        parse_article("B" * 10_000 + "\n\nIsi berita.\n")
    assert (caught.value.line, caught.value.message) == (1, "headline is 10000 characters; the limit is 255")


def test_five_hundred_keywords_are_rejected_on_the_keyword_line():
    keywords = ", ".join(f"kata{n}" for n in range(500))
    with pytest.raises(ArticleParseError) as caught:
        parse_article(f"Judul\n\nid {keywords}\n\nIsi.\n")
    assert (caught.value.line, caught.value.message) == (3, "500 keywords; the limit is 50")


def test_repeated_keywords_count_once_towards_the_limit():
    article = parse_article("Judul\n\nid " + ", ".join(["Riau", "riau", "RIAU "] * 200) + "\n\nIsi.\n")
    assert article.keywords == ("Riau",)


def test_limits_are_configurable_and_frozen():
    strict = ParseLimits(max_keywords=2, max_related_titles=1)
    with pytest.raises(ArticleParseError, match="3 keywords; the limit is 2"):
        parse_article("Judul\nid a, b, c\nIsi.\n", limits=strict)
    with pytest.raises(ArticleParseError, match=r"^line 4: more than 1 related titles$"):
        parse_article("Judul\nIsi.\nBaca juga: satu\nBaca juga: dua\n", limits=strict)
    assert parse_article("Judul\nid a, b, c\nIsi.\n").keywords == ("a", "b", "c")
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_LIMITS.max_bytes = 10  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Judul\n\nIsi.\n\nSumber: " + "S" * 101, "Sumber is 101 characters; the limit is 100"),
        ("Judul\n\nIsi.\n\nBaca juga: " + "T" * 501, "related title is 501 characters; the limit is 500"),
        ("Judul\nid " + "k" * 101 + "\nIsi.", "keyword is 101 characters; the limit is 100"),
        ("Judul\n\n" + "\n\n".join(["Isi."] * 1001), "1001 paragraphs; the limit is 1000"),
        ("Judul\n\n" + "Foto - x\n\n" * 21 + "Dumai (ANTARA) - Isi.", "21 photos; the limit is 20"),
    ],
)
def test_other_limits_raise_instead_of_truncating(text, message):
    with pytest.raises(ArticleParseError, match=message):
        parse_article(text)


def test_oversized_text_is_rejected_before_parsing():
    with pytest.raises(ArticleParseError, match="text is 1000001 bytes; the limit is 1000000"):
        parse_article("Judul\n\n" + "x" * 999_994)


def test_twenty_megabyte_file_is_rejected_without_being_read(tmp_path, monkeypatch):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(20_000_000)  # sparse: costs no disk and no time

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(dumpfiles, "open", no_reading, raising=False)
    with pytest.raises(ArticleParseError, match=r"huge\.txt: file is 20000000 bytes; the limit is 1000000$"):
        parse_dump_file(huge)


def test_decode_dump_strips_bom_and_reports_bad_bytes_by_offset():
    assert decode_dump(b"\xef\xbb\xbfJudul") == "Judul"
    with pytest.raises(ArticleParseError, match=r"^x\.txt:2: not valid UTF-8 at byte offset 8$"):
        decode_dump(b"\xef\xbb\xbfab\r\nc\xff", filename="x.txt")
    with pytest.raises(ArticleParseError, match="file is 11 bytes; the limit is 10"):
        decode_dump(b"x" * 11, limits=ParseLimits(max_bytes=10))


# --- Shared text helpers -------------------------------------------------------------------------


def test_normalise_key_ignores_case_spacing_and_compatibility_forms():
    assert normalise_key("  Menlu\u00a0Rusia\tSEBUT \n anggota  ") == "menlu rusia sebut anggota"
    assert normalise_key("Ｒｉａｕ") == normalise_key("riau")  # full-width letters from some CMSs


def test_fingerprint_ignores_cosmetics_but_not_wording_or_case(reference):
    crlf = REFERENCE.read_bytes().replace(b"\n", b"\r\n").replace(b"Berita hari ini, ", b"")
    reformatted = parse_article(decode_dump(crlf) + "\n\n  \n")
    assert reformatted.keywords != reference.keywords
    assert reformatted.fingerprint == reference.fingerprint

    edited = dataclasses.replace(reference, paragraphs=(*reference.paragraphs[:-1], "Paragraf diralat."))
    assert edited.fingerprint != reference.fingerprint
    recased = dataclasses.replace(reference, headline=reference.headline.upper())
    assert recased.fingerprint != reference.fingerprint


def test_fingerprint_of_a_stored_body_matches_the_parsed_paragraphs(reference):
    stored_body = reference.body.replace("\n", "\r\n") + "\r\n\r\n"
    assert content_fingerprint(reference.headline, stored_body) == reference.fingerprint
    assert reference.fingerprint == content_fingerprint(reference.headline, list(reference.paragraphs))
    assert len(reference.fingerprint) == 64


def test_story_key_identifies_the_same_story_across_versions(reference):
    update = dataclasses.replace(reference, headline=reference.headline.upper(), paragraphs=("Pembaruan.",))
    assert update.story_key == reference.story_key
    assert update.story_key == story_key(f"  {reference.headline.lower()} ", "ISTANBUL")
    assert story_key(reference.headline, "Ankara") != reference.story_key
    assert story_key("Judul lain", "Istanbul") != reference.story_key


def test_file_that_grows_after_the_size_check_is_still_cut_off_at_the_limit(tmp_path, monkeypatch):
    growing = tmp_path / "growing.txt"
    growing.write_bytes(b"Judul\n\n" + b"x" * 100)
    # The size check sees the file as it was a moment before: 7 bytes.
    then = SimpleNamespace(st_size=7)
    monkeypatch.setattr(dumpfiles, "os", SimpleNamespace(fsdecode=os.fsdecode, stat=lambda path: then))
    with pytest.raises(ArticleParseError, match="file is 51 bytes; the limit is 50"):
        parse_dump_file(growing, limits=ParseLimits(max_bytes=50))
