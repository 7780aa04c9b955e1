"""The suite's one shared build (tests/shared_build.py): made once, by one process, and read-only.

The build itself is replaced here by functions that record their calls, so these tests take
milliseconds; the real `make pages` is what tests/test_pipeline.py checks.
"""

from __future__ import annotations

import ast
import threading
from pathlib import Path

from tests.conftest import ROOT
from tests.shared_build import SharedBuild


class FakeBuild:
    """make_copy / environ / run_make that record what the shared build asked of them."""

    def __init__(self, rc: int = 0, fail: bool = False, release: threading.Event | None = None):
        self.rc, self.fail, self.release = rc, fail, release
        self.copies: list[Path] = []
        self.makes: list[dict[str, str]] = []
        self.environ_calls = 0

    def make_copy(self, copy: Path) -> None:
        self.copies.append(copy)
        copy.mkdir()

    def environ(self, copy: Path) -> dict[str, str]:
        self.environ_calls += 1
        return {"TAKEN": "at start"}

    def run_make(self, copy: Path, env: dict[str, str]) -> tuple[int, str]:
        if self.release is not None:
            self.release.wait(10)
        self.makes.append(env)
        if self.fail:
            raise RuntimeError("the copy could not be made")
        return self.rc, f"make pages in {copy.name}: done"

    def shared(self, folder: Path) -> SharedBuild:
        return SharedBuild(folder, self.make_copy, self.environ, self.run_make)


def test_two_processes_share_one_build(tmp_path):
    release = threading.Event()
    fake = FakeBuild(release=release)
    first, second = fake.shared(tmp_path), fake.shared(tmp_path)  # two workers, one folder
    first.start()
    second.start()  # the folder is claimed: nothing starts
    assert not second.rc.exists()  # the build is still running
    release.set()
    assert second.wait(limit_s=10) == (0, "make pages in built: done")
    first.join()
    assert fake.copies == [tmp_path / "built"] and len(fake.makes) == 1


def test_the_environment_is_taken_when_the_build_starts(tmp_path):
    fake = FakeBuild()
    build = fake.shared(tmp_path)
    build.start()
    build.join()
    assert fake.environ_calls == 1 and fake.makes == [{"TAKEN": "at start"}]


def test_a_failed_make_reaches_every_waiting_test_with_its_exit_status(tmp_path):
    assert FakeBuild(rc=2).shared(tmp_path).wait(limit_s=10) == (2, "make pages in built: done")


def test_a_build_that_breaks_before_make_ends_says_why(tmp_path):
    rc, log = FakeBuild(fail=True).shared(tmp_path).wait(limit_s=10)
    assert rc == 1
    assert "the shared build failed before make ended" in log
    assert "RuntimeError: the copy could not be made" in log


def test_a_build_nobody_started_is_started_by_the_first_test_that_waits(tmp_path):
    fake = FakeBuild()
    assert fake.shared(tmp_path).wait(limit_s=10)[0] == 0
    assert len(fake.makes) == 1


WRITING_METHODS = {"unlink", "touch", "write_text", "write_bytes", "rename", "replace", "mkdir",
                   "rmdir", "symlink_to"}


def mentions_built(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Name) and n.id == "built" for n in ast.walk(node))


def writes_to_built(call: ast.Call) -> bool:
    """make(built, ...), anything(cwd=built...), os.utime(built / ...), (built / x).unlink()..."""
    func = call.func
    if isinstance(func, ast.Name) and func.id == "make" and call.args:
        return mentions_built(call.args[0])
    if any(k.arg == "cwd" and mentions_built(k.value) for k in call.keywords):
        return True
    if isinstance(func, ast.Attribute) and func.attr == "utime" and call.args:
        return mentions_built(call.args[0])
    return (isinstance(func, ast.Attribute) and func.attr in WRITING_METHODS
            and mentions_built(func.value))


def test_no_test_runs_make_or_edits_files_in_the_shared_build():
    """The shared build is read by tests on every worker at once: a function that takes the
    `built` fixture must not run make there or change a file in it; it takes its own copy
    (built_copy) instead."""
    offenders = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for func in ast.walk(ast.parse(path.read_text())):
            if not isinstance(func, ast.FunctionDef):
                continue
            if "built" not in {a.arg for a in func.args.args}:
                continue
            offenders += [f"{path.relative_to(ROOT)}:{call.lineno} ({func.name})"
                          for call in ast.walk(func)
                          if isinstance(call, ast.Call) and writes_to_built(call)]
    assert offenders == [], "\n".join(offenders)


def test_the_write_check_catches_a_test_that_writes_to_the_shared_build():
    tree = ast.parse("def test_x(built):\n    make(built, 'pages')\n"
                     "    (built / 'notebooks' / 'a.ipynb').touch()\n"
                     "    subprocess.run(['make'], cwd=built)\n"
                     "    os.utime(built / 'x')\n    (built / 'y').read_text()\n")
    calls = [c for c in ast.walk(tree) if isinstance(c, ast.Call)]
    assert sum(writes_to_built(c) for c in calls) == 4
