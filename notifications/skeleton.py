"""A template rendered once with a marker where each per-message value goes, then filled by a
join: a month's hundred thousand payment notices cost a format of their figures each, not two
template renders. Only for a template whose logic depends on what the skeleton is keyed by
(the language, which sections, how many lines), never on a value: it prints each value as it
is, and the fill escapes it as the template would have (tests compare a fill with a render)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

# Private-use characters: in no template, name or amount, and left alone by HTML escaping.
_OPEN, _CLOSE = "\ue000", "\ue001"
_MARKER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")


class Markers:
    """The stand-in for each value while the skeleton is rendered: marker(name) is what the
    template prints where that value goes."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def __call__(self, name: str) -> str:
        self.names.append(name)
        return f"{_OPEN}{len(self.names) - 1}{_CLOSE}"


@dataclass(frozen=True)
class Skeleton:
    fixed: tuple[str, ...]  # the text around the values: one more than there are slots
    slots: tuple[str, ...]  # the value that goes in each gap, by name

    @classmethod
    def of(cls, rendered: str, markers: Markers) -> Skeleton:
        pieces = _MARKER.split(rendered)  # text, marker number, text, marker number, ..., text
        return cls(tuple(pieces[0::2]), tuple(markers.names[int(n)] for n in pieces[1::2]))

    def fill(self, values: Mapping[str, str], escape: Callable[[str], str] | None = None) -> str:
        """The text with each value in its place, escaped by ``escape`` if given."""
        parts = [self.fixed[0]]
        for slot, text in zip(self.slots, self.fixed[1:], strict=True):
            value = values[slot]
            parts.append(value if escape is None else escape(value))
            parts.append(text)
        return "".join(parts)
