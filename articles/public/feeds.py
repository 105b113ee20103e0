"""RSS 2.0 and Atom feeds of the latest published articles, site-wide and per tag, section and source.

Each entry carries its lead photo as Media RSS `media:content` (with caption and credit), the byline as
author, the tags as categories and WIB dates. A feed runs a fixed number of queries whatever its length.
"""

import mimetypes
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext
from taggit.models import Tag

from ..models import Article, Author, Section, Source, readable_subject
from .provenance import provenance

MEDIA_RSS_NAMESPACE = "http://search.yahoo.com/mrss/"
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
FEED_SIZE = 30


class MediaRssMixin:
    """Adds a Media RSS `media:content` per item that has a photo file, and makes author links absolute."""

    def latest_post_date(self):
        # When the feed's text last changed (any edit shows in it): its own <updated>/<lastBuildDate> and HTTP
        # Last-Modified. Each entry's <updated> stays what readers were told (Article.date_modified).
        changes = [item["changed"] for item in self.items if item.get("changed")]
        return max(changes) if changes else super().latest_post_date()

    def add_item_elements(self, handler, item):
        if item.get("author_link"):
            item = {**item, "author_link": urljoin(self.feed["link"], item["author_link"])}
        super().add_item_elements(handler, item)
        photo = item.get("photo")
        if not photo:
            return
        # Photo URLs may be site-relative (local storage) or absolute (a CDN): resolve against the feed's link.
        attrs = {"url": urljoin(self.feed["link"], photo["url"]), "medium": "image"}
        if photo["type"]:
            attrs["type"] = photo["type"]
        if photo["width"] and photo["height"]:
            attrs.update(width=str(photo["width"]), height=str(photo["height"]))
        handler.startElement("media:content", attrs)
        if photo["caption"]:
            handler.addQuickElement("media:description", photo["caption"], {"type": "plain"})
        if photo["credit"]:
            handler.addQuickElement("media:credit", photo["credit"])
        handler.endElement("media:content")


class MediaRssFeed(MediaRssMixin, Rss201rev2Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        # The whole story as HTML beside the description (the lede), the way feed readers expect it in RSS.
        handler.addQuickElement("content:encoded", item["content_html"])

    def add_root_elements(self, handler):
        # Feed readers take an RSS channel's title and description as HTML, as they do an item's description:
        # escaped once more like the items' text, a name with "<" or "&" (a tag, a source) reads as it was typed.
        self.feed = {**self.feed, "title": escape(self.feed["title"]), "description": escape(self.feed["description"])}
        super().add_root_elements(handler)

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_RSS_NAMESPACE, "xmlns:content": CONTENT_NAMESPACE}


class MediaAtomFeed(MediaRssMixin, Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content_html"], {"type": "html"})

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS_NAMESPACE}


class LatestArticlesFeed(Feed):
    feed_type = MediaRssFeed
    # The copy's language, whatever language the reader chose for the site's interface.
    language = settings.LANGUAGE_CODE

    def author_name(self, obj):
        # Atom wants an author for every entry; the desk stands behind those without a byline.
        return settings.SITE_NAME

    def title(self, obj):
        return f"{settings.SITE_NAME} – {gettext('Latest news')}"

    def link(self, obj):
        return reverse("articles:home")

    def description(self, obj):
        return gettext("The latest news from %(site)s") % {"site": settings.SITE_NAME}

    def subtitle(self, obj):
        return self.description(obj)

    def articles(self):
        # An item also names its source (its provenance), its tags and its authors.
        return Article.objects.published().for_listing().select_related("source").with_tags().with_byline()

    def items(self, obj):
        return self.articles()[:FEED_SIZE]

    def item_title(self, article):
        # Plain text (Atom's default text construct), not Django's double-escaped HTML: a headline with
        # "&" or "<" then reads the same in every reader.
        return article.headline

    def item_description(self, article):
        return escape(article.lede)

    def item_author_name(self, article):
        if names := [credit.author.name for credit in article.byline]:
            return ", ".join(dict.fromkeys(names))
        origin = provenance(article)
        return origin.original.name if origin.original else None

    def item_author_link(self, article):
        # Atom has one author per entry here: the first in the byline, whose page the link is.
        # Site-relative here; the feed generator makes it absolute (MediaRssMixin), as it does a photo's address.
        credits = article.byline
        return credits[0].author.get_absolute_url() if credits else None

    def item_pubdate(self, article):
        return timezone.localtime(article.published_at)

    def item_updateddate(self, article):
        return timezone.localtime(article.date_modified)

    def item_categories(self, article):
        return [tag.name for tag in article.tag_list]

    def item_guid(self, article):
        # The permanent id, not the address: a story whose slug changes is not a new story to feed readers.
        return f"urn:uuid:{article.uid}"

    def item_guid_is_permalink(self, article):
        return False

    def item_extra_kwargs(self, article):
        content = {"content_html": str(article.body_with_dateline), "changed": article.modified_at}
        photo = article.lead_photo
        if not photo or not photo.image:
            # An imported caption still waiting for its file: a Media RSS entry without a file would show
            # readers a caption for nothing, so the item goes out without one.
            return content
        return {
            **content,
            "photo": {
                "url": photo.image.url,
                "type": mimetypes.guess_type(photo.image.name)[0],
                "width": photo.width,
                "height": photo.height,
                "caption": photo.caption,
                "credit": photo.credit,
            },
        }


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = MediaAtomFeed


class SubjectFeed(LatestArticlesFeed):
    """The latest articles about one tag, section or source; 404 unless readers may see a story about it."""

    model = None
    article_filter = None
    page_url_name = None

    def get_object(self, request, slug):
        subject = readable_subject(self.model, self.article_filter, slug)
        if subject is None:
            raise Http404
        return subject

    def title(self, subject):
        return f"{settings.SITE_NAME} – {self.subject_title(subject)}"

    def subject_title(self, subject):
        return subject.name

    def link(self, subject):
        return reverse(self.page_url_name, kwargs={"slug": subject.slug})

    def description(self, subject):
        return gettext("The latest news from %(site)s: %(subject)s") % {
            "site": settings.SITE_NAME,
            "subject": self.subject_title(subject),
        }

    def items(self, subject):
        return self.about(self.articles(), subject)[:FEED_SIZE]

    def about(self, articles, subject):
        return articles.filter(**{self.article_filter: subject})


class TagFeed(SubjectFeed):
    model = Tag
    article_filter = "tags"
    page_url_name = "articles:tag"

    def about(self, articles, tag):
        return articles.tagged(tag)

    def subject_title(self, tag):
        return gettext("Tag: %(name)s") % {"name": tag.name}


class SectionFeed(SubjectFeed):
    model = Section
    article_filter = "section"
    page_url_name = "articles:section"


class SourceFeed(SubjectFeed):
    model = Source
    article_filter = "source"
    page_url_name = "articles:source"

    def subject_title(self, source):
        return gettext("Source: %(name)s") % {"name": source.name}


class AuthorFeed(SubjectFeed):
    model = Author
    article_filter = "authors"
    page_url_name = "articles:author"

    def about(self, articles, author):
        return articles.by_author(author)


class AuthorAtomFeed(AuthorFeed):
    feed_type = MediaAtomFeed


class TagAtomFeed(TagFeed):
    feed_type = MediaAtomFeed


class SectionAtomFeed(SectionFeed):
    feed_type = MediaAtomFeed


class SourceAtomFeed(SourceFeed):
    feed_type = MediaAtomFeed
