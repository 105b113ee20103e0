import pytest

from articles.models import Article, RelatedLink

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def front_page_news(reference_article, make_article):
    related = make_article("Menlu Rusia sebut anggota baru DK PBB", tags=["Rusia"], source=reference_article.source)
    RelatedLink.objects.filter(article=reference_article).update(target=related)
    return reference_article, related


def test_reader_opens_an_article_and_follows_baca_juga_and_a_tag(page, front_page_news):
    article, related = front_page_news
    page.goto("/")
    page.get_by_role("link", name=article.headline).click()
    assert page.get_by_role("heading", level=1).inner_text() == article.headline
    assert "Arsip foto" in page.locator("figcaption").inner_text()
    page.get_by_role("complementary").get_by_role("link", name=related.headline).click()
    assert page.url.endswith(related.get_absolute_url())
    page.locator(".tags").get_by_role("link", name="Rusia").click()
    headlines = page.locator(".article-list h2").all_inner_texts()
    assert set(headlines) == {article.headline, related.headline}
    assert Article.objects.published().count() == 2
