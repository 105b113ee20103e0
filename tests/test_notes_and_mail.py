"""The desk's internal side of a story: notes nobody outside reads, who is to work on it next, the e-mail that
tells editors a story waits and authors that theirs is out, and a staff password reset that leaves the second
login step in place."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from articles import workflow
from articles.models import Article, Author, Credit, Note
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

SECRET = "Narasumber minta namanya tidak disebut; cek ulang angka korban ke BPBD."


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def add_note(client, article, text):
    data = change_form_data(client.get(change_url(article)))
    total = int(data["notes-TOTAL_FORMS"])
    data.update({"notes-TOTAL_FORMS": str(total + 1), f"notes-{total}-text": text})
    return client.post(change_url(article), data)


# Notes --------------------------------------------------------------------------------------------------------


def test_a_note_is_kept_with_its_writer_and_never_reaches_readers(login, desk_user, make_article, client):
    editor = desk_user("Editor")
    article = make_article("Banjir di Rumbai", body="Pekanbaru - Air naik.")
    assert add_note(login(editor), article, SECRET).status_code == 302
    note = Note.objects.get()
    assert (note.article, note.author, note.text) == (article, editor, SECRET)
    assert SECRET in client.get(change_url(article)).content.decode()  # the desk reads it on the form

    client.logout()
    for url in [article.get_absolute_url(), "/feed/", "/feed/atom/", f"/api/ninjs/{article.slug}/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "BPBD" not in response.content.decode(), url
    assert list(client.get("/cari/?q=narasumber").context_data["results"]) == []


def test_a_note_is_not_rewritten_afterwards(login, desk_user, make_article):
    editor = desk_user("Editor")
    article = make_article("Banjir di Rumbai")
    note = Note.objects.create(article=article, author=editor, text=SECRET)
    client = login(desk_user("Editor", "redaktur-lain"))
    data = change_form_data(client.get(change_url(article)))
    data.update({"notes-0-id": str(note.pk), "notes-0-text": "Diubah.", "notes-0-DELETE": "on"})
    client.post(change_url(article), data)
    assert Note.objects.get().text == SECRET


def test_a_reporter_writes_notes_on_their_own_draft(login, desk_user, make_article):
    reporter = desk_user("Reporter")
    draft = make_article("Draf banjir", status=Article.Status.DRAFT, created_by=reporter)
    assert add_note(login(reporter), draft, "Foto menyusul sore ini.").status_code == 302
    assert Note.objects.get().author == reporter


# Assignment ---------------------------------------------------------------------------------------------------


def test_an_editor_assigns_a_story_and_it_is_on_the_assignees_desk(login, desk_user, make_article, client):
    reporter = desk_user("Reporter")
    draft = make_article("Liputan banjir Kampar", status=Article.Status.DRAFT)
    editor_client = login(desk_user("Editor"))
    response = editor_client.post(
        change_url(draft), change_form_data(editor_client.get(change_url(draft)), assignee=str(reporter.pk))
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.assignee == reporter

    client.force_login(reporter)
    desk = {
        str(title): [a.headline for a in articles] for title, articles in client.get("/admin/meja/").context["lists"]
    }
    assert desk["Ditugaskan kepada saya"] == ["Liputan banjir Kampar"]
    # The assignee works on the story until an editor publishes it.
    assert client.get(change_url(draft)).context["has_change_permission"]


def test_a_reporter_cannot_assign(login, desk_user, make_article):
    reporter = desk_user("Reporter")
    draft = make_article("Draf wartawan", status=Article.Status.DRAFT, created_by=reporter)
    client = login(reporter)
    form = client.get(change_url(draft)).content.decode()
    assert 'name="assignee"' not in form
    data = change_form_data(client.get(change_url(draft)))
    data["assignee"] = str(reporter.pk)
    assert client.post(change_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.assignee is None


# E-mail -------------------------------------------------------------------------------------------------------


def test_editors_are_mailed_when_a_story_waits_for_review(desk_user, make_article, django_capture_on_commit_callbacks):
    reporter = desk_user("Reporter")
    editors = [desk_user("Editor", "budi"), desk_user("Editor", "sari")]
    desk_user("Photo editor")
    draft = make_article("Banjir di Rumbai", status=Article.Status.DRAFT, created_by=reporter)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit_for_review(draft, by=reporter)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(editor.email for editor in editors)
    [message] = [m for m in mail.outbox if m.to == ["budi@example.com"]]
    assert message.subject == "Menunggu tinjauan: Banjir di Rumbai"
    assert re.search(rf"/admin/articles/article/{draft.pk}/change/", message.body)


def test_authors_are_mailed_when_their_story_is_published(desk_user, make_article, django_capture_on_commit_callbacks):
    reporter, photographer, editor = desk_user("Reporter"), desk_user("Photo editor"), desk_user("Editor")
    article = make_article("Banjir di Rumbai", status=Article.Status.REVIEW, created_by=reporter)
    Credit.objects.create(article=article, author=Author.objects.create(name="Foto Grafer", user=photographer))
    Credit.objects.create(article=article, author=Author.objects.create(name="Tanpa Akun"), order=1)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article, by=editor)
    # The editor who published it knows already; an author without a desk account has no address.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([reporter.email, photographer.email])
    assert {m.subject for m in mail.outbox} == {"Terbit: Banjir di Rumbai"}


def test_nothing_is_mailed_when_the_move_is_rolled_back(desk_user, make_article, django_capture_on_commit_callbacks):
    reporter = desk_user("Reporter")
    desk_user("Editor")
    draft = make_article("Banjir di Rumbai", status=Article.Status.DRAFT, created_by=reporter)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.submit_for_review(draft, by=reporter)
    assert callbacks and mail.outbox == []


# Password reset -----------------------------------------------------------------------------------------------


def test_staff_reset_their_password_by_mail_and_still_log_in_through_the_login(client, desk_user):
    editor = desk_user("Editor")
    login_page = client.get("/admin/login/").content.decode()
    assert 'href="/admin/lupa-sandi/"' in login_page
    response = client.post("/admin/lupa-sandi/", {"email": editor.email})
    assert response.status_code == 302
    [message] = mail.outbox
    link = re.search(r"http://testserver(/admin/sandi-baru/\S+/)", message.body).group(1)
    form_url = client.get(link)["Location"]  # Django hides the token from the page's address
    response = client.post(form_url, {"new_password1": "Hujan-deras-2026!", "new_password2": "Hujan-deras-2026!"})
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password("Hujan-deras-2026!")
    # Not logged in by the reset: the admin still sends the editor through its login (and its second step).
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
