"""The whole pipeline on the committed data: every notebook for every configured race.

Runs `make pages` in a fresh copy of the repository (as CI and a new clone would), then checks
what the site is made of, and that make rebuilds only what changed. Needs no Quarto.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import nbformat
import pytest

from helpers.data.races import load_races
from tests.conftest import NO_MIRROR_REASON, ROOT, build_log, make, make_env

pytestmark = pytest.mark.notebooks


def feed_files(copy: Path) -> list[dict]:
    """The registrar files the copy's build read (helpers.data.sources' manifest)."""
    return json.loads((copy / "build" / "data" / "sources-manifest.json").read_text())["files"]


@pytest.fixture(scope="session")
def feed_built(built):
    """The built copy, for checks of the real registrar feed: skipped when the build had none."""
    if not feed_files(built):
        pytest.skip(NO_MIRROR_REASON)
    return built

RUN_CDN_MIMES = ("text/html", "application/javascript")


def races_and_notebooks(copy: Path):
    config = load_races(copy / "config" / "races.yml")
    notebooks = sorted(p.stem for p in (copy / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    return [r.id for r in config.races], notebooks


def test_every_notebook_ran_for_every_race(built):
    races, notebooks = races_and_notebooks(built)
    assert len(races) >= 4 and notebooks
    for race in races:
        for name in notebooks:
            path = built / "build" / "notebooks" / race / f"{name}.ipynb"
            assert path.exists(), path
            nb = nbformat.read(path, as_version=4)
            nbformat.validate(nb)
            assert nb.metadata.papermill.parameters["race_id"] == race
            errors = [o for c in nb.cells for o in c.get("outputs", [])
                      if o.get("output_type") == "error"]
            assert not errors, (path, errors)


def test_executed_notebooks_emit_nothing_that_makes_quarto_load_a_cdn(built):
    for path in (built / "build" / "notebooks").rglob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                assert not set(out.get("data", {})) & set(RUN_CDN_MIMES), (path, cell.source[:80])


def test_sources_are_never_written(built):
    for path in (built / "notebooks").glob("*.ipynb"):
        assert path.read_bytes() == (ROOT / "notebooks" / path.name).read_bytes()


def test_facts_carry_provenance(built):
    races, _ = races_and_notebooks(built)
    for race in races:
        for path in (built / "build" / "races" / race / "facts").glob("*.json"):
            for key, fact in json.loads(path.read_text())["facts"].items():
                for field in ("source", "source_url", "as_of", "dataset"):
                    assert fact[field], (path.name, key, field)
                assert fact["rows"], (path.name, key)


def test_d1_page_has_the_runoff_chart_and_self_hosted_scripts(feed_built):
    built = feed_built
    page = (built / "races" / "lausd-d1-2024" / "index.qmd").read_text()
    assert 'id="chart-runoff-results"' in page
    assert "charts/runoff-results.svg" in page and "charts/runoff-results.csv" in page
    assert ('<script type="module" src="../../assets/charts.js" '
            'data-vega="../../assets/vendor/vega/vega.min.js">') in page
    assert "https://cdn" not in page
    assert (built / "assets" / "vendor" / "vega" / "vega.min.js").stat().st_size > 100_000
    for suffix in ("svg", "phone.svg", "wide.svg", "png", "csv", "html", "vl.json", "vg.json"):
        assert (built / "races" / "lausd-d1-2024" / "charts" / f"runoff-results.{suffix}").exists()


def test_d1_runoff_facts_match_the_feed(feed_built):
    built = feed_built
    facts = json.loads(
        (built / "build" / "races" / "lausd-d1-2024" / "facts" / "05-results.json").read_text()
    )["facts"]
    assert facts["runoff_votes_sherlett-hendy-newbill"]["value"] == 129691
    assert facts["runoff_votes_kahllid-al-alim"]["value"] == 52763
    assert facts["runoff_share_sherlett-hendy-newbill"]["value"] == round(
        100 * 129691 / (129691 + 52763), 1)


def test_a_race_without_results_says_so(built):
    nb = nbformat.read(built / "build" / "notebooks" / "lausd-d7-2024" / "05-results.ipynb", 4)
    text = json.dumps(nb.cells)
    assert "no registrar results for this race in the repository" in text


def test_the_build_log_has_no_kernel_noise(built):
    """Kernels listen on Unix sockets (no TCP warning) and are not interrupted at shutdown."""
    log = build_log(built).read_text()
    assert log.count("ran notebooks/") == len(list((built / "build" / "notebooks").rglob("*.ipynb")))
    assert "running over TCP without encryption" not in log
    assert "KeyboardInterrupt" not in log
    assert "Ctrl-C will not work" not in log


def test_a_warm_run_and_a_cold_run_give_the_same_bytes(built_copy):
    built = built_copy  # make runs here: this test's own copy
    """make runs notebooks through one warm runner; NOTEBOOK_RUNNER=cold, as papermill alone."""
    executed = built / "build" / "notebooks" / "lausd-d1-2024" / "02-timeline.ipynb"
    warm = executed.read_bytes()
    executed.unlink()  # (touching the source would leave the other races' copies out of date)
    result = make(built, "build/notebooks/lausd-d1-2024/02-timeline.ipynb",
                  env={"NOTEBOOK_RUNNER": "cold"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert "run_notebooks" in result.stdout
    assert executed.read_bytes() == warm


def test_rebuild_with_nothing_changed_does_nothing(built_copy):
    built = built_copy  # make runs here: this test's own copy
    result = make(built, "pages")
    assert result.returncode == 0
    assert "run_notebooks" not in result.stdout and "build_data" not in result.stdout, result.stdout


def test_editing_one_notebook_reruns_only_that_notebook(built_copy):
    built = built_copy  # make runs here: this test's own copy
    races, notebooks = races_and_notebooks(built)
    edited = notebooks[-1]
    executed = {p: p.stat().st_mtime_ns for p in (built / "build" / "notebooks").rglob("*.ipynb")}
    time.sleep(1.1)
    source = built / "notebooks" / f"{edited}.ipynb"
    os.utime(source)  # the edit: a newer source file
    result = make(built, "pages")
    assert result.returncode == 0, result.stderr[-2000:]
    changed = sorted(p.relative_to(built / "build" / "notebooks").as_posix()
                     for p, t in executed.items() if p.stat().st_mtime_ns != t)
    assert changed == sorted(f"{race}/{edited}.ipynb" for race in races)


LINK = re.compile(r"""(?:\]\(|(?:src|href)=")([^)"\s]+)""")


def local_targets(page: Path) -> list[str]:
    """Relative links and sources in a page source (external links are checked elsewhere)."""
    text = page.read_text()
    return [t for t in LINK.findall(text)
            if not re.match(r"^(https?:|mailto:|#|data:)", t)]


def test_every_link_in_the_generated_pages_resolves(built):
    pages = [built / "index.qmd", built / "races" / "index.qmd",
             *sorted((built / "races").glob("*/index.qmd"))]
    for page in pages:
        for target in local_targets(page):
            path = (page.parent / target.split("#")[0]).resolve()
            assert path.exists(), f"{page.relative_to(built)} links to missing {target}"


def test_explainer_numbers_are_receipts_that_exist(built):
    explainer = (built / "index.qmd").read_text()
    assert "{{fact:" not in explainer and "{{chart:" not in explainer
    receipts = re.findall(r"races/lausd-d1-2024/index\.qmd#receipt-([A-Za-z0-9_.\-]+)", explainer)
    assert len(receipts) >= 10
    race_page = (built / "races" / "lausd-d1-2024" / "index.qmd").read_text()
    for key in receipts:
        assert f'id="receipt-{key}"' in race_page, key
    assert "[more than \\$690,000](races/lausd-d1-2024/index.qmd#receipt-" in explainer


def test_explainer_quotes_the_runoff_count_from_the_feed(feed_built):
    assert "[129,691]" in (feed_built / "index.qmd").read_text()


def test_without_the_feed_pages_say_what_is_missing_and_how_to_get_it(built):
    """No mirror and nothing fetched (a user's clone offline): the other pages, and the list."""
    if feed_files(built):
        pytest.skip("the build had the registrar feed; run with FTM_NO_MIRROR=1 to check this")
    manifest = json.loads((built / "build" / "data" / "sources-manifest.json").read_text())
    assert [m["command"] for m in manifest["missing"]] == ["make fetch-results ELECTION=4324"]
    explainer = (built / "index.qmd").read_text()
    assert "## Data missing from this build" in explainer
    assert "`make fetch-results ELECTION=4324`" in explainer
    assert "*(figure not in this build)*" in explainer
    assert "[more than \\$690,000](races/lausd-d1-2024/index.qmd#receipt-" in explainer
    nb = nbformat.read(built / "build" / "notebooks" / "lausd-d1-2024" / "05-results.ipynb", 4)
    assert "no registrar results for this race" in json.dumps(nb.cells)
    assert len((built / "build" / "data" / "results.csv").read_text().splitlines()) == 1


def test_includes_of_the_hand_written_pages_exist(built):
    for page in built.glob("*.qmd"):
        for target in re.findall(r"\{\{< include ([^ ]+) >\}\}", page.read_text()):
            assert (built / target).exists(), (page.name, target)


def test_datapackage_matches_the_downloads(built):
    import hashlib

    package = json.loads((built / "datapackage.json").read_text())
    names = {r["name"] for r in package["resources"]}
    assert {"results", "endorsement_events", "reported_figures", "election_calendar",
            "facts"} <= names
    for res in package["resources"]:
        data = (built / res["path"]).read_bytes()
        assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), res["name"]
        assert data.decode().splitlines()[0].split(",") == [f["name"] for f in res["schema"]["fields"]]


def test_every_page_gets_the_footer(built):
    footer = (built / "_footer.html").read_text()
    assert "Data as of" in footer and "commit" in footer and "races.yml" in footer
    if feed_files(built):
        assert "4:29 p.m. Nov. 21, 2024" in footer  # the feed time stamp, in AP style
    quarto = (built / "_quarto.yml").read_text()
    assert "include-after-body: _footer.html" in quarto


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_rerunning_a_notebook_gives_byte_identical_outputs(built_copy):
    built = built_copy  # make runs here: this test's own copy
    charts = built / "build" / "races" / "lausd-d1-2024"
    before = tree_bytes(charts)
    executed = built / "build" / "notebooks" / "lausd-d1-2024" / "05-results.ipynb"
    old_notebook = executed.read_bytes()
    os.utime(built / "notebooks" / "05-results.ipynb")
    result = make(built, "build/notebooks/lausd-d1-2024/05-results.ipynb")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "run_notebooks" in result.stdout  # it really ran again
    assert executed.read_bytes() == old_notebook
    assert tree_bytes(charts) == before


def test_a_build_killed_mid_run_leaves_the_previous_outputs_intact(built_copy):
    built = built_copy  # make runs here: this test's own copy
    executed = built / "build" / "notebooks"
    before = tree_bytes(executed)
    # one executed copy older than its source: make reruns that notebook alone (an edit of the
    # source would rerun it for every race, and the test would wait for all of them)
    stale = executed / "lausd-d1-2024" / "02-timeline.ipynb"
    old = (built / "notebooks" / "02-timeline.ipynb").stat().st_mtime - 60
    os.utime(stale, (old, old))
    proc = subprocess.Popen(["make", "pages"], cwd=built, env=make_env(built), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and not list(executed.rglob("*.running.ipynb")):
        time.sleep(0.05)
    assert list(executed.rglob("*.running.ipynb")), "the notebook run never started"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    after = {k: v for k, v in tree_bytes(executed).items() if not k.endswith(".running.ipynb")}
    assert after == before  # nothing published was touched
    result = make(built, "pages")  # the next build finishes the job
    assert result.returncode == 0, result.stderr[-2000:]
    assert not list((built / "races").rglob("*.running.ipynb"))
    for race_dir in (built / "races").iterdir():
        if race_dir.is_dir():
            assert not [p for p in race_dir.rglob(".*") if p.is_file()], race_dir


def test_every_exported_chart_validates_against_the_vega_lite_schema(built):
    import altair as alt
    import jsonschema

    schema_path = Path(alt.__file__).parent / "vegalite" / "v6" / "schema" / "vega-lite-schema.json"
    validator = jsonschema.Draft7Validator(json.loads(schema_path.read_text()))
    specs = sorted((built / "build" / "races").rglob("*.vl.json"))
    assert len(specs) >= (10 if feed_files(built) else 5)  # two results charts per race with a feed
    for path in specs:
        spec = json.loads(path.read_text())
        errors = sorted(validator.iter_errors(spec), key=str)
        assert not errors, (path.name, str(errors[0])[:500])
        assert spec["description"].strip(), path.name  # becomes the chart's aria-label
        # the page draws it at its column's width; title and source line are HTML around it
        assert spec["width"] == "container", path.name
        assert spec["usermeta"]["source"].strip() and spec["usermeta"]["as_of"], path.name
        svg = path.with_name(path.name.replace(".vl.json", ".svg")).read_text()
        # the download carries its source and as-of date, said as AP does ("March 4, 2024")
        assert spec["usermeta"]["as_of_text"] in svg, path.name


def test_reported_facts_equal_their_ledger_rows(built):
    """Recompute from the CSV with the standard library, not through the project's loaders."""
    import csv

    with open(built / "data" / "reference" / "reported_figures.csv", newline="") as fh:
        ledger = {row["figure_id"]: row for row in csv.DictReader(fh)}
    checked = 0
    for path in (built / "build" / "races").glob("*/facts/*.json"):
        for key, fact in json.loads(path.read_text())["facts"].items():
            if fact["dataset"] != "reported_figures" or len(fact["rows"]) != 1:
                continue
            row = ledger[fact["rows"][0]]
            assert fact["value"] == float(row["amount"]), key
            assert fact["qualifier"] == row["qualifier"], key
            assert fact["as_of"] == row["as_of"], key
            assert fact["as_of_precision"] == row["as_of_precision"], key  # 'about Feb. 28' stays
            assert fact["source_url"] == row["source_url"], key
            checked += 1
    assert checked >= 8


def test_every_chart_csv_has_the_rows_drawn(built):
    for registry in (built / "build" / "races").glob("*/charts/*.charts.json"):
        for entry in json.loads(registry.read_text()):
            csv_path = registry.parent / entry["files"]["csv"]
            lines = csv_path.read_text().splitlines()
            assert len(lines) - 1 == entry["rows"], csv_path.name
