"""Post an admin change form as a browser would: every field as the page rendered it, plus the user's edits."""

from django import forms
from taggit.forms import TagWidget


def _widget_value(widget, value):
    return widget.format_value(value) if value is not None else ""


def _bound_field_data(bound_field, data):
    field, name = bound_field.field, bound_field.html_name
    if isinstance(field.widget, forms.FileInput) or field.disabled:
        return
    value = bound_field.value()
    widget = field.widget
    if isinstance(widget, forms.CheckboxInput):
        if value:
            data[name] = "on"
    elif isinstance(widget, forms.MultiWidget):
        parts = widget.decompress(value) if not isinstance(value, list) else value
        for i, (sub_widget, part) in enumerate(zip(widget.widgets, parts, strict=False)):
            data[f"{name}_{i}"] = _widget_value(sub_widget, part) or ""
    elif isinstance(value, list | tuple) and not isinstance(widget, TagWidget):
        data[name] = [str(v) for v in value]
    else:
        formatted = _widget_value(widget, value)
        data[name] = "" if formatted is None else formatted


def _form_data(form, data):
    for bound_field in form:
        _bound_field_data(bound_field, data)


def change_form_data(response, **changes):
    """The POST a browser sends for the change form in `response` (a GET of the page), with `changes` applied."""
    assert response.status_code == 200, response
    data = {}
    _form_data(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _form_data(formset.management_form, data)
        for form in formset.forms:
            _form_data(form, data)
    data.update(changes)
    return data


def open_and_post(client, url, **changes):
    return client.post(url, change_form_data(client.get(url), **changes))
