"""The data step of the pipeline: raw feed files -> tidy tables in build/data/.

Deterministic: same inputs, byte-identical outputs (sorted rows, fixed columns, no timestamps).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.errors import DataError
from helpers.io_atomic import write_bytes_if_changed, write_text_if_changed
from helpers.lavote import TIDY_COLUMNS, tidy_contest_results
from helpers.races import RacesConfig, load_races
from helpers.tables import to_csv_text


def build_results(config: RacesConfig, root: Path) -> pd.DataFrame:
    """Registrar results for every configured race that has a feed, tagged with the race id."""
    frames = []
    for race in config.races:
        if race.results is None:
            continue
        tidy = tidy_contest_results(
            root / race.results.definitions,
            race.results.snapshot_paths(root),
            [race.results.contest_id],
        )
        frames.append(tidy.assign(race_id=race.id))
    if not frames:
        return pd.DataFrame(columns=["race_id", *TIDY_COLUMNS])
    out = pd.concat(frames, ignore_index=True)[["race_id", *TIDY_COLUMNS]]
    return out.sort_values(["race_id", "snapshot_time", "candidate_id"]).reset_index(drop=True)


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False, compression="zstd")
    return buf.getvalue()


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Rewrite only when the bytes differ, so downstream notebooks rerun only on real change."""
    write_bytes_if_changed(path, parquet_bytes(frame))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.build_data", description=__doc__)
    parser.add_argument("--config", default=str(paths.RACES_CONFIG))
    parser.add_argument("--out", default=str(paths.BUILD_DATA))
    args = parser.parse_args(argv)
    out = Path(args.out)
    try:
        config = load_races(args.config)
        results = build_results(config, Path(args.config).resolve().parent.parent)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    write_parquet(results, out / "results.parquet")
    write_text_if_changed(out / "results.csv", to_csv_text(results))
    print(f"results: {len(results)} rows for {results['race_id'].nunique()} races -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
