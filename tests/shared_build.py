"""One `make pages` in a fresh copy of the project per test run, shared by every test process.

Building every notebook for every race is the slowest set-up of the suite (about 30 s). It runs
once per run, whichever way the suite is run:
- started in the background as soon as a test process sees that a collected test needs it, so
  the other tests run meanwhile (``start``);
- shared by every pytest-xdist worker: the first process to claim the build folder runs it,
  the others wait for its exit status (``wait``);
- read-only for the tests: a test that runs make, edits a source or kills a build works in its
  own copy (tests/conftest.py ``built_copy``), so no test sees another's edits, in any order,
  on any worker.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

WAIT_LIMIT_S = 1800


class SharedBuild:
    """The build in ``folder``: ``built/`` (the copy), ``built-make-pages.log`` (what make
    printed) and ``built.rc`` (its exit status, written last)."""

    def __init__(self, folder: Path, make_copy: Callable[[Path], None],
                 environ: Callable[[Path], dict[str, str]],
                 run_make: Callable[[Path, dict[str, str]], tuple[int, str]]):
        self.copy = folder / "built"
        self.log = folder / "built-make-pages.log"
        self.rc = folder / "built.rc"
        self._claim = folder / "built.claim"
        self._make_copy = make_copy
        self._environ = environ
        self._run_make = run_make
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the build in a background thread unless some process already has."""
        try:
            os.close(os.open(self._claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
        # make's environment is taken now, in the test process's main thread, before any test
        # changes os.environ (monkeypatch.setenv) while the build runs
        env = self._environ(self.copy)
        # not a daemon: the process that started the build never exits before it ends
        self._thread = threading.Thread(target=self._build, args=(env,),
                                        name="shared-make-pages")
        self._thread.start()

    def join(self) -> None:
        """Called at the end of the session of the process that started the build."""
        if self._thread is not None:
            self._thread.join()

    def _build(self, env: dict[str, str]) -> None:
        rc, text = 1, ""
        try:
            self._make_copy(self.copy)
            rc, text = self._run_make(self.copy, env)
        except BaseException:  # written to the log, so every waiting test reports it
            text += "\nthe shared build failed before make ended:\n" + traceback.format_exc()
        finally:
            self.log.write_text(text)
            partial = self.rc.with_suffix(".rc.part")
            partial.write_text(str(rc))
            partial.replace(self.rc)  # the exit status appears at once, after the log

    def wait(self, limit_s: float = WAIT_LIMIT_S) -> tuple[int, str]:
        """The build's exit status and log, starting the build first if nobody has."""
        self.start()
        deadline = time.monotonic() + limit_s
        while not self.rc.exists():
            if time.monotonic() > deadline:
                return 1, f"the shared build did not finish within {limit_s:.0f} s"
            time.sleep(0.1)
        return int(self.rc.read_text()), self.log.read_text()


def copy_build(built: Path, target: Path) -> Path:
    """A private copy of the built project (file times kept, so make sees it up to date; the
    .venv links copied as links)."""
    shutil.copytree(built, target, symlinks=True)
    return target
