"""Cache tags: the names a page is known by in a shared cache, so a change purges exactly the pages it shows on.

- `article-<id>`: the page shows that story (its own page, a card in a list, a "Baca juga" link to it);
- `tag-<id>`, `section-<id>`, `source-<id>`, `author-<id>`: the page shows that name (renaming or merging changes
  it; an author page also shows the author's photo and bio);
- `list-tag-<id>`, `list-section-<id>`, `list-source-<id>`, `list-author-<id>`: the page lists that tag's
  (section's, source's, author's) stories, so it changes when a story joins or leaves it;
- `list`: the newest stories (the home page, search results): changes when any story goes out or comes off;
- `corrections`: the corrections page;
- `sections`: the section menu at the top of every page;
- `front-page`: the editors' arrangement on the home page (top story, picks, breaking news);
- `archive`: a response that shows stories without naming them (feeds, sitemaps, the ninjs API): changes with
  any story.

Names come from a page's template context (DetailView's `object`, ListView's `object_list`, the `subject` of a tag,
section or source page), after rendering, from what the page loaded: views need no code for them, and reading them
costs no query (ids only, and the tags and links the article page prefetches).
"""

from taggit.models import Tag

from ..models import Article, Author, Correction, Section, Source

ARCHIVE, LIST, CORRECTIONS, MENU, FRONT_PAGE = "archive", "list", "corrections", "sections", "front-page"
KINDS = {Tag: "tag", Section: "section", Source: "source", Author: "author"}


def article_key(article_id):
    return f"article-{article_id}"


def name_key(instance):
    return f"{KINDS[type(instance)]}-{instance.pk}"


def list_key(instance):
    return f"list-{name_key(instance)}"


def story_keys(article):
    """A story as a list shows it: the story, and its section's and source's names (read from the ids)."""
    keys = [article_key(article.pk)]
    if article.section_id:
        keys.append(f"section-{article.section_id}")
    if article.source_id:
        keys.append(f"source-{article.source_id}")
    return keys


def article_page_keys(article):
    """The article page also shows its tags, its authors and the "Baca juga" stories (loaded with it by
    `for_detail()`)."""
    keys = story_keys(article)
    keys += [f"tag-{tag.pk}" for tag in article.tag_list]
    keys += [f"author-{credit.author_id}" for credit in article.byline]
    keys += [article_key(link.target_id) for link in article.read_also if link.target_id]
    return keys


def page_keys(context):
    context = context or {}
    keys = [MENU]
    subject = context.get("subject")
    if type(subject) in KINDS:
        keys += [name_key(subject), list_key(subject)]
    front_page = context.get("front_page")
    if front_page is not None:
        keys.append(FRONT_PAGE)
        for story in front_page.stories:
            keys += story_keys(story)
    page_object = context.get("object")
    if isinstance(page_object, Article):
        keys += article_page_keys(page_object)
    items = context.get("object_list")
    if items is not None:
        model = getattr(items, "model", None)
        if model is Correction:
            keys.append(CORRECTIONS)
            keys += [article_key(correction.article_id) for correction in items]
        else:
            if subject is None:
                keys.append(LIST)
            for item in items:
                if isinstance(item, Article):
                    keys += story_keys(item)
    if page_object is None and items is None:
        keys.append(ARCHIVE)  # a page whose stories are not in its context (a sitemap)
    return list(dict.fromkeys(keys))
