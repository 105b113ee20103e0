"""The readers' template environment: a template's globals are a plain copy, and stay the template's own."""

from django.template import engines


def test_a_template_sees_the_sites_globals_and_keeps_its_own_to_itself(settings):
    settings.SITE_NAME = "ANTARA Riau"
    env = engines["jinja2"].env
    template = env.from_string("{{ site_name }} | {{ desk }}", globals={"desk": "Meja Riau"})
    assert template.render() == "ANTARA Riau | Meja Riau"
    assert "desk" not in env.globals
    assert env.from_string("{{ desk is defined }}").render() == "False"
