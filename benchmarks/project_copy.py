"""A copy of the project as a clone has it, for the build benchmarks (bench_build, bench_update).

Tracked and new (not ignored) files are copied with their times; the working tree's compiled
.venv is linked part by part, with its install stamps, so the copy never reinstalls into it
(the same idea as tests/conftest.py's link_venv).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def project_copy(dest: Path) -> Path:
    """Copy the project into ``dest`` and link the .venv; return ``dest``."""
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout.split("\n")
    for name in files:
        if name and (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    venv = dest / ".venv"
    venv.mkdir()
    for name in ("bin", "lib", "lib64", "include", "share", "pyvenv.cfg"):
        if (ROOT / ".venv" / name).exists():
            (venv / name).symlink_to(ROOT / ".venv" / name)
    (venv / ".installed").touch()
    (venv / ".bytecode").touch()
    (venv / ".quarto-install-failed").touch()  # no pip attempt to fetch Quarto per copy
    return dest
