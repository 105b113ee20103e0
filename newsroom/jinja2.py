"""The Jinja2 environment of the readers' pages.

Readers' pages are Jinja2 templates because Jinja2 compiles a template to Python once, where Django's template
language walks its node tree on every render: the article page renders several times faster. The admin keeps
Django's templates. Autoescaping is on (Django's backend sets it), so readers' text is always escaped; Django's
SafeString values (forms, `linebreaks`, JSON-LD) pass through as the markup they are.

Translatable text is written `_("...")`, with values put in by the `format` filter, so that `makemessages`
finds it in these templates as it does in Django's.
"""

from django.conf import settings
from django.template.defaultfilters import linebreaks_filter, truncatewords
from django.utils import translation
from django.utils.functional import lazy
from jinja2 import Environment, nodes, pass_eval_context
from jinja2.compiler import CodeGenerator
from jinja2.runtime import Context
from markupsafe import Markup, escape

try:
    # The C function behind markupsafe.escape(): the escaped text, not yet wrapped in Markup.
    from markupsafe import _escape_inner
except ImportError:  # a MarkupSafe without it: escape() itself, whose Markup joins the page just as well
    _escape_inner = escape

from articles.addresses import address, asset
from articles.clock import desk_time
from articles.relations import loaded
from articles.renditions import picture_for
from articles.structured_data import json_ld_script
from articles.templatetags.newsroom import language_links, wib


def querystring(request, **changes):
    """The current query string with `changes` applied, as Django's {% querystring %} tag makes it."""
    query = request.GET.copy()
    for key, value in changes.items():
        query[key] = value
    return f"?{query.urlencode()}"


def iso(value):
    """ISO 8601 in the site's time zone, for <time datetime>: 2023-11-28T19:05:00+07:00."""
    return desk_time(value).isoformat() if value else ""


def lang_attribute(language):
    """` lang="xx"` for words in `language` on a page that speaks another (the reader's interface language);
    nothing where they are in the page's own: screen readers switch voice only where the words do."""
    return Markup(' lang="%s"') % language if language and language != translation.get_language() else ""


def meta_elements(pairs, attribute):
    """`<meta {attribute}="name" content="value">` for each (name, value) pair, escaped, one to a line.

    The article page has some twenty-five: as a loop in the template, each costs a loop step and four outputs."""
    return Markup(
        "".join(
            f'<meta {attribute}="{escaped_output(name)}" content="{escaped_output(content)}">\n  '
            for name, content in pairs
        )
    )


def escaped_output(value):
    """`escape(value)` for a value the template writes out: the same text, as a plain str when `value` is one.

    Jinja escapes every `{{ value }}` with `escape()`, which wraps the result in Markup through a Python-level
    constructor that takes twenty times longer than the escaping itself, a hundred and fifty times a page. Written
    into the page's output (joined, or buffered and marked safe as a whole by a macro or `{% set %}` block) the
    Markup wrapper is never looked at again."""
    if type(value) is str:
        return _escape_inner(value)
    return escape(value)


class OutputEscapingCodeGenerator(CodeGenerator):
    """Jinja's compiler, escaping output with `escaped_output`; everything else is Jinja's own code."""

    def _output_child_pre(self, node, frame, finalize):
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("environment.escaped_output(")
            if finalize.src is not None:
                self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)

    def visit_Output(self, node, frame):
        # Jinja yields each part of an output run separately: text, value, text... A page has some 330 yields, each
        # a trip out of the template's generator and back. Here a run of several parts is one yield of the parts
        # joined, built as Jinja builds the list it appends to a buffer (in macros and {% set %} blocks).
        if frame.buffer is not None or frame.require_output_check:
            return super().visit_Output(node, frame)
        finalize = self._make_finalize()
        body = []
        for child in node.nodes:
            try:
                if not (finalize.const or isinstance(child, nodes.TemplateData)):
                    raise nodes.Impossible()
                const = self._output_child_to_const(child, frame, finalize)
            except Exception:  # noqa: BLE001 (as Jinja: not constant, or an error better raised when rendering)
                body.append(child)
                continue
            if body and isinstance(body[-1], list):
                body[-1].append(const)
            else:
                body.append([const])
        if len(body) < 2:
            return super().visit_Output(node, frame)
        self.writeline("yield ''.join((")
        self.indent()
        for item in body:
            if isinstance(item, list):
                self.writeline(self._output_const_repr(item) + ",")
            else:
                self.newline(item)
                self._output_child_pre(item, frame, finalize)
                self.visit(item, frame)
                self._output_child_post(item, frame, finalize)
                self.write(",")
        self.outdent()
        self.writeline("))")


# What Jinja marks a callable with that takes the evaluation context (macros are).
_WANTS_EVAL_CONTEXT = pass_eval_context(lambda eval_context: None).jinja_pass_arg


class NewsroomContext(Context):
    """Jinja's template context, with a quicker `call()` for the usual callable.

    Every call in a template (`_()`, `url()`, macros...) goes through `Context.call`, which asks whether the
    callable wants the context, the evaluation context or the environment passed in (`pass_context` & co.) with a
    classmethod and three enum lookups: a microsecond, fifty times a page. Here a callable that wants none of them,
    or only the evaluation context (a macro), as Jinja finds out (its own or its `__call__`'s `jinja_pass_arg`), is
    called as Jinja would call it; any other goes to Jinja's `call()`."""

    def call(__self, __obj, *args, **kwargs):
        call_method = getattr(__obj, "__call__", None)  # noqa: B004 (where Jinja looks: a macro's is there)
        pass_arg = getattr(call_method, "jinja_pass_arg", None)
        if pass_arg is None:
            pass_arg = getattr(__obj, "jinja_pass_arg", None)
        else:
            __obj = call_method
        if pass_arg is _WANTS_EVAL_CONTEXT:  # macros
            args = (__self.eval_ctx, *args)
        elif pass_arg is not None:
            return super().call(__obj, *args, **kwargs)
        # What Jinja's call() does with these: they are only for a callable that takes the context.
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


class NewsroomEnvironment(Environment):
    code_generator_class = OutputEscapingCodeGenerator
    context_class = NewsroomContext
    escaped_output = staticmethod(escaped_output)

    def make_globals(self, d):
        # A plain dict where Jinja keeps a ChainMap over the environment's globals: each render copies the globals
        # into its context and each {% from ... import %} compares them, and a ChainMap is several times slower to
        # read. All globals are set before the first template loads (as Jinja asks), so the copy holds the same.
        return {**self.globals, **(d or {})}


def environment(**options):
    env = NewsroomEnvironment(extensions=["jinja2.ext.i18n"], keep_trailing_newline=True, **options)
    env.install_gettext_translations(translation, newstyle=False)
    env.globals.update(
        # Django's gettext itself: the extension's `_` looks `gettext` up in the context and calls it, twice the
        # work for each of the dozens of strings on a page. ({% trans %} blocks still use the extension's.)
        _=translation.gettext,
        url=address,
        static=asset,
        # Read when shown (tests and deployments change it); requests get it from the context processor too.
        site_name=lazy(lambda: settings.SITE_NAME, str)(),
        get_language=translation.get_language,
        language_links=language_links,
        querystring=querystring,
        picture_for=picture_for,
        loaded=loaded,
        localtime=desk_time,
    )
    env.filters.update(
        wib=wib,
        iso=iso,
        json_ld=json_ld_script,
        meta_elements=meta_elements,
        lang_attribute=lang_attribute,
        linebreaks=lambda value: linebreaks_filter(value, autoescape=True),
        truncatewords=truncatewords,
    )
    return env
