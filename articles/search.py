"""Article search: the one place that knows how articles are matched, ranked and highlighted.

On PostgreSQL it is full-text search with the `indonesian` configuration (so "menyelesaikan" finds
"selesaikan") over `Article.search_document`, which database triggers keep current and a GIN index serves
(migration 0002). Readers' queries are parsed with `websearch_to_tsquery`: "kata dalam kutip", -kecuali, OR;
`websearch_text` first rewrites whatever was typed into that syntax, bounded (see there).
On SQLite, which has no text search, every word must appear in the headline, summary, body or a tag
name, and the newest articles come first.

A common word matches most of a million-article archive. Counting, ranking and highlighting every match took
seconds, so none of them looks at more than a bounded set: the newest RESULTS_CAP + 1 matches are found by a
walk of an index (the GIN index for rarer words, the publication-time index for common ones), only those are
ranked, only the rows of the page shown are highlighted, and `ResultsPaginator` counts no
further than the cap: past it the page says "more than 1,000 results".
"""

import operator
import re
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Exists, F, Func, OuterRef, Q, Value
from django.db.models.functions import Replace
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Article, ArticleTag

SEARCH_CONFIG = "indonesian"
# ts_headline copies the article's text verbatim, so its output cannot be trusted as HTML. It marks matches
# with these private-use characters instead; the text is escaped first and only then are they made <mark>s.
MARK_START, MARK_END = "\ue000", "\ue001"
MARKED = re.compile(f"{MARK_START}([^{MARK_START}{MARK_END}]*){MARK_END}")
SNIPPET_CHARS = 240
# ts_rank's weights of D, C, B and A: the headline (A) weighs most, the text (B) and the tag names (C, so that the
# text's part of the document can be told apart, see migration 0009) come next, equally.
RANK_WEIGHTS = [0.1, 0.4, 0.4, 1.0]
# How many matches are ranked and counted at most: the newest ones. Readers rarely page past the first few
# pages, and the best of the newest thousand is what a news desk's readers look for.
RESULTS_CAP = 1000
# More words than anyone types into a search box; the query (and its cost) stays bounded whatever is pasted.
MAX_QUERY_WORDS = 16
MAX_QUERY_CHARS = 500
# A phrase in quotes (perhaps excluded with "-"), or any other run of non-spaces.
_QUERY_PART = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# A word as the parser sees one: letters and digits, joined by single hyphens, apostrophes or dots ("covid-19").
_QUERY_WORD = re.compile(r"\w+(?:['’.-]\w+)*")


def body_text_sql():
    """The stored body's text in SQL (PostgreSQL): its markup taken out and the entities nh3 writes read, so the
    snippet of a result shows words, not tags. (The search document needs none of this: PostgreSQL's parser
    leaves tags and entities out of a tsvector by itself.)"""
    text = Func(F("body"), Value("<[^>]*>"), Value(" "), Value("g"), function="regexp_replace")
    for entity, character in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'"), ("&amp;", "&")]:
        text = Replace(text, Value(entity), Value(character))
    return text


def full_text_search():
    return connection.vendor == "postgresql"


def websearch_text(text):
    """`text` as a websearch_to_tsquery query that PostgreSQL always accepts: words, "phrases", -excluded, OR.

    websearch_to_tsquery reads every "-" before a word as a NOT, and a few dozen of them nested overflow its
    stack ("tsquery stack too small"): a search box answering 500. Here each part gets at most one "-", signs
    that are not part of a word are dropped, and only the first MAX_QUERY_WORDS words (of the first
    MAX_QUERY_CHARS characters) are kept.
    """
    parts, count = [], 0
    for match in _QUERY_PART.finditer(text[:MAX_QUERY_CHARS]):
        excluded, phrase, token = match.groups()
        if token is not None and token.casefold() == "or":
            if parts and parts[-1] != "or":
                parts.append("or")
            continue
        words = _QUERY_WORD.findall(phrase if phrase is not None else token)[: MAX_QUERY_WORDS - count]
        if not words:
            continue
        count += len(words)
        sign = "-" if excluded or (token is not None and token.startswith("-")) else ""
        parts.append(f'{sign}"{" ".join(words)}"' if phrase is not None else sign + " ".join(words))
        if count == MAX_QUERY_WORDS:
            break
    while parts and parts[-1] == "or":
        parts.pop()
    return " ".join(parts)


def search_query(text):
    return SearchQuery(websearch_text(text), config=SEARCH_CONFIG, search_type="websearch")


def words(text):
    """The words the SQLite fallback looks for: punctuation and markup signs are not words; the first
    MAX_QUERY_WORDS, like full-text search (each is a condition of its own: thousands would overflow SQLite)."""
    return list(dict.fromkeys(word.lower() for word in re.findall(r"\w+", text)))[:MAX_QUERY_WORDS]


def words_pattern(terms):
    return re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE)


def matching(queryset, text):
    """The articles of `queryset` that match `text`, in no particular order. Used by the admin too."""
    text = text.strip()
    if full_text_search():
        # A query of stop words or punctuation becomes an empty tsquery, which matches nothing.
        return queryset.filter(search_document=search_query(text)) if websearch_text(text) else queryset.none()
    terms = words(text)
    if not terms:
        return queryset.none()
    for term in terms:
        tagged = ArticleTag.objects.filter(content_object=OuterRef("pk"), tag__name__icontains=term)
        queryset = queryset.filter(
            Q(headline__icontains=term) | Q(summary__icontains=term) | Q(body__icontains=term) | Exists(tagged)
        )
    return queryset


# The photo library's words: the caption and keywords weigh most, then who took it, where, and the credit.
PHOTO_FIELDS = {"caption": "A", "keywords": "A", "photographer": "B", "place": "B", "credit": "B"}


def matching_photos(queryset, text):
    """The library photos of `queryset` whose caption, keywords, photographer, place or credit match `text`:
    full text with the `indonesian` configuration on PostgreSQL, every word somewhere on SQLite (as articles)."""
    text = text.strip()
    if full_text_search():
        if not websearch_text(text):
            return queryset.none()
        vector = reduce(
            operator.add,
            (SearchVector(name, weight=weight, config=SEARCH_CONFIG) for name, weight in PHOTO_FIELDS.items()),
        )
        return queryset.annotate(library_document=vector).filter(library_document=search_query(text))
    terms = words(text)
    if not terms:
        return queryset.none()
    for term in terms:
        queryset = queryset.filter(reduce(operator.or_, (Q(**{f"{name}__icontains": term}) for name in PHOTO_FIELDS)))
    return queryset


def search_articles(text, *, section=None, since=None, until=None):
    """Published articles matching `text`, best first: among the newest RESULTS_CAP + 1 matches on PostgreSQL.

    `since` and `until` are datetimes: `since <= published_at < until`. Paginate with `ResultsPaginator`;
    `highlight` the page shown.
    """
    articles = matching(Article.objects.published(), text)
    if section is not None:
        articles = articles.filter(section=section)
    if since is not None:
        articles = articles.filter(published_at__gte=since)
    if until is not None:
        articles = articles.filter(published_at__lt=until)
    articles = articles.order_by("-published_at", "-id")
    if not full_text_search():
        return articles.select_related("section")
    # One more than the cap, so that the paginator can tell "exactly 1,000" from "more than 1,000".
    newest = articles.values("pk")[: RESULTS_CAP + 1]
    query = search_query(text)
    marks = {"config": SEARCH_CONFIG, "start_sel": MARK_START, "stop_sel": MARK_END}
    # PostgreSQL postpones these costly ts_headline calls until after ORDER BY ... LIMIT, so only the rows of
    # the page shown are highlighted (tests/test_scale_plans.py checks the plan).
    return (
        Article.objects.filter(pk__in=newest)
        .select_related("section")
        .annotate(
            rank=SearchRank(F("search_document"), query, weights=RANK_WEIGHTS),
            headline_marks=SearchHeadline("headline", query, highlight_all=True, **marks),
            snippet_marks=SearchHeadline(
                body_text_sql(), query, max_words=35, min_words=15, max_fragments=2, fragment_delimiter=" … ", **marks
            ),
        )
        .order_by("-rank", "-published_at", "-id")
    )


class ResultsPaginator(Paginator):
    """Pages of search results, counted no further than RESULTS_CAP; `more` says whether there were more."""

    @cached_property
    def _found(self):
        # Any RESULTS_CAP + 1 of them will do for counting: no order, no ranking.
        return self.object_list.order_by()[: RESULTS_CAP + 1].count()

    @property
    def count(self):
        return min(self._found, RESULTS_CAP)

    @property
    def more(self):
        return self._found > RESULTS_CAP


def results_summary(paginator, text):
    """The heading of a results page: how many articles match, or, past the cap, that more than that many do."""
    if paginator.more:
        counter = number_format(RESULTS_CAP, force_grouping=True)
        return _("More than %(counter)s results for “%(query)s”") % {"counter": counter, "query": text}
    count = paginator.count
    return ngettext(
        "%(counter)s article found for “%(query)s”", "%(counter)s articles found for “%(query)s”", count
    ) % {"counter": count, "query": text}


def highlight(article, text):
    """(headline, snippet) of a search result as safe HTML: the article's text escaped, matches in <mark>."""
    if full_text_search():
        return marked_html(article.headline_marks), marked_html(" ".join(article.snippet_marks.split()))
    terms = words(text)
    return mark_words(article.headline, terms), mark_words(excerpt(article.body_text, terms), terms)


def marked_html(text):
    """Escape `text`, then turn the sentinel-delimited matches into <mark> elements."""
    html = MARKED.sub(r"<mark>\1</mark>", escape(text))
    # A sentinel character the article itself contained, or one left unpaired: drop it.
    return mark_safe(html.replace(MARK_START, "").replace(MARK_END, ""))


def mark_words(text, terms):
    """Escape `text` and wrap every (case-insensitive) occurrence of the terms in <mark>."""
    if not terms:
        return escape(text)
    pieces, position = [], 0
    for match in words_pattern(terms).finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))


def excerpt(text, terms, *, length=SNIPPET_CHARS):
    """About `length` characters of `text` around the first occurrence of a term, cut at spaces."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    first = words_pattern(terms).search(text) if terms else None
    start = max(0, first.start() - length // 3) if first else 0
    if start:
        start = text.find(" ", start) + 1 or start
    end = start + length
    if end < len(text) and (space := text.rfind(" ", start, end)) > start:
        end = space
    return ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")
