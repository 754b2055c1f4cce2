"""The choices form: one box per kind × channel."""

from __future__ import annotations

from typing import Any

from django import forms

from notifications.models import Channel
from notifications.selectors import CHOOSABLE_KINDS, available_channels


def field_name(kind: str, channel: str) -> str:
    return f"{kind}__{channel}"


class PreferencesForm(forms.Form):
    """A checkbox per (kind, channel); the LINE column only when LINE is configured."""

    def __init__(self, *args: Any, table: dict[tuple[str, str], bool], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.channels: list[Channel] = available_channels()
        self.rows = []
        for kind in CHOOSABLE_KINDS:
            cells = []
            for channel in self.channels:
                name = field_name(kind, channel)
                self.fields[name] = forms.BooleanField(
                    label=f"{kind.label} ทาง{channel.label}", required=False, initial=table[(kind, channel)]
                )
                cells.append(name)
            self.rows.append((kind.label, cells))

    def row_fields(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(label, [self[name] for name in names]) for label, names in self.rows]

    def chosen(self) -> set[tuple[str, str]]:
        return {
            (kind.value, channel.value)
            for kind in CHOOSABLE_KINDS
            for channel in self.channels
            if self.cleaned_data.get(field_name(kind, channel))
        }
