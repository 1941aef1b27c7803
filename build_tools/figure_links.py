"""Figure mentions on hand-written pages become links to the essay's figure list.

The site shows no radiographs: each entry of the figures page says what the essay's figure
shows and links the published article, as the entity pages' citations do. A hand-written page
that names "Fig. 5" (or "Figure 5", "Figura 5") should let the reader tap through the same
way, without each writer typing the link.
"""

from __future__ import annotations

import re
from collections.abc import Container

from build_tools import pages

_MENTION = re.compile(r"(?<![\w/#-])(Figs?\.|Figures?|Figuras?)[ \u00a0](\d{1,2})(?![\d\]])")


def _inside_link_text(line: str, start: int) -> bool:
    before = line[:start]
    return before.count("[") > before.count("]")


def link_figures(markdown: str, figures_uri: str, from_uri: str, numbers: Container[int]) -> str:
    """Each 'Fig. N' outside a link and outside code becomes '[Fig. N](figures page#figure-N)'."""
    out: list[str] = []
    fenced = False
    for line in markdown.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced or "`" in line:
            out.append(line)
            continue

        def replace(match: re.Match[str], line: str = line) -> str:
            number = int(match.group(2))
            if number not in numbers or _inside_link_text(line, match.start()):
                return match.group(0)
            target = pages.link(from_uri, figures_uri, pages.figure_anchor(number))
            return f"[{match.group(0)}]({target})"

        out.append(_MENTION.sub(replace, line))
    return "\n".join(out)
