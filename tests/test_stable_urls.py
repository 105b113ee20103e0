"""An article's address outlives edits: headline changes keep it, slug changes leave a 301 behind."""

import pytest

from articles.models import Article, SlugRedirect

pytestmark = pytest.mark.django_db


def test_changing_a_published_slug_redirects_the_old_address(client, make_article):
    article = make_article("Gubernur resmikan jembatan")
    old_url = article.get_absolute_url()
    article.slug = "gubernur-riau-resmikan-jembatan-siak"
    article.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/berita/gubernur-riau-resmikan-jembatan-siak/"
    assert client.get(response["Location"]).status_code == 200


def test_a_chain_of_slug_changes_leads_to_the_current_address(client, make_article):
    article = make_article("Satu")
    first = article.get_absolute_url()
    for slug in ["dua", "tiga"]:
        article.slug = slug
        article.save()
    assert client.get(first)["Location"] == "/berita/tiga/"
    assert client.get("/berita/dua/")["Location"] == "/berita/tiga/"


def test_taking_back_an_old_slug_removes_its_redirect(client, make_article):
    article = make_article("Semula", slug="semula")
    article.slug = "sementara"
    article.save()
    article.slug = "semula"
    article.save()
    assert client.get("/berita/semula/").status_code == 200
    assert client.get("/berita/sementara/").status_code == 301
    assert not SlugRedirect.objects.filter(old_slug="semula").exists()


def test_a_draft_slug_change_leaves_no_redirect(make_article):
    draft = make_article("Draf", status=Article.Status.DRAFT)
    draft.slug = "draf-baru"
    draft.save()
    assert not SlugRedirect.objects.exists()


def test_an_old_address_of_an_article_no_longer_visible_is_not_found(client, make_article):
    article = make_article("Ditarik ke draf")
    article.slug = "alamat-baru"
    article.save()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert client.get("/berita/ditarik-ke-draf/").status_code == 404


def test_a_redirect_costs_a_fixed_number_of_queries(client, make_article, django_assert_num_queries):
    article = make_article("Alamat lama")
    article.slug = "alamat-baru"
    article.save()
    # the failed article lookup, the redirect (+article)
    with django_assert_num_queries(2):
        assert client.get("/berita/alamat-lama/").status_code == 301
