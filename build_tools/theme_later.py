"""The calculator page loads the theme's scripts after its first answer (docs/assets/js/theme-later.js).

The theme's bundle and the site's theme fix-up script (stc-a11y.js) are written into every page
by the theme's templates. On the calculator pages (English and Portuguese) this takes their
two ``<script>`` tags out of the built page and lists their addresses, in order, on
theme-later.js's ``data-stc-theme-scripts`` attribute (its tag, with that attribute empty, is
written by overrides/main.html). theme-later.js loads them once the calculator has answered.
A page without that holder (every other page, and the offline copy, which loads its theme as
usual) is left as it is; a holder with no theme script to move is a build error, so a change of
the theme's templates cannot silently leave the calculator page without its theme.
"""

from __future__ import annotations

import html
import json
import re

HOLDER = re.compile(r'(<script src="[^"]*assets/js/theme-later\.js" data-stc-theme-scripts=")(")')
THEME_SCRIPTS = (
    re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js)"></script>'),
    re.compile(r'<script src="([^"]*assets/javascripts/stc-a11y\.js)"></script>'),
)


class ThemeScriptsError(RuntimeError):
    """The calculator page asks for its theme scripts to be held, but they were not found."""


def hold_theme_scripts(page: str, name: str = "calculator page") -> str:
    """``page`` with the theme's scripts moved onto theme-later.js's list (unchanged without it)."""
    if not HOLDER.search(page):
        return page
    urls: list[str] = []
    for pattern in THEME_SCRIPTS:
        found = pattern.findall(page)
        if len(found) != 1:
            raise ThemeScriptsError(f"{name}: expected one <script> matching {pattern.pattern}, "
                                    f"found {len(found)} (did the theme's templates change?)")
        urls.append(html.unescape(found[0]))
        page = pattern.sub("", page, count=1)
    listed = html.escape(json.dumps(urls, separators=(",", ":")), quote=True)
    return HOLDER.sub(lambda m: m.group(1) + listed + m.group(2), page, count=1)
