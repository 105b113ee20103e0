"""ninjs back in: the export restored into an empty database, other providers' documents, and whose status
an imported document takes."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from taggit.models import Tag

from articles.importing.parsed import ArticleParseError, ParseLimits
from articles.models import Article, Correction, RelatedLink, Section, Source
from articles.ninjs import incoming_from_ninjs
from tests.ninjs_support import (
    CORPUS,
    OWN_TIMESTAMPS,
    SAMPLE,
    SAMPLE_HEADLINE,
    assert_valid,
    credit,
    export_documents,
    run,
)

pytestmark = pytest.mark.django_db


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
        a.uid: (
            a.state,
            a.published_at,
            a.corrected_at,
            list(a.corrections.values_list("kind", "published_at", "text")),
        )
        for a in Article.objects.all()
    }
    backup = tmp_path / "partner.jsonl"
    backup.write_text("".join(json.dumps(d) + "\n" for d in documents.values()), encoding="utf-8")
    Article.objects.all().delete()
    run("import_articles", backup, "--format", "ninjs", "--status", "from-document")
    after = {
        a.uid: (
            a.state,
            a.published_at,
            a.corrected_at,
            list(a.corrections.values_list("kind", "published_at", "text")),
        )
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
