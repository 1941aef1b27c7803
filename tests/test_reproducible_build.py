"""Reproducible build: two builds of the same commit are byte-identical.

Two strict builds (``build_tools.sitebuild.build_site``, the CI command) go into two folders
under different conditions that must not matter: the hash seed, the time zone (one of them
14 hours ahead of UTC, across the date line), the locale and the folder's name. Every file
of the two sites, the offline zip and the service worker included, must be identical, and
so must the session's own build. Files allowed to differ would be listed in
``LEGITIMATE_DIFFERENCES`` with the reason next to each; the list is empty: the only
date-dependent output (the sitemap's ``lastmod`` and the gzip header of ``sitemap.xml.gz``)
takes the time of the last commit (``build_tools/reproducible.py``), not the build's day.
"""

from __future__ import annotations

import fnmatch
import gzip
import re
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import IN_CI, REPO_ROOT

from build_tools.reproducible import commit_time
from build_tools.sitebuild import build_site

pytestmark = pytest.mark.site

LEGITIMATE_DIFFERENCES: dict[str, str] = {}
"""Site-relative path (fnmatch pattern) -> why it may differ between two builds of one commit."""

CONDITIONS = (
    {"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
    {"PYTHONHASHSEED": "2", "TZ": "Pacific/Kiritimati", "LC_ALL": "C", "LANG": "C"},
)


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def _differences(first: Path, second: Path) -> list[str]:
    a, b = _files(first), _files(second)
    out = [f"only in {first.name}: {name}" for name in sorted(a.keys() - b.keys())]
    out += [f"only in {second.name}: {name}" for name in sorted(b.keys() - a.keys())]
    out += [f"differs: {name}" for name in sorted(a.keys() & b.keys())
            if a[name].read_bytes() != b[name].read_bytes()]
    return out


def _unexplained(differences: list[str]) -> list[str]:
    return [d for d in differences
            if not any(fnmatch.fnmatch(d.split(": ", 1)[1], pattern) for pattern in LEGITIMATE_DIFFERENCES)]


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("reproducible")
    sites = []
    started = time.monotonic()
    for number, condition in enumerate(CONDITIONS, 1):
        with pytest.MonkeyPatch.context() as patch:
            patch.delenv("SOURCE_DATE_EPOCH", raising=False)
            for name, value in condition.items():
                patch.setenv(name, value)
            build = build_site(root / f"build-{number}-{'x' * number}")
        assert build.returncode == 0, build.output[-4000:]
        sites.append(build.site_dir)
    print(f"\ntwo builds in {time.monotonic() - started:.1f} s")
    return sites[0], sites[1]


def test_two_builds_of_one_commit_are_identical(two_builds: tuple[Path, Path]) -> None:
    first, second = two_builds
    assert len(_files(first)) > 100
    unexplained = _unexplained(_differences(first, second))
    assert unexplained == [], "\n".join(unexplained)


def test_the_session_build_is_identical_too(two_builds: tuple[Path, Path], built_site: Path) -> None:
    unexplained = _unexplained(_differences(two_builds[0], built_site))
    assert unexplained == [], "\n".join(unexplained)


def test_legitimate_differences_are_explained_and_needed(two_builds: tuple[Path, Path]) -> None:
    differences = _differences(*two_builds)
    for pattern, reason in LEGITIMATE_DIFFERENCES.items():
        assert len(reason) > 30, f"{pattern}: say why it may differ"
        assert any(fnmatch.fnmatch(d.split(": ", 1)[1], pattern) for d in differences), \
            f"{pattern} no longer differs: remove it from LEGITIMATE_DIFFERENCES"


def test_sitemap_is_dated_by_the_last_commit(two_builds: tuple[Path, Path]) -> None:
    seconds = commit_time(REPO_ROOT)
    if seconds is None:
        message = "not a git checkout (or no git): the build falls back to the day of the build"
        if IN_CI:
            pytest.fail(f"{message} (CI=true: the date gate must run)", pytrace=False)
        pytest.skip(message)
    day = datetime.fromtimestamp(seconds, UTC).date().isoformat()
    site = two_builds[0]
    dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", (site / "sitemap.xml").read_text(encoding="utf-8")))
    assert dates == {day}
    with gzip.open(site / "sitemap.xml.gz") as zipped:
        assert zipped.read() == (site / "sitemap.xml").read_bytes()
    raw = (site / "sitemap.xml.gz").read_bytes()
    assert datetime.fromtimestamp(int.from_bytes(raw[4:8], "little"), UTC).date().isoformat() == day
