"""Deterministic Parquet and CSV writing: same input, byte-identical files.

Rows are sorted by a fixed key, columns follow ``schemas``, no timestamps or pandas metadata are
stored, and files are written to a temporary name and renamed, so a crash never leaves half a
table behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from helpers.data.filings import schemas


def _atomic(target: Path, write) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sort_rows(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    keys = schemas.SORT_KEYS.get(table, schemas.DEFAULT_SORT)
    return frame.sort_values(keys, kind="mergesort", na_position="first").reset_index(drop=True)


def csv_text(frame: pd.DataFrame, table: str) -> str:
    """CSV with dates as YYYY-MM-DD, amounts with two decimals and true/false booleans."""
    out = frame.copy()
    for c in schemas.TABLES[table]:
        if c.kind == "date":
            out[c.name] = out[c.name].dt.strftime("%Y-%m-%d")
        elif c.kind == "bool":
            out[c.name] = out[c.name].map({True: "true", False: "false"})
        elif c.kind == "float":
            out[c.name] = out[c.name].map(lambda v: "" if pd.isna(v) else f"{v:.2f}")
    return out.to_csv(index=False, lineterminator="\n")


def write_table(frame: pd.DataFrame, table: str, out_dir: Path, csv: bool = True) -> None:
    """Validate, then write ``<table>.parquet`` (and ``<table>.csv``) into out_dir."""
    frame = schemas.validate(table, sort_rows(table, schemas.conform(table, frame)))
    arrow = pa.Table.from_pandas(frame, schema=schemas.arrow_schema(table), preserve_index=False)
    arrow = arrow.replace_schema_metadata(None)
    _atomic(
        out_dir / f"{table}.parquet",
        lambda p: pq.write_table(arrow, p, compression="zstd", write_statistics=False),
    )
    if csv:
        text = csv_text(frame, table)
        _atomic(out_dir / f"{table}.csv", lambda p: p.write_text(text, encoding="utf-8"))


def write_json(data: dict, target: Path) -> None:
    text = json.dumps(data, indent=2, sort_keys=True) + "\n"
    _atomic(target, lambda p: p.write_text(text, encoding="utf-8"))
