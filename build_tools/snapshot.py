"""The calculator's memory snapshot, made under Node at build time (``make_snapshot.mjs``).

The snapshot is Pyodide's linear memory with ``calc.web`` imported and one result computed; the
worker restores it instead of starting Python (calc-worker.js, "Snapshot"). It is made under
Node because a Node-made snapshot loads in browser workers (not the other way round), and only
into the exact wasm build that made it. Its bytes are the same on every build: the script fixes
the interpreter's entropy, clock and hash seed. It is stored gzipped (21 MB -> about 5 MB), as
hosts do not compress an unknown type.
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
import subprocess
from pathlib import Path

from build_tools.wheel import BuildError

SNAPSHOT_PREFIX = "calc."
SNAPSHOT_SUFFIX = ".snapshot.gz"
SNAPSHOT_SCRIPT = Path(__file__).with_name("make_snapshot.mjs")
_HASH_LENGTH = 16


def build_snapshot(out_dir: Path, runtime_dir: Path, stdlib: Path, calc_zip: Path) -> Path:
    """Make the memory snapshot under Node (``make_snapshot.mjs``) into ``out_dir``; return it."""
    node = shutil.which("node")
    if node is None:
        raise BuildError("node is not on PATH: the calculator's memory snapshot is made under Node")
    out_dir.mkdir(parents=True, exist_ok=True)
    raw = out_dir / "snapshot.bin"
    completed = subprocess.run(
        [node, str(SNAPSHOT_SCRIPT), "--index", str(runtime_dir), "--stdlib", str(stdlib),
         "--lock", str(runtime_dir / "pyodide-lock.json"), "--calc", str(calc_zip), "--out", str(raw)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    if completed.returncode != 0 or not raw.is_file():
        raise BuildError(f"making the memory snapshot failed:\n{completed.stdout}\n{completed.stderr}")
    data = raw.read_bytes()
    target = out_dir / f"{SNAPSHOT_PREFIX}{hashlib.sha256(data).hexdigest()[:_HASH_LENGTH]}{SNAPSHOT_SUFFIX}"
    target.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))  # mtime=0: the same bytes each time
    raw.unlink()
    return target


def node_version() -> str:
    """The Node version (part of the snapshot cache key)."""
    node = shutil.which("node")
    if node is None:
        return "node missing"
    return subprocess.run([node, "--version"], capture_output=True, text=True, check=False).stdout.strip()
