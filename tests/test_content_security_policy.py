"""The Content-Security-Policy: on every kind of response, and nothing on our pages that the policy would block."""

import base64
import hashlib

import lxml.html
import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}


def directives(response):
    header = response.headers["Content-Security-Policy"]
    parsed = (part.split() for part in header.split(";") if part.strip())
    return {name: set(values) for name, *values in parsed}


def nonces(response):
    return {value for value in directives(response)["script-src"] if value.startswith("'nonce-")}


def assert_strict_policy(response, *, nonce=False):
    """The site's policy; with `nonce`, script-src may also name the one inline script the page gives a nonce."""
    policy = directives(response)
    if nonce:
        assert len(nonces(response)) == 1
        policy["script-src"] -= nonces(response)
    for name, values in POLICY.items():
        assert policy[name] == values, name
    assert "'unsafe-inline'" not in policy["style-src"] and "'unsafe-eval'" not in str(policy)
    assert policy["img-src"] == {"'self'", "data:"}


@pytest.fixture
def desk(reference_article, make_article, django_user_model):
    withdrawn = make_article("Berita ditarik", status=Article.Status.WITHDRAWN)
    root = django_user_model.objects.create_superuser("root", "root@example.com", "x")
    return {"article": reference_article, "withdrawn": withdrawn, "root": root}


def reader_urls(article):
    tag = article.tags.first()
    return [
        "/",
        article.get_absolute_url(),
        f"/tag/{tag.slug}/",
        f"/sumber/{article.source.slug}/",
        f"/rubrik/{article.section.slug}/",
        "/cari/?q=Rusia",
        "/ralat/",
        "/feed/",
        "/feed/atom/",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/robots.txt",
        "/api/ninjs/",
        f"/api/ninjs/{article.slug}/",
        "/berita/tidak-ada/",  # 404
    ]


def test_a_withdrawn_story_carries_the_policy(client, desk):
    response = client.get(desk["withdrawn"].get_absolute_url())
    assert response.status_code == 410
    assert_strict_policy(response)


@pytest.mark.urls("tests.urls_failing")
def test_the_server_error_page_carries_the_policy(client):
    client.raise_request_exception = False
    response = client.get("/rusak/")
    assert response.status_code == 500
    assert_strict_policy(response)
    assert blocked_by_the_policy(response) == []


def test_every_kind_of_public_response_carries_the_policy(client, desk):
    for url in reader_urls(desk["article"]):
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        assert_strict_policy(response)


def test_readers_pages_hold_nothing_the_policy_blocks(client, desk):
    for url in reader_urls(desk["article"]):
        response = client.get(url)
        if response["Content-Type"].startswith("text/html"):
            assert blocked_by_the_policy(response) == [], url


def test_the_admin_login_lockout_and_pages_carry_the_policy(client, desk, settings):
    assert_strict_policy(client.get("/admin/login/"))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked = client.post("/admin/login/", {"username": "root", "password": "salah"})
    assert locked.status_code == 429
    assert_strict_policy(locked)
    client.force_login(desk["root"])
    for url in ["/admin/", "/admin/meja/", "/admin/dua-langkah/"]:
        assert_strict_policy(client.get(url))
    # The rich-text editor's import map is the one inline script, allowed by the response's own nonce.
    assert_strict_policy(client.get(f"/admin/articles/article/{desk['article'].pk}/change/"), nonce=True)


def allowed_style_hashes(response):
    return {value for value in directives(response)["style-src"] if value.startswith("'sha256-")}


def blocked_by_the_policy(response):
    """What a browser enforcing the page's policy would refuse to run or apply in its HTML."""
    document = lxml.html.fromstring(response.content)
    problems = []
    allowed_nonces = {value.removeprefix("'nonce-").removesuffix("'") for value in nonces(response)}
    for script in document.iter("script"):
        if script.get("nonce") in allowed_nonces:
            continue
        if not script.get("src") and script.get("type") != "application/ld+json":
            problems.append(f"inline script: {(script.text or '')[:60]!r}")
    for style in document.iter("style"):
        digest = base64.b64encode(hashlib.sha256((style.text or "").encode()).digest()).decode()
        if f"'sha256-{digest}'" not in allowed_style_hashes(response):
            problems.append(f"inline style element: {(style.text or '')[:60]!r}")
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        problems += [
            f"{name}= on <{element.tag}>" for name in element.attrib if name == "style" or name.startswith("on")
        ]
        for name in ("href", "src", "action"):
            if element.get(name, "").strip().lower().startswith("javascript:"):
                problems.append(f"javascript: URL on <{element.tag}>")
    return problems


def admin_pages(client, article):
    """Every page a superuser reaches from the admin index (each change list and add form), and the story's own."""
    index = lxml.html.fromstring(client.get("/admin/").content)
    linked = {href for href in index.xpath("//div[@id='content-main']//a/@href") if href.startswith("/admin/")}
    story = f"/admin/articles/article/{article.pk}"
    return sorted(linked) + [
        "/admin/",
        "/admin/meja/",
        "/admin/dua-langkah/",
        "/admin/password_change/",
        f"{story}/change/",
        f"{story}/history/",
        f"{story}/delete/",
    ]


def test_admin_pages_hold_nothing_the_policy_blocks(client, desk):
    client.force_login(desk["root"])
    pages = admin_pages(client, desk["article"])
    assert len(pages) > 20 and "/admin/axes/accessattempt/" in pages
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert blocked_by_the_policy(response) == [], url
