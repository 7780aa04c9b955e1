"""Shared test set-up: the suite must never reach the internet.

Every socket connection to a non-loopback address fails the test that made it, so code that
quietly downloads something is caught here rather than in CI with no network. The processes the
tests start (make and its scripts, notebook kernels, the warm notebook runner) are guarded too:
LAUSD_OFFLINE=1 and tests/offline_guard on PYTHONPATH make each of them load the same guard
through sitecustomize (tests/offline_guard/offline_guard.py).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from hypothesis import settings

from tests.offline_guard.offline_guard import guarded_functions
from tests.shared_build import SharedBuild, copy_build

ROOT = Path(__file__).resolve().parents[1]
OFFLINE_GUARD_DIR = ROOT / "tests" / "offline_guard"


def guarded_pythonpath(*first: Path | str) -> str:
    """A PYTHONPATH of ``first`` followed by the offline guard, for a subprocess's environment."""
    return os.pathsep.join([*map(str, first), str(OFFLINE_GUARD_DIR)])


# every subprocess started from here on inherits the guard (tests that build their own env from
# os.environ and set PYTHONPATH should use guarded_pythonpath)
os.environ["LAUSD_OFFLINE"] = "1"
os.environ["PYTHONPATH"] = guarded_pythonpath(
    *[p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep)
      if p and p != str(OFFLINE_GUARD_DIR)])


# Property tests check behaviour, not speed (speed lives in benchmarks/): no per-example
# deadline, which a test on two busy cores (make test runs a worker on each) can miss.
settings.register_profile("suite", deadline=None)
settings.load_profile("suite")


def mirror_dir() -> Path | None:
    """The local mirror as the source layer sees it (None when absent or FTM_NO_MIRROR=1)."""
    from helpers.data.sources import load_sources

    return load_sources(ROOT).mirror


NO_MIRROR_REASON = (
    "real-data test skipped: no local mirror of the publishers' files (../shared/data is absent, "
    "or hidden with FTM_NO_MIRROR=1; set FTM_MIRROR=/path to use one elsewhere)"
)


class InternetAccessBlocked(RuntimeError):
    """Raised in the test process itself: a RuntimeError, so no library's "no network" handling
    (urllib wraps OSErrors) can hide it. Processes the tests start get the guard of
    tests/offline_guard, whose guarded socket functions this process uses too."""


_GUARDS = guarded_functions(
    lambda what: InternetAccessBlocked(f"test tried a {what}: the suite is offline"))


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _GUARDS["connect"])
    monkeypatch.setattr(socket.socket, "connect_ex", _GUARDS["connect_ex"])
    monkeypatch.setattr(socket, "getaddrinfo", _GUARDS["getaddrinfo"])


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def lavote_dir() -> Path:
    """The real registrar files in the local mirror (read in place); skips when there is none."""
    mirror = mirror_dir()
    if mirror is None or not (mirror / "lavote").is_dir():
        pytest.skip(NO_MIRROR_REASON)
    return mirror / "lavote"


def project_files() -> list[str]:
    """What a fresh clone would hold: tracked files plus new, not-ignored ones."""
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split("\n")
    return [f for f in out if f and (ROOT / f).is_file()]


def make_env(copy: Path, **extra: str) -> dict[str, str]:
    """The environment of make in a copy: its own source and data, the mirror this checkout
    sees. Every make in one copy needs the same one, or make sees the mirror come and go and
    rebuilds everything."""
    env = {**os.environ, "LAUSD_MONEY_ROOT": str(copy),
           "PYTHONPATH": guarded_pythonpath(copy / "src"), "SOURCE_DATE_EPOCH": "1732233600",
           **extra}
    # the copy has no ../shared beside it: hand it the mirror this checkout sees, if any
    mirror = mirror_dir()
    if mirror is not None:
        env["FTM_MIRROR"] = str(mirror)
    env.pop("FTM_CACHE", None)  # and its own (empty) download cache
    return env


def make(copy: Path, *args: str, timeout: int = 1200,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run make in a copy, with the copy's own source and data (not the working tree's)."""
    return subprocess.run(["make", *args], cwd=copy, env=make_env(copy, **(env or {})),
                          capture_output=True, text=True, timeout=timeout)


def link_venv(target: Path) -> None:
    """Give a copy the project's installed environment without letting it reinstall into it.

    The copy gets its own .venv folder whose parts link to the real one, and a fresh install
    stamp, so make in the copy never runs the bootstrap (which would re-point the shared
    editable install at the copy).
    """
    real = ROOT / ".venv"
    if not (real / ".installed").exists():
        pytest.fail("run `make setup` first: the tests use the project's .venv")
    target.mkdir()
    for name in ("bin", "lib", "lib64", "include", "share", "pyvenv.cfg"):
        if (real / name).exists():
            (target / name).symlink_to(real / name)
    (target / ".installed").touch()


def fresh_copy(copy: Path) -> None:
    """What a fresh clone would hold, file times kept (the venv stamp stays newer than the
    lock), with the project's installed environment linked in."""
    for name in project_files():
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    link_venv(copy / ".venv")


def _make_pages(copy: Path, env: dict[str, str]) -> tuple[int, str]:
    result = subprocess.run(["make", "pages"], cwd=copy, env=env, capture_output=True,
                            text=True, timeout=1200)
    return result.returncode, result.stdout + result.stderr


def shared_tmp(tmp_path_factory) -> Path:
    """The run's temp folder, shared by every pytest-xdist worker (the session's own without)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


_shared_builds: dict[Path, SharedBuild] = {}


def shared_build(tmp_path_factory) -> SharedBuild:
    folder = shared_tmp(tmp_path_factory)
    if folder not in _shared_builds:
        _shared_builds[folder] = SharedBuild(folder, fresh_copy, make_env, _make_pages)
    return _shared_builds[folder]


def needs_the_build(item) -> bool:
    return "built" in item.fixturenames


def will_run(item) -> bool:
    """False for a test marked skip, or skipif with a condition already true (as the Quarto
    tests are where quarto is missing): no build is started for it."""
    return not any(m.name == "skip" or (m.name == "skipif" and m.args and m.args[0] is True)
                   for m in item.iter_markers())


# The longest file of the suite (the whole site in the browser, about 35 s): among the files
# that wait for the build it goes first, so no worker starts it when the others are finishing.
LONGEST_FILE = "tests/browser/test_quarto_shaped_site.py"


def pytest_collection_modifyitems(session, config, items):
    """Files with a test that needs the shared build run last, the longest of them first (each
    file keeps its own order), so the build, started in the background with the first test,
    is done by the time they start. Every pytest-xdist worker computes the same order, and
    `make test` keeps it (--no-loadscope-reorder)."""
    late = {item.path for item in items if needs_the_build(item)}
    longest = config.rootpath / LONGEST_FILE
    items.sort(key=lambda item: (item.path in late, item.path != longest))  # stable sort


@pytest.fixture(scope="session", autouse=True)
def _the_shared_build_starts_early(request, tmp_path_factory):
    """Start `make pages` in the background as soon as a collected test needs it."""
    build = shared_build(tmp_path_factory)
    if any(needs_the_build(item) and will_run(item) for item in request.session.items):
        build.start()
    yield
    build.join()


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A fresh copy of the project after `make pages`: every notebook for every race.

    One build per test run, shared by every test and worker: READ-ONLY. A test that runs make,
    edits a file or kills a build there takes ``built_copy`` instead.
    """
    build = shared_build(tmp_path_factory)
    rc, log = build.wait()
    assert rc == 0, log[-6000:]
    return build.copy


@pytest.fixture
def built_copy(built, tmp_path) -> Path:
    """This test's own copy of the built project, up to date for make (file times kept)."""
    return copy_build(built, tmp_path / "clone")


def build_log(copy: Path) -> Path:
    """What `make pages` printed when the `built` copy was made (beside the copy, not in it)."""
    return copy.with_name(copy.name + "-make-pages.log")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """One line saying how many browser tests were skipped, and how to run them."""
    def reason(report) -> str:
        longrepr = getattr(report, "longrepr", None)
        return str(longrepr[2]) if isinstance(longrepr, tuple) and len(longrepr) == 3 else ""

    skipped = [r for r in terminalreporter.stats.get("skipped", [])
               if "browser" in getattr(r, "keywords", {}) and "chromium" in reason(r)]
    if skipped:
        terminalreporter.write_line(
            f"browser tests: {len(skipped)} skipped (Debian's chromium is not at /usr/bin/chromium); "
            "run them with .ci/run, which installs it, or: sudo apt-get install chromium && make test")
