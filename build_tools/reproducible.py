"""The build's date: taken from the last commit, so that a commit always builds the same bytes.

MkDocs dates the sitemap (``<lastmod>`` of every page, and the gzip header of
``sitemap.xml.gz``) with the day of the build, unless ``SOURCE_DATE_EPOCH`` is set
(reproducible-builds.org). :func:`set_source_date_epoch`, called by ``on_config`` in
``build_tools/hooks.py``, sets it to the time of the last commit when it is not set already,
so two builds of one commit on different days give identical files, and a page's
``lastmod`` is when the site last changed rather than when it was built. Outside a git
checkout (or without git) nothing is set and MkDocs uses the day of the build.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ENV = "SOURCE_DATE_EPOCH"


def commit_time(root: Path) -> int | None:
    """Seconds since the epoch of the last commit of the checkout at ``root``, if there is one."""
    try:
        result = subprocess.run(
            # safe.directory: a CI job may run as another user than the checkout's owner.
            ["git", "-c", f"safe.directory={root}", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True, text=True, timeout=30, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = result.stdout.strip()
    return int(value) if result.returncode == 0 and value.isdigit() else None


def set_source_date_epoch(root: Path) -> str | None:
    """``SOURCE_DATE_EPOCH`` as the build will use it: kept if set, else the last commit's time."""
    if os.environ.get(ENV, "").strip():
        return os.environ[ENV]
    seconds = commit_time(root)
    if seconds is None:
        return None
    os.environ[ENV] = str(seconds)
    return os.environ[ENV]
