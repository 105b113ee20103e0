"""ninjs out: the export partners read, its schema check, and the feed they poll (reading it back in:
test_ninjs_import.py)."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles.models import Article, Correction, RelatedLink
from articles.ninjs import article_to_ninjs, incoming_from_ninjs
from tests.conftest import jpeg_bytes
from tests.ninjs_support import BASE_URL, VALIDATOR, assert_valid, credit, export_documents, run
from tests.photo_library import place_photo

pytestmark = pytest.mark.django_db


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
