"""Template filters of the PDF templates."""

from django import template

from reports.documents.parts import table_parts as _table_parts
from reports.documents.render import PART_BREAK

register = template.Library()


@register.filter
def table_parts(lines):
    """`{% for part in doc.lines|table_parts %}`: the table body cut into parts (see reports.documents.parts)."""
    return _table_parts(list(lines))


@register.simple_tag
def part_break():
    """The marker between two parts of a document (each part starts on a new page)."""
    from django.utils.safestring import mark_safe

    return mark_safe(PART_BREAK)
