"""ninjs out and back in: the export partners read, the feed they poll, and the backup we restore from."""

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from taggit.models import Tag

from articles.importing.parsed import ArticleParseError, ParseLimits
from articles.models import Article, Author, Correction, Credit, RelatedLink, Section, Source
from articles.ninjs import article_to_ninjs, incoming_from_ninjs
from tests.conftest import jpeg_bytes
from tests.photo_library import place_photo

pytestmark = pytest.mark.django_db

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "samples" / "000_6749e8411ca97669.txt"
CORPUS = HERE / "corpus" / "good"
SAMPLE_HEADLINE = "Rusia siap bantu Azerbaijan dan Armenia untuk selesaikan perjanjian damai"
BASE_URL = "https://riau.example.id"
# Timestamps every database sets for itself; everything else must come back as it left.
OWN_TIMESTAMPS = ("versionCreated", "contentCreated")


def ninjs_validator():
    schema = json.loads((HERE / "specs" / "ninjs-schema_3.1.json").read_text(encoding="utf-8"))
    geojson = json.loads((HERE / "specs" / "GeoJSON-schema.json").read_text(encoding="utf-8"))
    # The schema refers to GeoJSON by its web address; serving it from here keeps validation offline.
    registry = Registry().with_resource(geojson["$id"], Resource.from_contents(geojson))
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


VALIDATOR = ninjs_validator()


def assert_valid(document):
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(document)]
    assert not errors, errors


def run(command, *args, expect_failure=False):
    out, err = io.StringIO(), io.StringIO()
    if expect_failure:
        with pytest.raises(CommandError) as excinfo:
            call_command(command, *map(str, args), stdout=out, stderr=err)
        return out.getvalue(), err.getvalue(), str(excinfo.value)
    call_command(command, *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), ""


def credit(article, name, role, order):
    author = Author.objects.filter(name=name).first() or Author.objects.create(name=name)
    Credit.objects.create(article=article, author=author, role=role, order=order)


def export_documents(*args):
    out, _, _ = run("export_articles", "--base-url", BASE_URL, *args)
    return [json.loads(line) for line in out.splitlines()]


# The validator itself ---------------------------------------------------------------------------


def test_schema_check_rejects_what_ninjs_3_does_not_allow():
    good = {"uri": "urn:uuid:6325103c-b26c-4cfd-9e0c-891674c47adc", "headlines": [{"value": "Judul"}]}
    assert_valid(good)
    assert not VALIDATOR.is_valid({**good, "keywords": ["Riau"]})  # a ninjs 2 property
    assert not VALIDATOR.is_valid({**good, "pubStatus": "published"})
    assert not VALIDATOR.is_valid({**good, "firstCreated": "28 November 2023"})  # formats are checked
    assert not VALIDATOR.is_valid({**good, "associations": [{"uri": "urn:uuid:x", "type": "picture"}]})  # no name


def test_schema_check_resolves_geojson_offline():
    place = {"name": "Pekanbaru", "geoJSON": {"type": "Point", "coordinates": [101.45, 0.51]}}
    document = {"uri": "urn:uuid:6325103c-b26c-4cfd-9e0c-891674c47adc", "places": [place]}
    assert_valid(document)
    place["geoJSON"] = {"type": "Point", "coordinates": "Pekanbaru"}
    assert not VALIDATOR.is_valid(document)


# Export -----------------------------------------------------------------------------------------


def test_reference_article_maps_every_part_to_ninjs(reference_article):
    credit(reference_article, "Ahmad Reporter", "reporter", 0)
    credit(reference_article, "Siti Editor", "editor", 1)
    photo = reference_article.photos.get().photo
    photo.alt_text = "Tentara di samping kendaraan lapis baja"
    photo.save()
    [document] = export_documents()
    assert_valid(document)
    article = Article.objects.get()

    assert document["uri"] == f"urn:uuid:{article.uid}"
    assert document["type"] == "text" and document["pubStatus"] == "usable"
    assert document["headlines"] == [{"role": "main", "value": article.headline}]
    assert document["slugline"] == article.slug and document["language"] == "id"
    plain = next(body for body in document["bodies"] if body["contentType"] == "text/plain")
    assert plain["value"] == "Rusia siap membantu Azerbaijan dan Armenia.\n\nPeskov mengatakan hal itu."
    assert document["located"] == "Istanbul"
    assert document["by"] == "Ahmad Reporter"
    assert document["people"] == [
        {
            "rel": "reporter",
            "name": "Ahmad Reporter",
            "literal": "ahmad-reporter",
            "uri": f"{BASE_URL}/penulis/ahmad-reporter/",
        },
        {
            "rel": "editor",
            "name": "Siti Editor",
            "literal": "siti-editor",
            "uri": f"{BASE_URL}/penulis/siti-editor/",
        },
    ]
    assert document["subjects"] == [
        {"rel": "keyword", "name": "Berita hari ini"},
        {"rel": "keyword", "name": "Rusia"},
        {
            "rel": "section",
            "name": "Internasional",
            "literal": "internasional",
            "uri": f"{BASE_URL}/rubrik/internasional/",
        },
    ]
    assert document["firstCreated"] == timezone.localtime(article.published_at).isoformat()
    assert document["renditions"] == [
        {"name": "web", "contentType": "text/html", "href": f"{BASE_URL}/berita/{article.slug}/"}
    ]
    picture, related = document["associations"]
    assert picture["type"] == "picture" and picture["rel"] == "picture"
    assert picture["by"] == "ANTARA/REUTERS"
    assert {d["role"]: d["value"] for d in picture["descriptions"]} == {
        "caption": "Tentara etnik Armenia mengamati kendaraan militer, November 2020.",
        "alternativeText": "Tentara di samping kendaraan lapis baja",
    }
    assert picture["genres"] == [
        {"name": "Archive material", "uri": "http://cv.iptc.org/newscodes/genre/Archive_material"}
    ]
    assert related["type"] == "text" and related["rel"] == "related"
    assert related["headlines"] == [{"role": "main", "value": "Menlu Rusia sebut anggota baru DK PBB"}]


def test_provenance_chain_names_who_distributed_and_who_originated(reference_article):
    [document] = export_documents()
    # ANTARA put its dateline on Anadolu's story: ANTARA distributed it, Anadolu originated it.
    assert document["infoSources"] == [
        {"role": "distributor", "name": "ANTARA"},
        {"role": "originator", "name": "Anadolu", "uri": "https://www.aa.com.tr/"},
    ]
    incoming = incoming_from_ninjs(document, origin="backup.jsonl:1")
    assert (incoming.parsed.dateline_agency, incoming.parsed.source) == ("ANTARA", "Anadolu")


def test_bare_article_without_photo_source_or_dateline_is_still_valid(make_article):
    make_article("Pengumuman redaksi", body="Satu paragraf saja.", status=Article.Status.DRAFT)
    [document] = export_documents()
    assert_valid(document)
    assert document["pubStatus"] == "withheld"
    for absent in ("associations", "infoSources", "located", "by", "people", "subjects", "firstCreated", "renditions"):
        assert absent not in document


def test_photo_file_is_offered_as_a_rendition(make_article):
    article = make_article()
    photo = place_photo(
        article, caption="Banjir di Pekanbaru", image=SimpleUploadedFile("banjir.jpg", jpeg_bytes((64, 48)))
    ).photo
    [document] = export_documents()
    assert_valid(document)
    [rendition] = document["associations"][0]["renditions"]
    assert rendition["name"] == "original" and rendition["contentType"] == "image/jpeg"
    # Originals are served only through the view that checks the article may be seen (articles.public.media).
    assert rendition["href"] == f"{BASE_URL}/media/asli/{photo.pk}/"
    assert (rendition["width"], rendition["height"]) == (64, 48)


@pytest.mark.parametrize(
    "status, pub_status, read_back",
    [
        (Article.Status.PUBLISHED, "usable", Article.Status.PUBLISHED),
        (Article.Status.WITHDRAWN, "canceled", Article.Status.WITHDRAWN),
        (Article.Status.DRAFT, "withheld", Article.Status.DRAFT),
        # ninjs knows no review step; a restored article goes back to draft, never out to readers.
        (Article.Status.REVIEW, "withheld", Article.Status.DRAFT),
    ],
)
def test_status_maps_to_pub_status_and_back(make_article, status, pub_status, read_back):
    make_article(status=status)
    [document] = export_documents()
    assert document["pubStatus"] == pub_status
    assert incoming_from_ninjs(document, origin="x").status == read_back


def test_uri_survives_edits_to_headline_and_slug(reference_article):
    [before] = export_documents()
    reference_article.headline = "Kremlin: Rusia siap bantu Azerbaijan dan Armenia"
    reference_article.slug = "kremlin-rusia-siap-bantu"
    reference_article.save()
    [after] = export_documents()
    assert after["uri"] == before["uri"]
    assert after["slugline"] == "kremlin-rusia-siap-bantu"


def test_related_link_points_at_the_linked_article_and_its_page(make_article):
    target = make_article("Menlu Rusia sebut anggota baru DK PBB")
    article = make_article("Rusia siap bantu Azerbaijan dan Armenia")
    RelatedLink.objects.create(article=article, title="Menlu Rusia sebut anggota baru DK PBB")
    RelatedLink.objects.create(article=article, order=1, title="Laporan AA", url="https://www.aa.com.tr/id/laporan")
    documents = {d["slugline"]: d for d in export_documents()}
    linked, external = documents[article.slug]["associations"]
    assert linked["uri"] == documents[target.slug]["uri"]
    assert linked["renditions"] == [
        {"name": "web", "contentType": "text/html", "href": f"{BASE_URL}/berita/{target.slug}/"}
    ]
    assert external["renditions"] == [{"name": "external", "href": "https://www.aa.com.tr/id/laporan"}]


def test_export_is_deterministic_and_in_id_order(reference_article, make_article):
    make_article("Berita kedua", tags=["zebra", "Apel", "mangga"])
    first, _, _ = run("export_articles")
    second, _, _ = run("export_articles")
    assert first == second
    documents = [json.loads(line) for line in first.splitlines()]
    assert [d["slugline"] for d in documents] == list(Article.objects.order_by("id").values_list("slug", flat=True))
    keywords = [s["name"] for s in documents[1]["subjects"] if s["rel"] == "keyword"]
    assert keywords == ["Apel", "mangga", "zebra"]


def test_export_status_filter(make_article):
    make_article("Terbit")
    make_article("Masih draf", status=Article.Status.DRAFT)
    make_article("Ditarik", status=Article.Status.WITHDRAWN)
    assert [d["headlines"][0]["value"] for d in export_documents("--status", "published")] == ["Terbit"]
    both = export_documents("--status", "draft", "--status", "withdrawn")
    assert sorted(d["headlines"][0]["value"] for d in both) == ["Ditarik", "Masih draf"]
    assert len(export_documents()) == 3  # the backup default: everything


def test_export_to_file_replaces_it_whole(make_article, tmp_path):
    make_article()
    target = tmp_path / "backup.jsonl"
    target.write_text("old export\n", encoding="utf-8")
    out, _, _ = run("export_articles", "--output", target)
    assert "exported 1 article(s)" in out
    [line] = target.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["headlines"][0]["value"] == "Rusia siap bantu Azerbaijan dan Armenia"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.jsonl"]  # no temporary file left


def test_export_to_a_missing_folder_fails_clearly(make_article, tmp_path):
    _, _, message = run("export_articles", "--output", tmp_path / "nope" / "backup.jsonl", expect_failure=True)
    assert "no such folder" in message


def add_rich_article(make_article, n):
    byline = [("reporter", f"Pewarta {n}"), ("reporter", "Rony"), ("editor", "Rolex Malaha")]
    article = make_article(f"Berita nomor {n}", tags=[f"tag{n}", "Riau"], dateline_agency="ANTARA", byline=byline)
    for k in range(2):
        place_photo(article, order=k, caption=f"Foto {k}", credit="ANTARA")
        RelatedLink.objects.create(article=article, order=k, title=f"Berita nomor {n - 1 - k}")
        Correction.objects.create(article=article, text=f"Ralat {k} berita nomor {n}.")
    return article


@pytest.mark.parametrize("articles, chunks", [(2, 1), (6, 3)])
def test_export_runs_a_fixed_number_of_queries_per_chunk(
    make_article, anadolu, django_assert_num_queries, articles, chunks
):
    for n in range(articles):
        add_rich_article(make_article, n)
    # One query for the articles, then photos, tags, credits with authors, related links and corrections for each
    # chunk of two.
    with django_assert_num_queries(1 + 5 * chunks):
        out, _, _ = run("export_articles", "--chunk-size", 2)
    assert len(out.splitlines()) == articles


# Round trip -------------------------------------------------------------------------------------


def snapshot():
    """Every article as a plain structure, keyed by its permanent id: what a restore must bring back."""
    articles = {}
    for article in Article.objects.for_ninjs():
        articles[article.uid] = {
            "headline": article.headline,
            "slug": article.slug,
            "language": article.language,
            "dateline": (article.dateline_place, article.dateline_agency),
            "summary": article.summary,
            "paragraphs": article.paragraphs,
            "keywords": sorted(tag.name for tag in article.tags.all()),
            "photos": [(p.caption, p.credit, p.is_archive, p.alt_text) for p in article.photos.all()],
            "related": [
                (link.title, link.target.uid if link.target else None, link.url) for link in article.related_links.all()
            ],
            "source": article.source.name if article.source else None,
            "people": [(credit.role, credit.author.name) for credit in article.credits.all()],
            "status": article.status,
            "published_at": article.published_at,
            "section": article.section.name if article.section else None,
        }
    return articles


def build_newsroom(tmp_path):
    """The reference story and its variants as the desk has them after a day's work."""
    # This one cites the reference story before it exists, so its link waits for it.
    follow_up = tmp_path / "follow_up.txt"
    follow_up.write_text(
        "Azerbaijan sambut tawaran Rusia\n\nid Azerbaijan, Rusia\n\nAzerbaijan sambut tawaran Rusia\n\n"
        "Baku (ANTARA) - Azerbaijan menyambut tawaran Rusia.\n\nBaca juga: " + SAMPLE_HEADLINE + "\n\n"
        "Baca juga: Judul yang belum ada artikelnya\n\nSumber: Anadolu\n",
        encoding="utf-8",
    )
    run("import_articles", follow_up, "--status", "published", "--published-at", "2023-11-28T19:05:00+07:00")
    run("import_articles", SAMPLE, CORPUS / "english.txt", CORPUS / "no_photo.txt", "--status", "published")
    run("import_articles", CORPUS / "several_related.txt")  # stays a draft

    section = Section.objects.create(name="Internasional")
    reference = Article.objects.get(headline=SAMPLE_HEADLINE)
    reference.section, reference.summary = section, "Kremlin menawarkan bantuan untuk perjanjian damai."
    credit(reference, "Ahmad Reporter", "reporter", 0)
    credit(reference, "Siti Editor", "editor", 1)
    photo = reference.photos.get().photo
    photo.alt_text = "Tentara di samping kendaraan lapis baja"
    photo.save()
    RelatedLink.objects.create(article=reference, order=9, title="Laporan asli AA", url="https://www.aa.com.tr/id/x")
    make_withdrawn = Article.objects.get(headline="Pemprov Riau siapkan 50 ton beras untuk operasi pasar")
    make_withdrawn.status = Article.Status.WITHDRAWN
    make_withdrawn.save()
    scheduled = Article.objects.get(headline="Indonesia, Malaysia agree to curb haze")
    scheduled.published_at = timezone.now() + timedelta(days=1)
    scheduled.save()
    return reference


def test_export_empty_database_import_gives_the_same_articles(tmp_path):
    reference = build_newsroom(tmp_path)
    before = snapshot()
    follow_up = before[Article.objects.get(headline="Azerbaijan sambut tawaran Rusia").uid]
    assert follow_up["related"][0][1] == reference.uid  # the scenario really has a link between articles
    assert len(before) == 5

    backup = tmp_path / "backup.jsonl"
    run("export_articles", "--output", backup)
    exported = [json.loads(line) for line in backup.read_text(encoding="utf-8").splitlines()]
    for document in exported:
        assert_valid(document)

    Article.objects.all().delete()
    Source.objects.all().delete()
    Section.objects.all().delete()
    Tag.objects.all().delete()
    assert not Article.objects.exists()

    out, err, _ = run("import_articles", backup, "--format", "ninjs", "--status", "from-document")
    assert out.strip().endswith("imported 5, updated 0, unchanged 0, failed 0"), err
    assert snapshot() == before

    # The restored database exports the same documents, apart from the timestamps it set itself.
    run("export_articles", "--output", tmp_path / "again.jsonl")
    again = [json.loads(line) for line in (tmp_path / "again.jsonl").read_text(encoding="utf-8").splitlines()]

    def without_own_timestamps(documents):
        return sorted(
            ({k: v for k, v in d.items() if k not in OWN_TIMESTAMPS} for d in documents), key=lambda d: d["uri"]
        )

    assert without_own_timestamps(again) == without_own_timestamps(exported)


def test_corrections_an_embargo_and_a_withdrawal_travel_with_the_story(tmp_path, make_article, desk_user):
    from articles import workflow

    editor = desk_user("Editor", "redaktur")
    corrected = make_article("Gubernur resmikan jembatan Siak")
    workflow.add_correction(corrected, by=editor, text="Panjang jembatan 1.196 meter, bukan 1.169 meter.")
    workflow.add_correction(corrected, by=editor, text="Peresmian dihadiri menteri.", kind=Correction.Kind.UPDATE)
    withdrawn = make_article("Kabar yang ditarik")
    workflow.add_correction(withdrawn, by=editor, text="Berita ini ditarik karena sumbernya keliru.")
    workflow.withdraw(withdrawn, by=editor)
    embargoed = make_article("Laporan BPS dirilis besok", published_at=timezone.now() + timedelta(days=1))

    documents = {d["headlines"][0]["value"]: d for d in export_documents()}
    for document in documents.values():
        assert_valid(document)
    when = timezone.localtime(corrected.corrections.first().published_at).isoformat()
    assert documents[corrected.headline]["descriptions"][0] == {
        "role": "correction",
        "contentType": "text/plain",
        "value": f"{when} Panjang jembatan 1.196 meter, bukan 1.169 meter.",
    }
    assert documents[withdrawn.headline]["pubStatus"] == "canceled"
    assert documents[embargoed.headline]["embargoedUntil"] == timezone.localtime(embargoed.published_at).isoformat()

    before = {
        a.uid: (a.state, a.published_at, list(a.corrections.values_list("kind", "published_at", "text")))
        for a in Article.objects.all()
    }
    backup = tmp_path / "partner.jsonl"
    backup.write_text("".join(json.dumps(d) + "\n" for d in documents.values()), encoding="utf-8")
    Article.objects.all().delete()
    run("import_articles", backup, "--format", "ninjs", "--status", "from-document")
    after = {
        a.uid: (a.state, a.published_at, list(a.corrections.values_list("kind", "published_at", "text")))
        for a in Article.objects.all()
    }
    assert after == before
    # Read again, nothing doubles.
    out, _, _ = run("import_articles", backup, "--format", "ninjs", "--status", "from-document")
    assert "imported 0, updated 0, unchanged 3" in out and Correction.objects.count() == 3


def test_importing_the_export_again_changes_nothing(tmp_path, reference_article):
    backup = tmp_path / "backup.jsonl"
    run("export_articles", "--output", backup)
    out, _, _ = run("import_articles", backup, "--format", "ninjs")
    assert out.strip().endswith("imported 0, updated 0, unchanged 1, failed 0")
    assert Article.objects.count() == 1


def test_import_updates_the_article_the_uri_names_even_after_a_retitle(tmp_path, reference_article):
    [document] = export_documents()
    document["headlines"] = [{"role": "main", "value": "Kremlin tawarkan bantuan damai"}]
    document["bodies"] = [{"contentType": "text/plain", "value": "Isi yang diperbarui."}]
    backup = tmp_path / "edited.jsonl"
    backup.write_text(json.dumps(document) + "\n", encoding="utf-8")
    out, _, _ = run("import_articles", backup, "--format", "ninjs")
    assert out.strip().endswith("imported 0, updated 1, unchanged 0, failed 0")
    article = Article.objects.get()
    assert (article.pk, article.headline, article.body_text) == (
        reference_article.pk,
        "Kremlin tawarkan bantuan damai",
        "Isi yang diperbarui.",
    )


# Reading other documents ------------------------------------------------------------------------


def minimal(**extra):
    return {
        "uri": "https://partner.example/items/123",
        "headlines": [{"value": "Banjir rendam Pekanbaru"}],
        "bodies": [{"contentType": "text/plain", "value": "Paragraf satu.\n\nParagraf dua."}],
        **extra,
    }


def test_another_providers_document_gets_a_stable_id_and_the_desks_status():
    first = incoming_from_ninjs(minimal(language="en-GB"), origin="x")
    again = incoming_from_ninjs(minimal(), origin="x")
    assert first.uid == again.uid and first.uid is not None
    assert first.parsed.language == "en"
    assert first.status == ""  # no pubStatus: import_articles --status decides
    assert first.parsed.paragraphs == ("Paragraf satu.", "Paragraf dua.")


def test_html_only_body_becomes_paragraphs_of_text():
    document = minimal(bodies=[{"contentType": "text/html", "value": "<p>Satu &amp; <b>dua</b>.</p>\n<p>Tiga.</p>"}])
    assert incoming_from_ninjs(document, origin="x").parsed.paragraphs == ("Satu & dua.", "Tiga.")


@pytest.mark.parametrize(
    "change, message",
    [
        ({"headlines": []}, "headline is missing"),
        ({"bodies": []}, "no body"),
        ({"type": "picture"}, "only text items"),
        ({"uri": "urn:uuid:not-a-uuid"}, "not a valid urn:uuid"),
        ({"pubStatus": "published"}, "pubStatus 'published'"),
        ({"firstCreated": "2023-11-28T19:05:00"}, "no UTC offset"),
        ({"language": "indonesian"}, "language 'indonesian'"),
        ({"slugline": "bukan slug!"}, "is not a slug"),
        ({"subjects": "Riau"}, "subjects must be a list"),
        ({"headlines": [{"value": "x" * 300}]}, "headline is 300 characters"),
    ],
)
def test_a_document_that_cannot_be_an_article_is_refused_with_a_reason(change, message):
    with pytest.raises(ArticleParseError, match=message):
        incoming_from_ninjs(minimal(**change), origin="x")


def test_limits_apply_to_ninjs_as_to_dumps():
    document = minimal(subjects=[{"rel": "keyword", "name": f"kata{n}"} for n in range(4)])
    with pytest.raises(ArticleParseError, match="4 keywords; the limit is 3"):
        incoming_from_ninjs(document, origin="x", limits=ParseLimits(max_keywords=3))


def test_bad_lines_are_reported_with_file_and_line_and_the_good_ones_imported(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "\n".join(
            [
                json.dumps(minimal()),
                "{not json",
                json.dumps(minimal(uri="urn:uuid:6325103c-b26c-4cfd-9e0c-891674c47adc", bodies=[])),
                "",
                json.dumps(["a", "list"]),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out, err, message = run("import_articles", feed, "--format", "ninjs", expect_failure=True)
    assert f"{feed}:2: " in err
    assert f"{feed}:3: no body" in err
    assert f"{feed}:5: expected a ninjs object" in err
    assert "imported 1, updated 0, unchanged 0, failed 3" in out
    assert "3 input(s) failed" in message
    assert Article.objects.get().headline == "Banjir rendam Pekanbaru"


# Whose status: the desk's, unless a restore keeps the documents' ---------------------------------


def write_feed(tmp_path, *documents):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(document) + "\n" for document in documents), encoding="utf-8")
    return feed


def test_a_usable_document_comes_in_as_a_draft_until_an_editor_publishes_it(tmp_path):
    feed = write_feed(tmp_path, minimal(pubStatus="usable", firstCreated="2023-11-28T19:05:00+07:00"))
    out, err, _ = run("import_articles", feed, "--format", "ninjs")
    assert "imported 1," in out, err
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT and not article.is_visible
    assert not Article.objects.published().exists()


def test_the_desks_explicit_status_wins_over_the_documents(tmp_path):
    feed = write_feed(
        tmp_path,
        minimal(pubStatus="usable"),
        minimal(uri="https://partner.example/items/124", pubStatus="withheld", headlines=[{"value": "Sawit naik"}]),
    )
    run("import_articles", feed, "--format", "ninjs", "--status", "review")
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.REVIEW}


def test_a_restore_keeps_each_documents_status_when_the_operator_asks(tmp_path):
    def item(n, **extra):
        return minimal(uri=f"https://partner.example/items/{n}", headlines=[{"value": f"Berita {n}"}], **extra)

    first_release = "2023-11-28T19:05:00+07:00"
    feed = write_feed(
        tmp_path,
        item(1, pubStatus="usable", firstCreated=first_release),
        item(2, pubStatus="canceled", firstCreated=first_release),
        item(3, pubStatus="withheld"),
        item(4),
    )
    run("import_articles", feed, "--format", "ninjs", "--status", "from-document")
    statuses = dict(Article.objects.values_list("headline", "status"))
    assert statuses == {
        "Berita 1": Article.Status.PUBLISHED,
        "Berita 2": Article.Status.WITHDRAWN,
        "Berita 3": Article.Status.DRAFT,
        "Berita 4": Article.Status.DRAFT,  # a document that states no status: what the desk gets by default
    }
    published = Article.objects.get(headline="Berita 1")
    assert published.is_visible and published.published_at.isoformat() == "2023-11-28T12:05:00+00:00"


def test_keeping_the_documents_status_is_for_ninjs_only():
    _, _, message = run("import_articles", SAMPLE, "--status", "from-document", expect_failure=True)
    assert "--format ninjs" in message
    assert not Article.objects.exists()


# The partners' feed ------------------------------------------------------------------------------


def test_published_article_is_served_as_ninjs(client, reference_article, settings):
    response = client.get(f"/api/ninjs/{reference_article.slug}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = response.json()
    assert_valid(document)
    assert document == article_to_ninjs(Article.objects.for_ninjs().get(), base_url=settings.SITE_URL)


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"status": Article.Status.WITHDRAWN, "published_at": None},
        {"published_at": "future"},
    ],
)
def test_unpublished_articles_are_not_in_the_feed(client, make_article, fields):
    if fields.get("published_at") == "future":
        fields = {"published_at": timezone.now() + timedelta(hours=2)}
    article = make_article("Belum untuk pembaca", **fields)
    assert client.get(f"/api/ninjs/{article.slug}/").status_code == 404
    assert client.get("/api/ninjs/").json()["count"] == 0


def test_unknown_slug_and_page_are_not_found_and_the_feed_is_read_only(client, make_article):
    make_article()
    missing = client.get("/api/ninjs/tidak-ada/")
    assert missing.status_code == 404 and missing.json() == {"error": "no published article with this slug"}
    assert client.get("/api/ninjs/?page=9").status_code == 404
    assert client.get("/api/ninjs/?page=abc").status_code == 404
    assert client.post("/api/ninjs/").status_code == 405


def test_feed_lists_newest_first_with_links_between_pages(client, make_article, settings):
    settings.NEWSROOM_PAGE_SIZE = 2
    now = timezone.now()
    for n in range(5):
        make_article(f"Berita {n}", published_at=now - timedelta(hours=5 - n))
    first = client.get("/api/ninjs/").json()
    assert first["count"] == 5 and first["previous"] is None
    assert [d["headlines"][0]["value"] for d in first["items"]] == ["Berita 4", "Berita 3"]
    assert first["next"] == "http://testserver/api/ninjs/?page=2"
    second = client.get(first["next"]).json()
    assert [d["headlines"][0]["value"] for d in second["items"]] == ["Berita 2", "Berita 1"]
    assert second["previous"] == "http://testserver/api/ninjs/?page=1"
    for document in first["items"] + second["items"]:
        assert_valid(document)


@pytest.mark.parametrize("articles", [1, 6])
def test_feed_runs_a_fixed_number_of_queries(client, make_article, anadolu, django_assert_num_queries, articles):
    for n in range(articles):
        add_rich_article(make_article, n)
    # Count, page, then photos, tags, credits with authors, related links and corrections.
    with django_assert_num_queries(7):
        assert client.get("/api/ninjs/").status_code == 200
    slug = Article.objects.order_by("id").last().slug
    with django_assert_num_queries(6):
        assert client.get(f"/api/ninjs/{slug}/").status_code == 200
