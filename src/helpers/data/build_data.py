"""The data step of the pipeline: registrar feed files -> tidy tables in build/data/.

The feed files come only through helpers.data.sources (download cache, then local mirror). Outputs:
results.parquet/.csv (every race), results/<race>.csv (one race's rows, rewritten only when they
change, so a new drop reruns only the notebooks of the races it moved) and
sources-manifest.json/.csv (every file used: origin, publisher TimeStamp, sha256; and what is
missing, with the command that gets it).

Deterministic: same inputs, byte-identical outputs (sorted rows, fixed columns, no timestamps).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.data.lavote import TIDY_COLUMNS, tidy_contest_results
from helpers.data.races import RacesConfig, load_races
from helpers.data.sources import (
    FeedFile,
    Sources,
    load_sources,
    missing_entry,
    missing_lines,
    registrar_files,
    write_manifest,
)
from helpers.errors import DataError
from helpers.io_atomic import write_bytes_if_changed, write_text_if_changed
from helpers.tables import to_csv_text


def build_results(
    config: RacesConfig, sources: Sources
) -> tuple[pd.DataFrame, list[FeedFile], list[dict]]:
    """Registrar results for every configured race whose feed is available, tagged with the
    race id; plus the files used and, for each election with no files, what is missing."""
    frames, used, missing = [], [], []
    by_election: dict[int, list] = {}
    for race in config.races:
        if race.results is not None:
            by_election.setdefault(race.results.election_id, []).append(race)
    for election, races in sorted(by_election.items()):
        files = registrar_files(sources, election)
        if not files.complete:
            missing.append(missing_entry(sources, election, [r.id for r in races], files))
            continue
        used += [files.definitions, *files.drops]
        # every drop is read once per election, for all its races' contests together
        tidy = tidy_contest_results(
            files.definitions.path,
            [f.path for f in files.drops],
            sorted({r.results.contest_id for r in races}),
            source_url=sources.publisher_counts_url(election),
        )
        for race in races:
            rows = tidy[tidy["contest_id"] == race.results.contest_id]
            frames.append(rows.assign(race_id=race.id))
    if not frames:
        return pd.DataFrame(columns=["race_id", *TIDY_COLUMNS]), used, missing
    out = pd.concat(frames, ignore_index=True)[["race_id", *TIDY_COLUMNS]]
    out = out.sort_values(["race_id", "snapshot_time", "candidate_id"]).reset_index(drop=True)
    return out, used, missing


def write_race_results(results: pd.DataFrame, config: RacesConfig, out: Path) -> None:
    """One CSV per race (header only when it has no results): make's per-race prerequisite."""
    for race in config.races:
        rows = results[results["race_id"] == race.id]
        write_text_if_changed(out / "results" / f"{race.id}.csv", to_csv_text(rows))


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False, compression="zstd")
    return buf.getvalue()


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Rewrite only when the bytes differ, so downstream notebooks rerun only on real change."""
    write_bytes_if_changed(path, parquet_bytes(frame))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.data.build_data", description=__doc__)
    parser.add_argument("--config", default=str(paths.RACES_CONFIG))
    parser.add_argument("--out", default=str(paths.BUILD_DATA))
    args = parser.parse_args(argv)
    out = Path(args.out)
    try:
        config = load_races(args.config)
        sources = load_sources(Path(args.config).resolve().parent.parent)
        results, used, missing = build_results(config, sources)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    write_parquet(results, out / "results.parquet")
    write_text_if_changed(out / "results.csv", to_csv_text(results))
    write_race_results(results, config, out)
    write_manifest(out, used, missing)
    print(f"results: {len(results)} rows for {results['race_id'].nunique()} races, "
          f"from {len(used)} registrar files -> {out}")
    for line in missing_lines(missing):
        print(f"missing: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
