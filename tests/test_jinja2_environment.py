"""The readers' template environment: a template's globals are a plain copy, and stay the template's own; output
is escaped, and callables called, exactly as Jinja does it."""

from django.template import engines
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment, pass_context, pass_environment, pass_eval_context
from markupsafe import Markup

from newsroom.jinja2 import NewsroomEnvironment, meta_elements


def test_a_template_sees_the_sites_globals_and_keeps_its_own_to_itself(settings):
    settings.SITE_NAME = "ANTARA Riau"
    env = engines["jinja2"].env
    template = env.from_string("{{ site_name }} | {{ desk }}", globals={"desk": "Meja Riau"})
    assert template.render() == "ANTARA Riau | Meja Riau"
    assert "desk" not in env.globals
    assert env.from_string("{{ desk is defined }}").render() == "False"


# A template that escapes, calls and buffers output in each of the ways Jinja compiles differently: plain output,
# output inside a loop, a block, a macro (buffered, then marked safe), a {% set %} block and a {% filter %} block,
# runs of text, values and constants Jinja works out when compiling, and escaping decided only when rendering.
EVERY_KIND_OF_OUTPUT = """{% macro quoted(x) %}«{{ x }}»{% endmacro -%}
{{ value }}|{% for v in [value, value] %}{{ v }}{{ loop.index }}{% endfor %}|{% block b %}{{ value }}{% endblock %}|
{{- quoted(value) }}|{% set kept %}{{ value }}{% endset %}{{ kept }}|{% filter upper %}{{ value }}{% endfilter %}|
{{- value ~ "<&>" }}|{{ value|e }}|{{ value if value else "-" }}|{% autoescape false %}{{ value }}{% endautoescape %}|
<p title="{{ value }}">{{ "<i>" ~ 1 }} and {{ value }}{{ 2 * 3 }}</p>
{%- autoescape value is none %}[{{ value }}<{{ value }}>]{% endautoescape %}"""


class Html:
    def __html__(self):
        return "<em>markup of its own</em>"


@given(
    value=st.one_of(
        st.text(alphabet=st.sampled_from([*"<>&'\"a é漢\n"]), max_size=12),
        st.integers(),
        st.none(),
        st.builds(Markup, st.sampled_from(["<b>tebal</b>", "&amp;", ""])),
        st.just(Html()),
        st.just(gettext_lazy("Latest news")),
    )
)
def test_every_value_is_written_out_exactly_as_jinjas_own_escaping_writes_it(value):
    ours = NewsroomEnvironment(autoescape=True).from_string(EVERY_KIND_OF_OUTPUT)
    jinjas = Environment(autoescape=True).from_string(EVERY_KIND_OF_OUTPUT)
    assert ours.render(value=value) == jinjas.render(value=value)


def test_readers_text_is_escaped_by_the_sites_environment():
    template = engines["jinja2"].env.from_string("<h1>{{ headline }}</h1>{{ caption }}")
    page = template.render(headline="<script>alert(1)</script>", caption=Markup("<em>Arsip foto</em>"))
    assert page == "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1><em>Arsip foto</em>"


@pass_context
def desk_of(context, suffix=""):
    return f"{context['desk']}{suffix}"


@pass_environment
def environment_name(environment):
    return type(environment).__name__


@pass_eval_context
def escaping(eval_context):
    return "on" if eval_context.autoescape else "off"


class Counter:
    @pass_context
    def __call__(self, context, n):
        return f"{context.get('loop_var', '?')}:{n}"


def out_of_items():
    raise StopIteration


TEMPLATE_GLOBALS = {
    "desk_of": desk_of,
    "environment_name": environment_name,
    "escaping": escaping,
    "counter": Counter(),
    "out_of_items": out_of_items,
    "url": lambda name, *args: f"/{name}/{'/'.join(args)}",
}


def test_template_calls_give_each_callable_what_it_asks_for():
    source = (
        "{{ desk_of('!') }} {{ environment_name() }} {{ escaping() }} {{ url('tag', 'riau') }} "
        "[{{ out_of_items() }}] {% for x in [1] %}{% set loop_var = 'a' %}{{ counter(x) }}{% endfor %} "
        "{% block b %}{% set desk = 'Meja blok' %}{{ desk_of() }}{% endblock %}"
    )
    ours = NewsroomEnvironment(autoescape=True)
    jinjas = Environment(autoescape=True)
    for env in (ours, jinjas):
        env.globals.update(TEMPLATE_GLOBALS)
    page = ours.from_string(source).render(desk="Meja Riau")
    assert page == "Meja Riau! NewsroomEnvironment on /tag/riau [] a:1 Meja blok"
    assert page.replace("NewsroomEnvironment", "Environment") == jinjas.from_string(source).render(desk="Meja Riau")


def test_meta_elements_escape_what_the_desk_wrote():
    elements = meta_elements([("og:title", 'Banjir "besar" <script>'), ("og:image:width", 1280)], "property")
    assert elements == (
        '<meta property="og:title" content="Banjir &#34;besar&#34; &lt;script&gt;">\n  '
        '<meta property="og:image:width" content="1280">\n  '
    )
