"""The free-text bylines ("Pewarta", "Editor") become credits of authors, one author per name however it was
cased or spaced. The text columns go in the next migration: PostgreSQL alters no table with the new credits'
foreign-key checks still pending in the same transaction."""

import re
import unicodedata

from django.db import migrations
from django.utils.text import slugify

# As articles.text.normalise_text/normalise_key and the importer's byline split, frozen here: a migration must not
# change when the code it once used does.
_WHITESPACE = re.compile(r"\s+")
_SEPARATORS = re.compile(r"\s*(?:,|;|/|&|\bdan\b|\band\b)\s*", re.IGNORECASE)


def _clean(name):
    name = unicodedata.normalize("NFKC", name).replace("\u00a0", " ")
    return _WHITESPACE.sub(" ", name).strip()


def _names(byline):
    return [name for name in (_clean(part) for part in _SEPARATORS.split(byline or "")) if name]


def bylines_to_credits(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Author = apps.get_model("articles", "Author")
    Credit = apps.get_model("articles", "Credit")
    authors = {}
    slugs = set(Author.objects.values_list("slug", flat=True))

    def author(name, role):
        key = name.casefold()
        if key not in authors:
            base = slugify(name)[:90].strip("-") or "penulis"
            slug, n = base, 1
            while slug in slugs:
                n += 1
                slug = f"{base}-{n}"
            slugs.add(slug)
            authors[key] = Author.objects.create(name=name[:200], name_key=key[:200], slug=slug, role=role)
        return authors[key]

    credits = []
    # Oldest first: an author is named as the desk first wrote them ("Diana Syafni" before a later "diana syafni").
    rows = Article.objects.exclude(reporter="", editor="").order_by("pk").values_list("pk", "reporter", "editor")
    rows = rows.iterator()
    for pk, reporter, editor in rows:
        seen = set()
        order = 0
        for role, byline in (("reporter", reporter), ("editor", editor)):
            for name in _names(byline):
                person = author(name, role)
                if (person.pk, role) in seen:
                    continue
                seen.add((person.pk, role))
                credits.append(Credit(article_id=pk, author=person, role=role, order=order))
                order += 1
        if len(credits) >= 1000:
            Credit.objects.bulk_create(credits)
            credits = []
    Credit.objects.bulk_create(credits)


def credits_to_bylines(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Credit = apps.get_model("articles", "Credit")
    bylines = {}
    for credit in Credit.objects.select_related("author").order_by("article_id", "order", "id"):
        names = bylines.setdefault(credit.article_id, {"reporter": [], "editor": []})
        names["editor" if credit.role == "editor" else "reporter"].append(credit.author.name)
    for pk, names in bylines.items():
        Article.objects.filter(pk=pk).update(
            reporter=", ".join(names["reporter"])[:200], editor=", ".join(names["editor"])[:200]
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_authors_and_credits")]

    operations = [
        migrations.RunPython(bylines_to_credits, credits_to_bylines),
    ]
