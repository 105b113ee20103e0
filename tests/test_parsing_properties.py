"""Properties of the dump parser that must hold for any input, not just the files we have seen."""

import dataclasses

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from articles.importing.dumpfiles import decode_dump
from articles.importing.parsed import ArticleParseError, ParsedArticle, ParsedPhoto
from articles.importing.parsing import parse_article, render_article
from articles.text import normalise_key

# Words without ":", "(", ")", "," or "©", so generated text never spells a label, dateline, credit,
# keyword separator or copyright notice by accident; "<", "&" and quotes stand in for markup.
LETTERS = st.characters(categories=("L", "N"), exclude_characters="©")
WORD = st.text(st.one_of(LETTERS, st.sampled_from(".'\"<>&!?-/")), min_size=1, max_size=8)
NAME_WORD = st.text(st.characters(categories=("Lu", "Ll")), min_size=1, max_size=8)


def sentence(max_words, words=WORD, max_chars=None):
    text = st.lists(words, min_size=1, max_size=max_words).map(" ".join)
    return text.filter(lambda t: len(t) <= max_chars) if max_chars else text


def unique_keywords():
    return st.lists(sentence(3, max_chars=100), max_size=6, unique_by=normalise_key).map(tuple)


@st.composite
def articles(draw):
    language = draw(st.sampled_from(["id", "en", "ms", None]))
    place = draw(st.one_of(st.just(""), sentence(3, NAME_WORD, max_chars=60)))
    photo = st.builds(
        ParsedPhoto,
        caption=st.one_of(st.just(""), sentence(12)),
        credit=st.one_of(st.just(""), sentence(3, max_chars=100).filter(lambda c: not c.endswith("."))),
        is_archive=st.booleans(),
    )
    return ParsedArticle(
        headline=draw(sentence(12, max_chars=255)),
        language=language,
        keywords=draw(unique_keywords()) if language else (),
        photos=tuple(draw(st.lists(photo, max_size=3))) if place else (),
        dateline_place=place,
        dateline_agency=draw(sentence(2, NAME_WORD, max_chars=40)) if place else "",
        paragraphs=tuple(draw(st.lists(sentence(30), min_size=1, max_size=6))),
        related_titles=tuple(draw(st.lists(sentence(10), max_size=4))),
        source=draw(st.one_of(st.just(""), sentence(3, max_chars=100))),
        reporter=draw(st.one_of(st.just(""), sentence(3, max_chars=100))),
        editor=draw(st.one_of(st.just(""), sentence(3, max_chars=100))),
    )


# Lines a real dump is made of, plus the awkward ones, to reach deep into the parser quickly.
DUMP_LINE = st.one_of(
    st.sampled_from(
        [
            "",
            "   ",
            "\t",
            "Judul berita",
            "id Berita hari ini, Rusia, rusia",
            "en",
            "Arsip foto - Tentara mengamati. (ANTARA/REUTERS.)",
            "Foto - Tanpa kredit",
            "Caption tanpa awalan (ANTARA FOTO/Nama)",
            "Istanbul (ANTARA) - Rusia siap membantu.",
            "Jakarta, 5/1 (ANTARA) \u2013",
            "Baca juga: Judul lain",
            "Read also:",
            "Sumber: Anadolu",
            "Pewarta: Nama",
            "Editor: Nama",
            "COPYRIGHT \u00a9 ANTARA 2023",
            "\u00a0<script>alert(1)</script>\u00a0",
        ]
    ),
    sentence(6),
    st.text(max_size=20),
)
DUMPS = st.lists(DUMP_LINE, max_size=14).flatmap(
    lambda lines: st.sampled_from(["\n", "\r\n", "\r"]).map(lambda end: end.join(lines))
)


def without_warnings(article):
    return dataclasses.replace(article, warnings=())


@given(articles())
def test_rendering_then_parsing_gives_back_the_same_article(article):
    assert parse_article(render_article(article)) == article


@given(st.text(max_size=300))
def test_any_text_parses_or_raises_article_parse_error(text):
    try:
        parse_article(text)
    except ArticleParseError:
        pass


@given(st.binary(max_size=300))
def test_any_bytes_decode_and_parse_or_raise_article_parse_error(data):
    try:
        parse_article(decode_dump(data, filename="dump.txt"), filename="dump.txt")
    except ArticleParseError as error:
        assert str(error).startswith("dump.txt")


@settings(suppress_health_check=[HealthCheck.filter_too_much])
@given(DUMPS)
def test_a_parsed_dump_renders_to_text_that_parses_the_same(text):
    try:
        article = parse_article(text)
    except ArticleParseError:
        assume(False)
    assert parse_article(render_article(article)) == without_warnings(article)


@given(articles(), st.data())
def test_line_ends_spacing_and_keyword_order_do_not_change_the_fingerprint(article, data):
    shuffled = data.draw(st.permutations(article.keywords))
    text = render_article(article).replace(", ".join(article.keywords), ", ".join(shuffled), 1)
    text = text.replace(" ", data.draw(st.sampled_from([" ", "  ", "\t", "\u00a0", " \u00a0"])))
    text = text.replace("\n", data.draw(st.sampled_from(["\n", "\r\n", "\r", " \n", "\n\t"])))
    text = data.draw(st.sampled_from(["", "\ufeff", "\n\n"])) + text + "\n \t\n"
    reparsed = parse_article(text)
    assert sorted(reparsed.keywords) == sorted(article.keywords)
    assert reparsed.fingerprint == article.fingerprint
    assert reparsed.story_key == article.story_key
