"""Helpers for the editors' browser journeys: desk users in their roles, logged-in browser windows and
screenshots of the admin for the README.

Screenshots are taken only when NEWSROOM_SCREENSHOTS names a directory (`docs/screenshots` for the README).
"""

import importlib
import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import translation

PASSWORD = "rahasia-redaksi-2023"

# The README's screenshots: a laptop's window, one device pixel per CSS pixel (small PNGs).
DESK_WINDOW = {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1}


def indonesian(msgid):
    """What the admin shows for `msgid` to a desk working in Indonesian (the site's language)."""
    with translation.override("id"):
        return translation.gettext(msgid)


def ensure_roles():
    """Create the desk's groups with the roles migration's own function, as it ran in its own migration state.

    Tests that use the live server run in transactions that end with a flush, which empties the tables a data
    migration filled: after the first of them the groups are gone. The migration is found by what it defines
    rather than by its number, which changes when branches are merged.
    """
    loader = MigrationLoader(connection)
    key, migration = next(
        (key, migration)
        for key, migration in loader.disk_migrations.items()
        if key[0] == "articles" and hasattr(importlib.import_module(type(migration).__module__), "create_roles")
    )
    module = importlib.import_module(type(migration).__module__)
    module.create_roles(loader.project_state(key).apps, None)


def make_desk_user(role, username):
    user = get_user_model().objects.create_user(username, f"{username}@antarariau.example", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def log_in(page, user, *, next_url="/admin/"):
    """Log in through the admin's own login form, as the desk does every morning."""
    page.goto(f"/admin/login/?next={next_url}")
    page.locator("#id_username").fill(user.get_username())
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(f"**{next_url}")


class Screenshots:
    """Viewport screenshots of the admin, named by step, when NEWSROOM_SCREENSHOTS is set; otherwise nothing."""

    def __init__(self, directory=None):
        directory = directory if directory is not None else os.environ.get("NEWSROOM_SCREENSHOTS")
        self.directory = Path(directory) if directory else None

    def take(self, page, name):
        if self.directory is None:
            return None
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{name}.png"
        # Not the full page: the README shows what an editor sees in one window.
        page.screenshot(path=path, animations="disabled", caret="hide")
        return path


def write_body(page, html):
    """Put `html` in the body's rich-text editor in place of what it holds, the way an editor pastes a story from a
    word processor or a web page: the editor keeps the structure it knows and drops the rest."""
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.press("ControlOrMeta+a")
    editor.evaluate(
        """(element, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", html.replace(/<[^>]*>/g, " "));
            element.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        html,
    )


def choose(page, row, words, label):
    """Pick an item in an autocomplete box by typing some of its words, as an editor does."""
    row.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").press_sequentially(words, delay=30)
    page.locator(".select2-results__option", has_text=label).click()
    row.locator(".select2-selection__rendered", has_text=label).wait_for()
