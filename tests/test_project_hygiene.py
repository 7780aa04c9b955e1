"""Repository rules a reviewer would otherwise check by hand."""

from __future__ import annotations

import re
import tomllib

import nbformat
import pytest
import yaml

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def pins(requirements: list[str]) -> dict[str, str]:
    out = {}
    for req in requirements:
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", req.strip())
        assert match, f"not an exact pin: {req!r}"
        out[match.group(1).lower().replace("_", "-")] = match.group(2)
    return out


def pyproject_pins() -> dict[str, str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return pins(meta["dependencies"] + meta["optional-dependencies"]["dev"])


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_parameters_cell_and_kernelspec(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name"), "kernelspec missing"
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one cell must be tagged 'parameters'"
    assert "race_id" in tagged[0].source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_source_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {index} has stored outputs"
            assert cell.execution_count is None, f"cell {index} has an execution count"


def test_environment_yml_lists_the_same_pins_as_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    env_pins = pins([p for p in pip_section if not p.startswith("-e")])
    assert env_pins == pyproject_pins()
    python = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")]
    assert python == ["python=3.11"]


def test_lock_has_every_pin_with_hashes():
    lock = (ROOT / "requirements.lock").read_text()
    locked = dict(re.findall(r"^([a-z0-9_.\-]+)==(\S+) \\$", lock, flags=re.M))
    locked = {k.lower().replace("_", "-"): v for k, v in locked.items()}
    for name, version in pyproject_pins().items():
        assert locked.get(name) == version, f"{name}: pyproject {version}, lock {locked.get(name)}"
    blocks = re.split(r"\n(?=[a-z0-9])", lock)
    for block in blocks:
        if "==" in block:
            assert "--hash=sha256:" in block, block.splitlines()[0]


def test_no_secrets_in_tracked_files():
    import subprocess

    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split()
    pattern = re.compile(r"(X-App-Token|app_token|api_key|secret)\s*[:=]\s*['\"][A-Za-z0-9]{12,}")
    for name in files:
        path = ROOT / name
        if path.suffix in {".py", ".yml", ".yaml", ".toml", ".md", ".json", ".cfg", ".ini"}:
            assert not pattern.search(path.read_text(errors="ignore")), name
