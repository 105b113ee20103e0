"""The rich-text body: what an editor writes keeps its structure, nothing executable survives the form or the
importer, and every output reads the form it needs (the page and feeds the HTML, JSON-LD, search and ninjs
`body_text` the text)."""

import io
import json

import lxml.html
import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles import richtext
from articles.models import Article
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

WRITTEN = (
    '<p>Banjir merendam <a href="https://bpbd.riau.go.id/laporan">ratusan rumah</a> di Rumbai.</p>'
    "<h2>Pengungsi</h2><ul><li>Dapur umum</li><li>Posko kesehatan</li></ul>"
    "<blockquote><p>Air mulai naik pukul 02.00 WIB.</p></blockquote>"
)

# What people paste or type to get a script into a page: tags, handlers, URLs, entities, broken markup.
XSS_CORPUS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="JaVaScRiPt:alert(1)">klik</a>',
    '<a href="&#106;avascript:alert(1)">klik</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klik</a>',
    '<p onclick="alert(1)" style="background:url(javascript:alert(1))">teks</p>',
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://example.com"></iframe>',
    "<style>body{display:none}</style>",
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '"><script>alert(1)</script>',
    "<!--<script>alert(1)//-->",
    '<form action="https://example.com"><button>kirim</button></form>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<a href="https://example.com" target="_blank" rel="opener">tautan</a>',
]
EXECUTABLE_TAGS = {"script", "iframe", "object", "embed", "style", "form", "svg", "math", "img", "button", "base"}


def executable_parts(markup):
    """Everything in `markup` a browser could run or that could carry a script: tags, handlers, script URLs."""
    found = []
    for element in lxml.html.fragment_fromstring(markup, create_parent="div").iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in EXECUTABLE_TAGS:
            found.append(element.tag)
        for name, value in element.attrib.items():
            if name.startswith("on") or name in {"style", "src", "srcdoc", "action", "target"}:
                found.append(f"{element.tag}[{name}]")
            if name == "href" and not value.startswith(("http://", "https://", "mailto:")):
                found.append(f"{element.tag}[href={value}]")
    return found


def test_the_allowlist_keeps_the_story_and_gives_links_rel():
    stored = richtext.clean(WRITTEN)
    assert "<h2>Pengungsi</h2><ul><li>Dapur umum</li>" in stored
    assert '<a href="https://bpbd.riau.go.id/laporan" rel="noopener noreferrer nofollow">' in stored
    assert "<blockquote><p>Air mulai naik" in stored
    assert richtext.text_blocks(stored) == [
        "Banjir merendam ratusan rumah di Rumbai.",
        "Pengungsi",
        "Dapur umum",
        "Posko kesehatan",
        "Air mulai naik pukul 02.00 WIB.",
    ]


@pytest.mark.parametrize("attack", XSS_CORPUS)
def test_nothing_executable_survives_the_sanitiser(attack):
    stored = richtext.clean(f"<p>Awal</p>{attack}<p>Akhir</p>")
    assert executable_parts(stored) == []
    assert "alert(1)</script>" not in stored


@pytest.fixture
def editor(client, desk_user):
    client.force_login(desk_user("Editor", "redaktur"))
    return client


def test_an_editor_writes_rich_text_and_readers_get_it_everywhere(editor, make_article):
    article = make_article("Banjir Rumbai", body="Draf.", dateline_place="Pekanbaru", dateline_agency="ANTARA")
    url = f"/admin/articles/article/{article.pk}/change/"
    assert editor.post(url, change_form_data(editor.get(url), body=WRITTEN)).status_code == 302
    article.refresh_from_db()

    page = editor.get(article.get_absolute_url()).content.decode()
    body = lxml.html.fromstring(page).xpath("//div[@class='body']")[0]
    first = body.xpath(".//p")[0]
    # The dateline still opens the first paragraph, before the story's own link.
    assert first.text_content().startswith("Pekanbaru (ANTARA) - Banjir merendam ratusan rumah")
    assert body.xpath(".//h2")[0].text == "Pengungsi"
    assert [li.text for li in body.xpath(".//ul/li")] == ["Dapur umum", "Posko kesehatan"]
    assert body.xpath(".//a")[0].get("rel") == "noopener noreferrer nofollow"

    json_ld = json.loads(lxml.html.fromstring(page).xpath("//script[@type='application/ld+json']")[0].text)
    assert json_ld["articleBody"].startswith("Banjir merendam ratusan rumah di Rumbai.\n\nPengungsi\n\nDapur umum")
    assert "<" not in json_ld["articleBody"]

    feed = editor.get("/feed/").content.decode()
    assert "&lt;h2&gt;Pengungsi&lt;/h2&gt;" in feed  # content:encoded carries the HTML, escaped in the XML

    ninjs = editor.get(f"/api/ninjs/{article.slug}/").json()
    bodies = {body["contentType"]: body["value"] for body in ninjs["bodies"]}
    assert bodies["text/html"] == article.body and "<h2>Pengungsi</h2>" in bodies["text/html"]
    assert bodies["text/plain"] == article.body_text and "<" not in bodies["text/plain"]

    found = editor.get("/cari/", {"q": "posko"}).content.decode()
    assert "Banjir Rumbai" in found and "&lt;li&gt;" not in found


@pytest.mark.parametrize("attack", XSS_CORPUS)
def test_an_attack_through_the_admin_form_reaches_no_output(editor, make_article, attack):
    article = make_article("Serangan", body="Draf.")
    url = f"/admin/articles/article/{article.pk}/change/"
    assert editor.post(url, change_form_data(editor.get(url), body=f"<p>Awal</p>{attack}")).status_code == 302
    article.refresh_from_db()
    assert executable_parts(article.body) == []
    page = lxml.html.fromstring(editor.get(article.get_absolute_url()).content)
    assert executable_parts(lxml.html.tostring(page.xpath("//div[@class='body']")[0], encoding="unicode")) == []
    ninjs = editor.get(f"/api/ninjs/{article.slug}/").json()
    html_body = next(b["value"] for b in ninjs["bodies"] if b["contentType"] == "text/html")
    assert executable_parts(html_body) == []


def dump(headline, body):
    return "\n".join([headline, "", "id Riau", "", headline, "", body, "", "Sumber: ANTARA", ""])


def test_an_attack_through_the_importer_stays_text(tmp_path):
    files = []
    for n, attack in enumerate(XSS_CORPUS):
        path = tmp_path / f"{n:03}.txt"
        path.write_text(dump(f"Serangan nomor {n}", f"Pekanbaru (ANTARA) - {attack}\n\nParagraf dua."), "utf-8")
        files.append(path)
    call_command("import_articles", *map(str, files), "--status", "published", stdout=io.StringIO())
    assert Article.objects.count() == len(XSS_CORPUS)
    for article in Article.objects.all():
        # The importer's copy is plain text: markup in it is shown as text, escaped, and never runs.
        assert executable_parts(article.body) == [] and article.body.startswith("<p>")
        assert article.paragraphs[1] == "Paragraf dua."


def test_the_importer_and_the_ninjs_import_store_the_same_html(tmp_path, make_article):
    path = tmp_path / "dump.txt"
    path.write_text(dump("Harga sawit naik", "Pekanbaru (ANTARA) - Harga <naik> & turun.\n\nKedua."), "utf-8")
    call_command("import_articles", str(path), "--status", "published", stdout=io.StringIO())
    from_dump = Article.objects.get()
    backup = tmp_path / "backup.jsonl"
    call_command("export_articles", "--output", str(backup), stdout=io.StringIO())
    from_dump.delete()
    call_command("import_articles", str(backup), "--format", "ninjs", stdout=io.StringIO())
    from_ninjs = Article.objects.get()
    assert from_dump.body == from_ninjs.body == "<p>Harga &lt;naik&gt; &amp; turun.</p><p>Kedua.</p>"


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_plain_text_bodies_into_paragraphs():
    executor = MigrationExecutor(connection)
    # The migration before the one that makes bodies HTML, found by name (numbers change when branches merge).
    [converting] = [key for key in executor.loader.disk_migrations if key[1].endswith("_article_body_as_html")]
    [before] = [parent.key for parent in executor.loader.graph.node_map[converting].parents]
    executor.migrate([before])
    old_apps = executor.loader.project_state([before]).apps
    OldArticle = old_apps.get_model("articles", "Article")
    OldArticle.objects.create(
        headline="Lama", slug="lama", headline_key="lama", body="Satu <b>&</b>\r\n\r\nDua\nbaris.", version=4
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("articles"))

    article = Article.objects.get(slug="lama")
    assert article.body == "<p>Satu &lt;b&gt;&amp;&lt;/b&gt;</p><p>Dua baris.</p>"
    assert article.version == 4  # the data changed form, not the story


def test_a_body_splits_into_its_top_level_blocks_with_their_markup():
    from articles.richtext import html_blocks

    body = (
        '<p>Banjir di <a href="https://bpbd.riau.go.id">Rumbai</a>.</p><h2>Posko</h2>'
        "<ul><li><p>Masjid Al-Falah</p></li><li><p>SDN 12</p></li></ul>"
        "teks lepas<blockquote><p>Kutipan</p></blockquote>"
    )
    assert html_blocks(body) == [
        '<p>Banjir di <a href="https://bpbd.riau.go.id">Rumbai</a>.</p>',
        "<h2>Posko</h2>",
        "<ul><li><p>Masjid Al-Falah</p></li><li><p>SDN 12</p></li></ul>",
        "<p>teks lepas</p>",
        "<blockquote><p>Kutipan</p></blockquote>",
    ]
    assert html_blocks("Paragraf satu.\n\nParagraf dua.") == ["<p>Paragraf satu.</p>", "<p>Paragraf dua.</p>"]
