"""Two versions side by side, section by section, and their differences as
<ins>/<del> runs of words (difflib): readable by screen readers, no script."""

import difflib
import re
from dataclasses import dataclass
from itertools import zip_longest

from markupsafe import Markup, escape

from .models import sections_of

__all__ = ["pairs", "sections_of", "word_diff"]

WORDS = re.compile(r"\s+|[^\s]+")


@dataclass
class SectionPair:
    number: int
    old: str
    new: str

    @property
    def changed(self):
        return self.old != self.new

    @property
    def diff(self):
        return word_diff(self.old, self.new)


def pairs(old_sections, new_sections):
    """[SectionPair] of two lists of (number, text), by section number."""
    return [
        SectionPair(index, (old or (0, ""))[1], (new or (0, ""))[1])
        for index, (old, new) in enumerate(
            zip_longest(old_sections, new_sections), start=1
        )
    ]


def word_diff(old, new):
    """Markup of `new` with removed words in <del> and added words in <ins>."""
    before, after = WORDS.findall(old), WORDS.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(before[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(Markup("<del>%s</del>") % "".join(before[i1:i2]))
        if op in ("insert", "replace"):
            parts.append(Markup("<ins>%s</ins>") % "".join(after[j1:j2]))
    return Markup("").join(parts)
