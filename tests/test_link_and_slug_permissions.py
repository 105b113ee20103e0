"""Which stories each role may link as "Baca juga" and which addresses it may give a story: the desk's permission
matrix for related-link targets and slugs, and the two holes a hostile staff member found there."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from articles import workflow
from articles.models import Article, RelatedLink, SlugRedirect, unique_slug
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

ROLES = ["Reporter", "Editor", "Photo editor"]
ADD = "/admin/articles/article/add/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.fixture
def desk(desk_user, make_article):
    """A reporter, an editor and a photo editor; a colleague's draft, story in review, embargoed and published
    stories; a published story that moved from an old address."""
    colleague = desk_user("Reporter", "wartawan-lain")
    moved = make_article("Gubernur resmikan jembatan Siak", created_by=colleague)
    moved.slug = "gubernur-resmikan-jembatan-siak-iv"
    moved.save()
    return {
        "people": {role: desk_user(role) for role in ROLES},
        "others_draft": make_article("Rahasia: KPK geledah kantor bupati", status="draft", created_by=colleague),
        "in_review": make_article("Rahasia: harga BBM naik besok", status="review", created_by=colleague),
        "embargoed": make_article(
            "Rahasia: kabinet dirombak Senin",
            published_at=timezone.now() + timedelta(days=1),
            created_by=colleague,
        ),
        "published": make_article("Harga sawit naik di Pekanbaru", created_by=colleague),
        "moved": moved,
        "make_article": make_article,
    }


def own_story(desk, user, **fields):
    """A story of the user's own that they may edit: their draft, or (for an editor) any."""
    fields.setdefault("status", Article.Status.DRAFT)
    return desk["make_article"](f"Draf {user.username}", created_by=user, **fields)


def post_own_form(client, article, **changes):
    return client.post(change_url(article), change_form_data(client.get(change_url(article)), **changes))


def link_to(client, user, desk, target):
    """Link `target` from the user's own story with an empty title (the headline is copied): did the server take it?"""
    story = own_story(desk, user)
    response = client.get(change_url(story))
    if response.status_code != 200 or 'name="related_links-TOTAL_FORMS"' not in response.content.decode():
        return False
    data = change_form_data(response)
    data.update(
        {
            "related_links-TOTAL_FORMS": "1",
            "related_links-0-order": "0",
            "related_links-0-title": "",
            "related_links-0-target": str(target.pk),
            "related_links-0-url": "",
        }
    )
    client.post(change_url(story), data)
    return story.related_links.filter(target=target).exists()


def link_others_draft(client, user, desk):
    return link_to(client, user, desk, desk["others_draft"])


def link_story_in_review(client, user, desk):
    return link_to(client, user, desk, desk["in_review"])


def link_embargoed_story(client, user, desk):
    return link_to(client, user, desk, desk["embargoed"])


def link_published_story(client, user, desk):
    return link_to(client, user, desk, desk["published"])


def take_others_old_slug(client, user, desk):
    story = own_story(desk, user)
    post_own_form(client, story, slug="gubernur-resmikan-jembatan-siak")
    return Article.objects.get(pk=story.pk).slug == "gubernur-resmikan-jembatan-siak"


def take_back_own_old_slug(client, user, desk):
    story = own_story(desk, user, slug="banjir-rendam-dumai")
    # A reporter's draft has no old address (nobody has read it); an editor's published story has.
    SlugRedirect.objects.create(old_slug="banjir-di-dumai", article=story)
    post_own_form(client, story, slug="banjir-di-dumai")
    return Article.objects.get(pk=story.pk).slug == "banjir-di-dumai"


ALLOWED = {
    # action:                  Reporter, Editor, Photo editor (who edits no text, so links and renames nothing)
    link_others_draft: (False, True, False),
    link_story_in_review: (False, True, False),
    link_embargoed_story: (False, True, False),
    link_published_story: (True, True, False),
    take_others_old_slug: (False, False, False),
    take_back_own_old_slug: (True, True, False),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ALLOWED), ids=lambda action: action.__name__)
def test_link_and_slug_permission_matrix(client, desk, role, action):
    user = desk["people"][role]
    client.force_login(user)
    assert action(client, user, desk) is ALLOWED[action][ROLES.index(role)]


# "Baca juga" targets ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("secret", ["others_draft", "in_review", "embargoed"])
def test_a_reporter_linking_a_colleagues_unpublished_story_by_hand_learns_nothing_of_it(desk, login, secret):
    reporter = desk["people"]["Reporter"]
    target = desk[secret]
    data = {
        "headline": "Draf wartawan",
        "slug": "draf-wartawan",
        "body": "Isi.",
        "status": "draft",
        "language": "id",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "credits-TOTAL_FORMS": "0",
        "credits-INITIAL_FORMS": "0",
        "related_links-TOTAL_FORMS": "1",
        "related_links-INITIAL_FORMS": "0",
        "related_links-0-order": "0",
        "related_links-0-title": "",
        "related_links-0-target": str(target.pk),
        "related_links-0-url": "",
    }
    response = login(reporter).post(ADD, data)
    assert response.status_code == 200
    formset = next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == "related_links")
    assert [e.code for e in formset.forms[0].errors.as_data()["target"]] == ["invalid_choice"]
    assert target.headline not in response.content.decode()
    assert not Article.objects.filter(slug="draf-wartawan").exists()


def test_the_target_autocomplete_offers_a_reporter_what_the_server_accepts(desk, login):
    reporter = desk["people"]["Reporter"]
    own = own_story(desk, reporter)
    response = login(reporter).get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "relatedlink", "field_name": "target", "term": ""},
    )
    offered = {int(result["id"]) for result in response.json()["results"]}
    assert offered == {own.pk, desk["published"].pk, desk["moved"].pk}


def test_a_line_an_editor_linked_to_an_unpublished_story_survives_the_reporters_save_and_stays_secret(desk, login):
    reporter = desk["people"]["Reporter"]
    story = own_story(desk, reporter)
    secret = desk["in_review"]
    RelatedLink.objects.create(article=story, title="Harga BBM", target=secret)
    secret.headline = "Rahasia: harga BBM naik Rp2.000 besok"
    secret.save()
    client = login(reporter)
    page = client.get(change_url(story))
    assert secret.headline not in page.content.decode()
    response = client.post(change_url(story), change_form_data(page, body="Isi baru."))
    assert response.status_code == 302
    link = story.related_links.get()
    assert (link.title, link.target) == ("Harga BBM", secret)


def test_clearing_the_title_of_such_a_line_keeps_the_lines_own_title_not_the_secret_headline(desk, login):
    reporter = desk["people"]["Reporter"]
    story = own_story(desk, reporter)
    RelatedLink.objects.create(article=story, title="Pemeriksaan KPK", target=desk["others_draft"])
    client = login(reporter)
    response = post_own_form(client, story, **{"related_links-0-title": ""})
    assert response.status_code == 302
    assert story.related_links.get().title == "Pemeriksaan KPK"


def add_line_titled(client, story, title):
    """The reporter's form saved with one new "Baca juga" line, written as a title only."""
    page = client.get(change_url(story))
    line = {"order": "0", "title": title, "target": "", "url": ""}
    return client.post(
        change_url(story),
        change_form_data(
            page,
            **{"related_links-TOTAL_FORMS": "1", **{f"related_links-0-{name}": v for name, v in line.items()}},
        ),
    )


def shown_target(client, story):
    formset = next(
        inline.formset
        for inline in client.get(change_url(story)).context["inline_admin_formsets"]
        if inline.formset.prefix == "related_links"
    )
    return formset.forms[0]["target"].value()


@pytest.mark.parametrize("secret", ["others_draft", "in_review", "embargoed"])
def test_a_title_that_is_a_colleagues_secret_headline_tells_the_reporter_nothing(desk, login, secret):
    reporter, target = desk["people"]["Reporter"], desk[secret]
    story = own_story(desk, reporter)
    client = login(reporter)
    assert add_line_titled(client, story, target.headline).status_code == 302
    line = story.related_links.get()
    assert (line.title, line.target) == (target.headline, None)
    assert shown_target(client, story) is None

    # The colleague saves their story: the title waiting for it links now, and the reporter still sees no link.
    target.save()
    line.refresh_from_db()
    assert line.target == target
    assert shown_target(client, story) is None
    response = post_own_form(client, story, body="Isi baru.")
    assert response.status_code == 302
    assert story.related_links.get().target == target


def test_a_title_links_the_reporters_own_and_the_readers_stories_at_once(desk, login):
    reporter = desk["people"]["Reporter"]
    story = own_story(desk, reporter)
    client = login(reporter)
    add_line_titled(client, story, desk["published"].headline)
    assert story.related_links.get().target == desk["published"]
    assert shown_target(client, story) == desk["published"].pk


def test_an_editors_title_links_a_story_still_in_review_at_once(desk, login):
    editor = desk["people"]["Editor"]
    story = own_story(desk, editor)
    add_line_titled(login(editor), story, desk["in_review"].headline)
    assert story.related_links.get().target == desk["in_review"]


def test_the_admin_shows_a_reporter_no_embargoed_story_of_a_colleague(desk, login):
    response = login(desk["people"]["Reporter"]).get("/admin/articles/article/")
    assert desk["embargoed"] not in response.context["cl"].result_list
    assert login(desk["people"]["Reporter"]).get(change_url(desk["embargoed"])).status_code == 302


# Old addresses -----------------------------------------------------------------------------------------------


def test_a_reporter_cannot_take_over_a_published_storys_old_address(client, desk, login):
    reporter = desk["people"]["Reporter"]
    draft = own_story(desk, reporter)
    response = post_own_form(login(reporter), draft, slug="gubernur-resmikan-jembatan-siak")
    assert response.status_code == 200
    assert Article.objects.get(pk=draft.pk).slug != "gubernur-resmikan-jembatan-siak"
    [error] = response.context["adminform"].form.errors.as_data()["slug"]
    assert error.code == "reserved_slug" and "pernah dipakai artikel lain" in error.messages[0]
    assert SlugRedirect.objects.filter(old_slug="gubernur-resmikan-jembatan-siak", article=desk["moved"]).exists()
    client.logout()
    old_address = client.get("/berita/gubernur-resmikan-jembatan-siak/")
    assert (old_address.status_code, old_address["Location"]) == (301, desk["moved"].get_absolute_url())


def test_an_old_address_is_refused_by_the_models_own_validation(desk):
    story = Article(headline="Jembatan baru", slug="gubernur-resmikan-jembatan-siak", body="Isi.")
    with pytest.raises(ValidationError) as refused:
        story.full_clean()
    assert "slug" in refused.value.message_dict
    desk["moved"].slug = "gubernur-resmikan-jembatan-siak"
    desk["moved"].full_clean()  # its own old address: taken back


def test_saving_a_story_under_another_storys_old_address_never_deletes_that_redirect(desk):
    story = desk["published"]
    story.slug = "gubernur-resmikan-jembatan-siak"
    story.save()
    assert SlugRedirect.objects.get(old_slug="gubernur-resmikan-jembatan-siak").article == desk["moved"]


def test_a_generated_slug_skips_old_addresses(desk):
    assert unique_slug(Article, "Gubernur resmikan jembatan Siak") == "gubernur-resmikan-jembatan-siak-2"
    assert unique_slug(Article, "Gubernur resmikan jembatan Siak", exclude_pk=desk["moved"].pk) == (
        "gubernur-resmikan-jembatan-siak"
    )


def test_imported_copy_with_the_old_headline_gets_a_fresh_address(desk, tmp_path):
    headline = "Gubernur resmikan jembatan Siak"
    body = "Siak (ANTARA) - Gubernur meresmikan jembatan baru.\n\nParagraf kedua."
    dump = f"{headline}\n\nid Riau\n\n{headline}\n\n{body}\n\nSumber: ANTARA\n"
    (tmp_path / "jembatan.txt").write_text(dump, encoding="utf-8")
    call_command("import_articles", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    imported = Article.objects.exclude(pk=desk["moved"].pk).get(headline=headline)
    assert imported.slug == "gubernur-resmikan-jembatan-siak-2"
    assert SlugRedirect.objects.get(old_slug="gubernur-resmikan-jembatan-siak").article == desk["moved"]


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_rule_and_its_python_twin_agree_for_every_role(desk, role):
    user = desk["people"][role]
    own_story(desk, user)
    every = list(Article.objects.all())
    assert set(workflow.articles_visible_to(user)) == {article for article in every if workflow.may_see(user, article)}
