"""Generated hostile input at every URL pattern of the site and the admin: the answer is never a 500.

The routes are not listed by hand: the URL resolver is walked, so a pattern added tomorrow is probed too.
Each pattern's parameters are filled with real values (slugs, ids, version ids) and hostile ones (NUL, lone
surrogates, huge and odd strings, hyphens, quotes, backslashes, %-escapes), and the parameters its view reads
are added, in the query string of a GET or the form of a POST; readers, a Reporter and a superuser each ask.
An exception raised by a view is re-raised by the test client and reported as the failure, with its traceback,
the route, the role and the request.
"""

import os
import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest
import reversion
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from reversion.models import Version
from taggit.models import Tag

from articles.models import AgencyUpdate, Article, Correction, Section, SlugRedirect, Source
from articles.public.sitemaps import SITEMAPS

pytestmark = pytest.mark.django_db

# Each example requests every pattern once (about a hundred requests): a few examples per role keep the file
# within a minute. Raise it for a longer hunt: NEWSROOM_URL_EXAMPLES=200.
EXAMPLES = int(os.environ.get("NEWSROOM_URL_EXAMPLES", "8"))


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the route itself for the admin's unnamed redirects
    parts: tuple  # the patterns from the root to this one, each a RoutePattern or a RegexPattern

    def __str__(self):
        return self.name


def walk(resolver, parts=(), namespaces=()):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from walk(pattern, (*parts, pattern.pattern), inner)
        else:
            chain = (*parts, pattern.pattern)
            name = ":".join((*namespaces, pattern.name)) if pattern.name else "".join(map(str, chain))
            yield Route(name, chain)


ROUTES = list(walk(get_resolver()))

# --- What each view reads from the query string (or, posted, from its form) ---------------------------------

LIST_PAGE = ("page",)
SEARCH = ("q", "page", "section", "period", "since", "until")
ADMIN_FORM = ("_popup", "_to_field", "_changelist_filters")
# The changelist's own parameters, and (posted) its actions' form.
ADMIN_CHANGELIST = ("q", "o", "p", "all", "e", "_popup", "_to_field", "action", "_selected_action", "select_across")
SITE_PARAMETERS = {
    "articles:home": LIST_PAGE,
    "articles:detail": (),
    "articles:preview": (),
    "articles:shared_preview": (),
    "articles:corrections": LIST_PAGE,
    "articles:tag": LIST_PAGE,
    "articles:source": LIST_PAGE,
    "articles:search": SEARCH,
    "articles:section": LIST_PAGE,
    "articles:feed": (),
    "articles:feed_atom": (),
    "articles:tag_feed": (),
    "articles:tag_feed_atom": (),
    "articles:source_feed": (),
    "articles:source_feed_atom": (),
    "articles:section_feed": (),
    "articles:section_feed_atom": (),
    "articles:ninjs-list": LIST_PAGE,
    "articles:ninjs-detail": (),
    "desk": (),
    "set_language": ("next", "language"),
    "robots_txt": (),
    "healthz": (),
    "readyz": (),
    "metrics": (),  # reads the Authorization header only
    "sitemap_index": LIST_PAGE,
    "sitemap_news": LIST_PAGE,
    "sitemap_section": LIST_PAGE,
    "admin:index": (),
    "admin:login": ("next",),
    "admin:logout": ("next",),
    "admin:password_change": (),
    "admin:password_change_done": (),
    "admin:autocomplete": ("term", "app_label", "model_name", "field_name", "page"),
    "admin:jsi18n": (),
    "admin:view_on_site": (),
    "admin:app_list": (),
    "admin:articles_article_tag_suggestions": ("q",),
    "admin:taggit_tag_merge_tags": ("ids", "tags"),
    "admin:two_factor": ("token",),
    "photo_original": (),
}
# The ModelAdmin views, by the suffix of their names (Django's and django-reversion's).
ADMIN_SUFFIXES = {
    "_changelist": ADMIN_CHANGELIST,
    "_add": ADMIN_FORM,
    "_change": ADMIN_FORM,
    "_delete": ADMIN_FORM,
    "_history": (*ADMIN_FORM, "p"),
    "_password_change": ADMIN_FORM,
    "_recoverlist": (),
    "_recover": ADMIN_FORM,
    "_revision": ADMIN_FORM,
    "_diff": ADMIN_FORM,
    # An agency update's apply and dismiss buttons (POST only, no parameters).
    "_agency_apply": (),
    "_agency_dismiss": (),
    # django-otp's device admin: the authenticator's settings and its QR code.
    "_config": (),
    "_qrcode": (),
}
# The admin's unnamed patterns: the redirect from an object's bare address and the catch-all.
UNNAMED = re.compile(r"admin/[a-z_]+/[a-z]+/<path:object_id>/|admin/\(\?P<url>\.\*\)\$")


def parameters_read_by(route):
    """The GET parameters `route`'s view reads; KeyError for a route nobody has described yet."""
    if route.name in SITE_PARAMETERS:
        return SITE_PARAMETERS[route.name]
    if route.name.startswith("admin:"):
        for suffix, parameters in ADMIN_SUFFIXES.items():
            if route.name.endswith(suffix) and admin_model(route) is not None:
                return parameters
    if UNNAMED.fullmatch(route.name):
        return ()
    raise KeyError(route.name)


def admin_model(route):
    """The model of an admin route named "admin:<app>_<model>_<view>", or None."""
    # App labels may hold underscores themselves (django-otp's "otp_totp"): try each app's label as the prefix.
    for config in apps.get_app_configs():
        match = re.fullmatch(rf"admin:{config.label}_([a-z]+)_[a-z_]+", route.name)
        if match:
            try:
                return config.get_model(match[1])
            except LookupError:
                continue
    return None


# --- Values -------------------------------------------------------------------------------------------------

HOSTILE_TEXTS = [
    "\x00",
    "a\x00b",
    "\ud800",
    "banjir\udfff",
    "-" * 40,
    "- " * 40,
    "-(" * 40,
    '"' * 41,
    "'; DROP TABLE articles_article; --",
    "\\",
    "\\x00",
    "%",
    "%00",
    "%zz",
    "%25%30%30",
    "a" * 5000,
    "banjir " * 2000,
    "\u202eRiau",
    "Rus\u200bia",
    "\ufeff",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "0",
    "-1",
    "1.5",
    "9" * 40,
    "1e309",
    "NaN",
    "2026-13-45",
    "99999-01-01",
    " ",
    "",
    "null",
    "true",
    "__proto__",
    "id__gt",
]
CHARACTERS = st.one_of(
    st.characters(),
    st.characters(categories=["Cs"]),  # lone surrogates, which Hypothesis leaves out by default
    st.sampled_from("\x00-\"'\\%&=?#/ ()*:!|<>"),
)
HOSTILE = st.one_of(st.sampled_from(HOSTILE_TEXTS), st.text(CHARACTERS, max_size=60))


@dataclass
class Desk:
    """What the probes aim at: real slugs and ids next to the hostile ones."""

    slugs: list
    ids: list
    version_ids: list
    content_type_ids: list
    section_slugs: list
    users: dict


@pytest.fixture
def desk(reference_article, make_article, desk_user, django_user_model):
    reporter = desk_user("Reporter", "wartawan")
    draft = make_article("Draf banjir Pekanbaru", status=Article.Status.DRAFT, created_by=reporter, tags=["Riau"])
    make_article("Berita yang ditarik", status=Article.Status.WITHDRAWN)
    Correction.objects.create(article=reference_article, kind=Correction.Kind.CORRECTION, text="Nama diperbaiki.")
    SlugRedirect.objects.create(old_slug="judul-lama", article=reference_article)
    with reversion.create_revision():
        draft.headline = "Draf banjir Pekanbaru meluas"
        draft.save()
    deleted = make_article("Berita yang dihapus", status=Article.Status.DRAFT)
    with reversion.create_revision():
        deleted.save()
    deleted.delete()
    superuser = django_user_model.objects.create_superuser("pemred", "pemred@example.com", "rahasia")
    AgencyUpdate.objects.create(
        article=reference_article,
        origin="v2.txt",
        version_time=timezone.now(),
        fingerprint="v2",
        headline="x",
        body="y",
    )
    models = [Article, Tag, Source, Section, Correction, SlugRedirect, AgencyUpdate, get_user_model()]
    return Desk(
        slugs=[
            *Article.objects.values_list("slug", flat=True),
            *Tag.objects.values_list("slug", flat=True),
            *Source.objects.values_list("slug", flat=True),
            *Section.objects.values_list("slug", flat=True),
            "judul-lama",
        ],
        ids=sorted({pk for model in models for pk in model.objects.values_list("pk", flat=True)}),
        version_ids=list(Version.objects.values_list("pk", flat=True)),
        content_type_ids=[ContentType.objects.get_for_model(model).pk for model in models],
        section_slugs=list(Section.objects.values_list("slug", flat=True)),
        users={"reader": None, "reporter": reporter, "superuser": superuser},
    )


def either(real, hostile=HOSTILE):
    return st.one_of(st.sampled_from(real), hostile) if real else hostile


def converter_values(converter, name, desk):
    if name == "version_id":
        return either([str(pk) for pk in desk.version_ids], st.integers(0, 2**70).map(str) | HOSTILE)
    if name == "content_type_id":
        return either([str(pk) for pk in desk.content_type_ids])
    if converter == "int" or name in ("object_id", "id"):
        return either([str(pk) for pk in desk.ids], st.integers(0, 2**70).map(str) | HOSTILE)
    if name == "section":
        return either(list(SITEMAPS))
    return either(desk.slugs)


def regex_values(pattern, desk):
    """A value matching a regex pattern of the admin or django-reversion (app list, recover, revision)."""
    regex = pattern.regex.pattern
    if regex == r"^recover/(\d+)/$":
        return converter_values("int", "version_id", desk).map(lambda pk: f"recover/{pk}/")
    if regex == r"^([^/]+)/history/(\d+)/$":
        ids = converter_values("int", "object_id", desk)
        return st.tuples(ids, converter_values("int", "version_id", desk)).map(lambda p: f"{p[0]}/history/{p[1]}/")
    return st.from_regex(pattern.regex, fullmatch=True)


def url_part(value, *, slashes=False):
    # How a browser sends it: UTF-8, percent-encoded; a lone surrogate as the bytes UTF-8 would give it.
    return quote(value.encode("utf-8", "surrogatepass"), safe="/" if slashes else "")


ROUTE_CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


@st.composite
def paths(draw, route, desk):
    path = "/"
    for pattern in route.parts:
        if isinstance(pattern, RoutePattern):
            route_text, position = str(pattern), 0
            for match in ROUTE_CONVERTER.finditer(route_text):
                value = draw(converter_values(match["converter"] or "str", match["name"], desk))
                path += route_text[position : match.start()] + url_part(value, slashes=match["converter"] == "path")
                position = match.end()
            path += route_text[position:]
        else:
            path += url_part(draw(regex_values(pattern, desk)), slashes=True)
    return path


PLAUSIBLE = {
    "page": ["1", "2", "last", "0"],
    "p": ["0", "1", "2"],
    "q": ["banjir", "Rusia Azerbaijan", '"perjanjian damai" -Armenia OR Riau'],
    "term": ["Rus", "banjir"],
    "o": ["1", "-2", "1.-3", "2.1.4", "99"],
    "period": ["day", "week", "month"],
    "since": ["2026-12-01"],
    "until": ["2026-12-31"],
    "_popup": ["1"],
    "_to_field": ["id", "slug", "password"],
    "app_label": ["articles"],
    "model_name": ["relatedlink", "article", "correction"],
    "field_name": ["target", "section", "article"],
    "next": ["/admin/", "https://example.com/"],
    "language": ["id", "en"],
    "_changelist_filters": ["state=draft", "q=banjir&o=1"],
    "action": ["delete_selected", "publish", "schedule", "unpublish", "submit_for_review", "merge_selected_tags"],
    "select_across": ["0", "1"],
}


def model_filters(model):
    """Filter parameters of the model's changelist: its fields with the lookups list filters use."""
    names = [field.name for field in model._meta.get_fields() if field.concrete]
    lookups = ["", "__exact", "__id__exact", "__isnull", "__gte", "__lt", "__year", "__month", "__day", "__in"]
    return st.tuples(st.sampled_from(names), st.sampled_from(lookups)).map("".join)


@st.composite
def query_strings(draw, route, desk):
    parameters = list(parameters_read_by(route))
    names = draw(st.lists(st.sampled_from(parameters), unique=True)) if parameters else []
    plausible = {**PLAUSIBLE, "section": desk.section_slugs, "_selected_action": [str(pk) for pk in desk.ids]}
    query = [(name, draw(either(plausible.get(name, [])))) for name in names]
    model = admin_model(route)
    if route.name.endswith("_changelist") and model is not None:
        filters = st.tuples(model_filters(model) | st.sampled_from(["state", "language"]), either(["1", "draft"]))
        query += draw(st.lists(filters, max_size=2))
    if draw(st.booleans()):
        query.append((draw(HOSTILE), draw(HOSTILE)))  # a parameter no view expects
    return "&".join(f"{url_part(name)}={url_part(value)}" for name, value in query)


# --- The probes -----------------------------------------------------------------------------------------------


def test_every_url_pattern_is_walked_and_described():
    # A new pattern needs a line above saying which GET parameters its view reads; until then this fails.
    undescribed = []
    for route in ROUTES:
        try:
            parameters_read_by(route)
        except KeyError:
            undescribed.append(route.name)
    assert undescribed == []
    # The walk misses no pattern Django itself can reverse, in any namespace.
    resolver = get_resolver()
    walked = {route.name for route in ROUTES}
    named = {name for name in resolver.reverse_dict if isinstance(name, str)}
    for namespace, (_, inner) in resolver.namespace_dict.items():
        named |= {f"{namespace}:{name}" for name in inner.reverse_dict if isinstance(name, str)}
    assert named <= walked
    assert len(ROUTES) >= len(walked) > 80


@pytest.mark.parametrize("role", ["reader", "reporter", "superuser"])
# No shrinking: an example is a hundred requests, and the failure names its route, address and traceback already.
@settings(
    max_examples=EXAMPLES,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_no_generated_request_to_any_url_is_answered_with_a_server_error(client, desk, role, data):
    # Every pattern in every example (rather than a pattern drawn at random): none is left unprobed.
    if desk.users[role] is not None:
        client.force_login(desk.users[role])
    for route in ROUTES:
        path = data.draw(paths(route, desk), label=f"{route} path")
        query = data.draw(query_strings(route, desk), label=f"{route} query")
        # The same parameters posted as a form: the admin's actions and forms read them from the body. Not to a
        # delete view or a logout, which would take away the rows and the session the later probes aim at.
        methods = ["GET"] if route.name.endswith(("_delete", ":logout")) else ["GET", "POST"]
        method = data.draw(st.sampled_from(methods), label=f"{route} method")
        address = f"{path}?{query}" if query and method == "GET" else path
        try:
            if method == "GET":
                response = client.get(address)
            else:
                response = client.post(address, query, content_type="application/x-www-form-urlencoded")
        except Exception as error:  # noqa: BLE001 - whatever a view raises is the failure being looked for
            pytest.fail(f"{route} as {role}: {method} {address[:2000]} {query[:2000]} raised {error!r}")
        assert response.status_code < 500, f"{route} as {role}: {method} {address[:2000]} {query[:2000]}"
