"""Executed copies are made safe for Quarto: no HTML outputs, charts inline with their names.

And the runs themselves: a warm run (helpers.analysis.warm_runner, as make uses it) gives the cold run's
bytes, carries nothing over from the notebook before, fails the way a cold run fails, logs no
kernel noise, and cannot reach the internet under the tests (nor can make's scripts).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from helpers.analysis.run_notebooks import (
    cdn_trigger_cells,
    strip_cdn_triggers,
    svg_outputs_as_markdown,
)
from tests.conftest import OFFLINE_GUARD_DIR, ROOT

SVG = '<?xml version="1.0"?>\n<svg role="img" aria-label="A chart.">\n<rect/></svg>'


def notebook(*outputs):
    nb = new_notebook()
    nb.cells = [new_code_cell("x", outputs=list(outputs))]
    return nb


def test_html_twin_of_a_plain_output_is_dropped_and_html_only_is_reported():
    nb = notebook(new_output("execute_result", data={"text/html": "<table>", "text/plain": "t"},
                             execution_count=1),
                  new_output("display_data", data={"text/html": "<b>only</b>"}))
    assert strip_cdn_triggers(nb) == [0]
    assert "text/html" not in nb.cells[0].outputs[0]["data"]
    assert cdn_trigger_cells(nb) == [0]  # the HTML-only output is left for the error message


def test_svg_output_becomes_inline_markdown_keeping_its_label():
    nb = notebook(new_output("display_data", data={"image/svg+xml": SVG}))
    assert svg_outputs_as_markdown(nb) == 1
    data = nb.cells[0].outputs[0]["data"]
    assert "image/svg+xml" not in data
    assert data["text/markdown"].startswith('```{=html}\n<svg role="img" aria-label="A chart.">')
    assert data["text/markdown"].endswith("</svg>\n```")
    assert data["text/markdown"].count("\n") == 2  # the SVG itself is one line
    nbformat.validate(nb)


# ---- running notebooks: cold (own kernel) and warm (helpers.analysis.warm_runner) --------------------

KERNEL_LOG_NOISE = ("running over TCP without encryption", "KeyboardInterrupt caught in kernel")

LEAKER = """\
import builtins, os, sys
import pandas as pd
import helpers.analysis.theme
LEAKED = 1
helpers.analysis.theme.leaked = True
pd.set_option("display.max_rows", 3)
os.environ["LEAKED_ENV"] = "1"
sys.modules["leaked_module"] = type(sys)("leaked_module")
builtins.leaked = True
os.chdir("/")
print("leaked everything it could")
"""

PROBE = """\
import builtins, json, os, sys
import pandas as pd
import helpers.analysis.theme
print(json.dumps({
    "race_id": race_id,
    "global": "LEAKED" in globals(),
    "module_attribute": hasattr(helpers.analysis.theme, "leaked"),
    "pandas_option": pd.get_option("display.max_rows"),
    "environment": os.environ.get("LEAKED_ENV"),
    "sys_modules": "leaked_module" in sys.modules,
    "builtins": hasattr(builtins, "leaked"),
    "cwd_is_project_root": os.path.samefile(os.getcwd(), os.environ["EXPECTED_CWD"]),
}, sort_keys=True))
"""

CONNECT = """\
import socket
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(1)
socket.create_connection(server.getsockname(), timeout=2).close()
print("loopback: connected")
try:
    socket.create_connection(("93.184.216.34", 80), timeout=2).close()
    print("internet: CONNECTED")
except OSError as exc:
    print("internet:", type(exc).__name__)
"""


def code_notebook(path: Path, *sources: str) -> Path:
    params = new_code_cell('race_id = "none"')
    params.metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=[params, *(new_code_cell(s) for s in sources)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.fixture()
def owner():
    """A stand-in for the make run that owns a warm runner: the runner stops when it ends."""
    proc = subprocess.Popen(["sleep", "600"])
    yield str(proc.pid)
    proc.kill()
    proc.wait()


def run_cli(source: Path, target: Path, params: Path, owner: str | None = None):
    """`python -m helpers.analysis.run_notebooks` as make runs it: warm with an owner, else cold."""
    env = {**os.environ, "EXPECTED_CWD": str(ROOT)}
    env.pop("NOTEBOOK_RUNNER_OWNER", None)
    if owner:
        env["NOTEBOOK_RUNNER_OWNER"] = owner
    return subprocess.run(
        [sys.executable, "-m", "helpers.analysis.run_notebooks", str(source), str(target),
         "--params", str(params)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def outputs_text(path: Path, stream: str = "stdout") -> str:
    nb = nbformat.read(path, as_version=4)
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", [])
                   if o.get("name") == stream)


@pytest.fixture()
def params(tmp_path) -> Path:
    path = tmp_path / "params.json"
    path.write_text(json.dumps({"race_id": "lausd-d1-2024"}))
    return path


@pytest.mark.notebooks
def test_a_warm_run_gives_the_cold_runs_bytes_and_no_state_from_the_notebook_before(
        tmp_path, params, owner):
    leaker = code_notebook(tmp_path / "leaker.ipynb", LEAKER)
    probe = code_notebook(tmp_path / "probe.ipynb", PROBE)
    target = tmp_path / "out" / "probe.ipynb"

    cold = run_cli(probe, target, params)
    assert cold.returncode == 0, cold.stderr
    cold_bytes = target.read_bytes()
    target.unlink()

    # the same warm runner runs the leaker, then the probe (and the probe again)
    leaked = run_cli(leaker, tmp_path / "out" / "leaker.ipynb", params, owner)
    assert leaked.returncode == 0, leaked.stderr
    assert "leaked everything it could" in outputs_text(tmp_path / "out" / "leaker.ipynb")
    for _ in range(2):
        warm = run_cli(probe, target, params, owner)
        assert warm.returncode == 0, warm.stderr
        assert warm.stdout == cold.stdout == f"ran {probe} -> {target}\n"
        assert target.read_bytes() == cold_bytes
    state = json.loads(outputs_text(target))
    assert state == {"race_id": "lausd-d1-2024", "global": False, "module_attribute": False,
                     "pandas_option": 60, "environment": None, "sys_modules": False,
                     "builtins": False, "cwd_is_project_root": True}
    for log in (cold.stderr, leaked.stderr, warm.stderr):
        assert not [noise for noise in KERNEL_LOG_NOISE if noise in log], log


@pytest.mark.notebooks
@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
def test_a_failing_notebook_keeps_the_failed_copy_and_writes_no_target(
        tmp_path, params, owner, warm):
    source = code_notebook(tmp_path / "fails.ipynb", "x = 1", "raise ValueError('no such race')",
                           "print('never')")
    target = tmp_path / "out" / "fails.ipynb"
    result = run_cli(source, target, params, owner if warm else None)
    assert result.returncode == 1
    assert f"error: {source}" in result.stderr and "no such race" in result.stderr
    assert f"the partly executed copy is {target.with_suffix('.failed.ipynb')}" in result.stderr
    assert not target.exists() and not target.with_suffix(".running.ipynb").exists()
    failed = nbformat.read(target.with_suffix(".failed.ipynb"), as_version=4)
    errors = [o for c in failed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert [(e.ename, e.evalue) for e in errors] == [("ValueError", "no such race")]
    assert failed.cells[-1].get("outputs", []) == []  # papermill stopped at the failing cell


@pytest.mark.notebooks
@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
def test_a_kernel_cannot_reach_the_internet_under_the_tests(tmp_path, params, owner, warm):
    source = code_notebook(tmp_path / "connect.ipynb", CONNECT)
    target = tmp_path / "out" / "connect.ipynb"
    result = run_cli(source, target, params, owner if warm else None)
    assert result.returncode == 0, result.stderr
    assert outputs_text(target) == "loopback: connected\ninternet: InternetAccessBlocked\n"
    assert outputs_text(target, "stderr") == (
        "offline guard: connection to '93.184.216.34': the test suite is offline\n")


def test_make_and_the_scripts_it_runs_are_offline_under_the_tests(tmp_path):
    makefile = tmp_path / "Makefile"
    makefile.write_text(
        "probe:\n"
        f"\t{sys.executable} -c 'import urllib.request; "
        "urllib.request.urlopen(\"http://example.com/\", timeout=2)'\n")
    result = subprocess.run(["make", "-f", str(makefile), "probe"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "offline guard: name lookup of 'example.com'" in result.stderr
    assert str(OFFLINE_GUARD_DIR) in os.environ["PYTHONPATH"].split(os.pathsep)
