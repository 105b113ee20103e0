"""The readers' templates: Jinja2 through Django's own backend (settings.TEMPLATES), with the newsroom's helpers.

Why Jinja2 here and Django's template language in the admin: a list page spent half its time in Django's template
engine (10.5 of 20.7 ms of CPU for twenty cards, measured with the test client on PostgreSQL), and Jinja2 compiles a
template to Python once, so rendering the same page costs a fraction of that. The admin's templates are Django's
own and stay in its language. Readers' templates live in `articles/jinja2/`; Django finds them there the way it
finds `templates/` folders.

Where Django's language was forgiving, this environment is too: a missing value prints nothing, and so does an
attribute of it (the 500 page renders without a request or menu).
"""

import re

from django.conf import settings
from django.template.defaultfilters import linebreaks_filter, truncatewords
from django.templatetags.static import static
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe
from jinja2 import ChainableUndefined, Environment
from markupsafe import Markup

from ..crops import ORIGINAL
from ..dates import desk_time, iso, wib
from ..renditions import picture_for
from .structured_data import json_ld_script, wib_iso

# Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): they can reverse the text that follows them.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def environment(**options):
    # Django's backend asks for a strict Undefined; readers' templates keep Django's language's leniency.
    options["undefined"] = ChainableUndefined
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    # Django's catalogues in the active language. `{{ _("Tag: %(name)s")|format(name=...) }}` escapes the values and
    # not the translation (trusted, as Django's own `{% translate %}` output), and is written so because that is
    # the form `manage.py makemessages` finds in a template.
    env.install_gettext_callables(trusted_gettext, trusted_ngettext, newstyle=False)
    env.globals.update(
        url=url,
        static=static,
        site_name=site_name,
        current_language=translation.get_language,
        this_year=this_year,
        querystring=querystring,
        language_links=language_links,
        picture=picture,
    )
    env.filters.update(
        wib=wib,
        iso=iso,
        w3c=w3c,
        lang_attribute=lang_attribute,
        isolate_bidi=isolate_bidi,
        bdi=bdi,
        json_ld=json_ld_script,
        linebreaks=linebreaks_filter,
        truncatewords=truncatewords,
    )
    return env


def trusted_gettext(message):
    return Markup(translation.gettext(message))


def trusted_ngettext(singular, plural, number):
    return Markup(translation.ngettext(singular, plural, number))


def url(name, *args, **kwargs):
    return reverse(name, args=args or None, kwargs=kwargs or None)


def site_name():
    # From settings: the 500 page and the sitemaps render without the readers' context processor.
    return settings.SITE_NAME


def this_year():
    return desk_time(timezone.now()).year


def querystring(request, **changes):
    """This page's query string with `changes` made (None removes a key): the pagination's links keep a search's
    words and filters."""
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return f"?{params.urlencode()}"


def w3c(value):
    """W3C datetime with the WIB offset, for sitemaps: 2023-11-28T19:05:00+07:00."""
    return wib_iso(value) if value else ""


def lang_attribute(language):
    """` lang="xx"` for words in `language` on a page that speaks another (the reader's interface language);
    nothing where they are in the page's own: screen readers switch voice only where the words do."""
    if language and language != translation.get_language():
        return format_html(' lang="{}"', language)
    return ""


def isolate_bidi(value):
    """`value` without bidirectional controls, for text that cannot hold a <bdi> (<title>, attributes): an RLO in
    a headline would otherwise reverse the site name after it. Still escaped where it is printed."""
    cleaned = BIDI_CONTROLS.sub("", str(value))
    return mark_safe(cleaned) if isinstance(value, SafeData) else cleaned


def bdi(value):
    """`value` in a <bdi> element: readers' text whose direction is its own, inside a sentence of the page's."""
    return format_html("<bdi>{}</bdi>", value)


def picture(photo, sizes, *, max_width=None, css_class="", lazy=False, crop=ORIGINAL):
    """A <picture>: WebP renditions in a <source>, JPEG renditions in the <img> with width, height and alt; nothing
    for a photo without a file.

    `sizes` says how wide the picture is laid out (CSS), so the browser picks the smallest rendition that is sharp
    enough; `max_width` leaves out renditions the layout never needs (list cards); `crop` is the shape, cut around
    the photo's focal point ("16:9", "4:3", "1:1"; the original's own by default). Written here rather than as a
    template macro: a card that imported a macro built the macro's module again for every card."""
    rendered = picture_for(photo, crop=crop, max_width=max_width)
    if rendered is None:
        return ""
    source = ""
    if rendered.webp_srcset:
        source = format_html('<source type="image/webp" srcset="{}" sizes="{}">', rendered.webp_srcset, sizes)
    attributes = [format_html(' class="{}"', css_class) if css_class else "", format_html(' src="{}"', rendered.src)]
    if rendered.srcset:
        attributes.append(format_html(' srcset="{}" sizes="{}"', rendered.srcset, sizes))
    attributes.append(format_html(' alt="{}"', photo.alt_text))
    if rendered.width:
        attributes.append(format_html(' width="{}" height="{}"', rendered.width, rendered.height))
    if lazy:
        attributes.append(' loading="lazy"')
    return format_html('<picture>{}<img{} decoding="async"></picture>', source, mark_safe("".join(attributes)))


def language_links(path):
    """The page at `path` in each of the site's languages: the language switcher's plain links.

    The language is in readers' addresses (Indonesian unprefixed, /en/ English), so switching is following a link;
    an address that is no page of the site stays as it is. Each name is in its own language.
    """
    current = translation.get_language()
    return [
        {
            "code": code,
            "name_local": translation.get_language_info(code)["name_local"],
            # This page is at `path` in its own language: only the others are looked up.
            "url": path if code == current else translate_url(path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
