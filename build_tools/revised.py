"""When each page's content last changed, from git: shown as "Last revised" under every page.

A reader of a teaching page wants to know how current it is. The date is the day of the last
commit that touched the page's source:

- a hand-written page: its file under ``docs/``;
- an entity page: that entity's file under ``calc/data/entities/``;
- any other generated page (compartments, mechanisms, atlas, figures, glossary): the newest of
  the knowledge base's files, since such a page gathers many of them.

The dates come from commits only, so a commit always builds the same pages (see
``build_tools/reproducible.py``). Outside a git checkout, or without git, there are no dates
and the pages simply show none.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from pathlib import Path

KNOWLEDGE_DIR = "calc/data"
ENTITY_PAGES = "entities/"


def last_changed(root: Path) -> dict[str, str]:
    """Repository path -> ISO date (YYYY-MM-DD) of the last commit that changed it."""
    try:
        result = subprocess.run(
            # safe.directory: a CI job may run as another user than the checkout's owner.
            ["git", "-c", f"safe.directory={root}", "-C", str(root), "log",
             "--format=%x00%cs", "--name-only", "--no-renames", "--", "docs", KNOWLEDGE_DIR],
            capture_output=True, text=True, timeout=60, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    if result.returncode != 0:
        return {}
    dates: dict[str, str] = {}
    day = ""
    for line in result.stdout.splitlines():
        if line.startswith("\x00"):
            day = line[1:].strip()
        elif line.strip() and day:
            dates.setdefault(line.strip(), day)  # newest first: keep the first date seen
    return dates


def page_revised(src_uri: str, generated: bool, dates: Mapping[str, str]) -> str | None:
    """The "last revised" date of a page, or None when git knows nothing of its source."""
    if not generated:
        return dates.get(f"docs/{src_uri}")
    if src_uri.startswith(ENTITY_PAGES):
        entity = src_uri[len(ENTITY_PAGES):].removesuffix(".md")
        return dates.get(f"{KNOWLEDGE_DIR}/entities/{entity}.json")
    knowledge = [day for path, day in dates.items() if path.startswith(f"{KNOWLEDGE_DIR}/")]
    return max(knowledge, default=None)
