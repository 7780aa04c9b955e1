"""Where every dataset comes from: the publisher, the local mirror and the download cache.

One config file (``config/sources.yml``) and this module. The pipeline reads the Registrar's
results only through :func:`registrar_files`, which looks in two places:

- the **download cache** (``data/cache/``, git-ignored; ``FTM_CACHE`` moves it): drops that
  :func:`fetch_results` (``make fetch``) saved, one file per drop, named by the drop's own
  TimeStamp and never overwritten;
- the **local mirror** (``../shared/data`` beside the repository when it exists;
  ``FTM_MIRROR=/path`` points elsewhere, ``FTM_NO_MIRROR=1`` ignores it): copies of the
  publisher's files, read in place and never copied into the repository.

A build records what it used (file, origin, publisher TimeStamp, sha256) in
``build/data/sources-manifest.json`` with the datasets it could not find and the command that
gets each one. ``python -m helpers.data.sources`` is the command line behind ``make fetch``,
``make fetch-results`` and the Makefile's list of registrar input files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import http.client
import io
import ipaddress
import json
import os
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from helpers import paths
from helpers.errors import DataError
from helpers.io_atomic import write_text_if_changed

ENV_MIRROR = "FTM_MIRROR"
ENV_NO_MIRROR = "FTM_NO_MIRROR"
ENV_CACHE = "FTM_CACHE"
ENV_LAVOTE_URL = "FTM_LAVOTE_URL"
MANIFEST_NAME = "sources-manifest.json"
MANIFEST_COLUMNS = ["dataset", "kind", "file", "origin", "publisher_timestamp", "sha256", "bytes",
                    "publisher_url"]
USER_AGENT = "follow-the-money-la (data journalism; results fetcher)"
ORIGIN_CACHE = "download cache"
ORIGIN_MIRROR = "mirror"


class FetchError(RuntimeError):
    """A download failed; nothing was saved and every earlier drop is kept."""


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() not in ("", "0", "false", "no", "off")


@dataclass(frozen=True)
class Sources:
    """The sources configuration, resolved against one project root and the environment."""

    root: Path
    config: dict

    @property
    def mirror(self) -> Path | None:
        """The mirror folder, or None (absent, or hidden with FTM_NO_MIRROR=1)."""
        if _truthy(os.environ.get(ENV_NO_MIRROR)):
            return None
        env = os.environ.get(ENV_MIRROR)
        if env:
            folder = Path(env).expanduser()
            if not folder.is_dir():
                raise DataError(ENV_MIRROR, None, None, f"{ENV_MIRROR}={env}: no such folder")
            return folder.resolve()
        folder = (self.root / self.config.get("mirror", "../shared/data")).resolve()
        return folder if folder.is_dir() else None

    @property
    def cache(self) -> Path:
        env = os.environ.get(ENV_CACHE)
        return Path(env).expanduser().resolve() if env else self.root / self.config["cache"]

    @property
    def registrar(self) -> dict:
        return self.config["registrar"]

    def registrar_base_url(self, override: str | None = None) -> str:
        """Where to fetch from: an explicit override, FTM_LAVOTE_URL, else the publisher."""
        base = override or os.environ.get(ENV_LAVOTE_URL) or self.registrar["base_url"]
        return base if base.endswith("/") else base + "/"

    def registrar_urls(self, election: int, base: str | None = None) -> tuple[str, str]:
        """(definitions URL, counts URL) for an election; the publisher's unless ``base``."""
        base = base or self.registrar["base_url"]
        base = base if base.endswith("/") else base + "/"
        reg = self.registrar
        return (base + reg["definitions_path"].format(election=election),
                base + reg["counts_path"].format(election=election))

    def publisher_counts_url(self, election: int) -> str:
        """The publisher's address recorded as every result row's source_url."""
        return self.registrar_urls(election)[1]

    def cache_folder(self, election: int) -> Path:
        return self.cache / self.registrar["cache_folder"].format(election=election)

    def mirror_folder(self) -> Path | None:
        mirror = self.mirror
        return mirror / self.registrar["mirror_folder"] if mirror else None


def load_sources(root: str | Path | None = None) -> Sources:
    """Read config/sources.yml of ``root`` (the project root by default)."""
    root = Path(root) if root else paths.project_root()
    path = root / "config" / "sources.yml"
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataError(path, None, None, "the sources configuration is missing") from exc
    except yaml.YAMLError as exc:
        raise DataError(path, None, None, f"not valid YAML: {exc}") from exc
    for key in ("cache", "registrar"):
        if not isinstance(config, dict) or key not in config:
            raise DataError(path, None, key, "missing from the sources configuration")
    for key in ("base_url", "definitions_path", "counts_path", "mirror_folder",
                "mirror_definitions", "mirror_drops", "cache_folder"):
        if key not in config["registrar"]:
            raise DataError(path, None, f"registrar.{key}", "missing from the sources configuration")
    return Sources(root, config)


# ---- registrar files: what the build reads ---------------------------------------------------

@dataclass(frozen=True)
class FeedFile:
    """One registrar file the build can use, with what the manifest records about it."""

    path: Path
    origin: str
    kind: str  # "definitions" or "drop"
    election_id: int
    timestamp: dt.datetime
    sha256: str
    size: int
    publisher_url: str

    def manifest_row(self) -> dict:
        return {
            "dataset": f"registrar results, election {self.election_id}",
            "kind": self.kind,
            "file": self.path.name,
            "origin": self.origin,
            "publisher_timestamp": self.timestamp.isoformat(),
            "sha256": self.sha256,
            "bytes": self.size,
            "publisher_url": self.publisher_url,
        }


def _candidates(sources: Sources, election: int) -> tuple[list[tuple[Path, str]], list[tuple[Path, str]]]:
    """(definitions files, drop files) found by name, each with its origin; no file is read."""
    reg = sources.registrar
    defs, drops = [], []
    cache = sources.cache_folder(election)
    if cache.is_dir():
        defs += [(p, ORIGIN_CACHE) for p in sorted(cache.glob(f"election_{election}_*.json"))]
        drops += [(p, ORIGIN_CACHE) for p in sorted(cache.glob(f"results_{election}_*.json"))]
    mirror = sources.mirror_folder()
    if mirror and mirror.is_dir():
        one = mirror / reg["mirror_definitions"].format(election=election)
        if one.is_file():
            defs.append((one, ORIGIN_MIRROR))
        drops += [(p, ORIGIN_MIRROR)
                  for p in sorted(mirror.glob(reg["mirror_drops"].format(election=election)))]
    return defs, drops


def input_files(sources: Sources, elections: list[int]) -> list[Path]:
    """Every registrar file the build could read for these elections (for make's prerequisites)."""
    out = []
    for election in elections:
        defs, drops = _candidates(sources, election)
        out += [p for p, _ in defs + drops]
    return out


def _feed_file(path: Path, origin: str, kind: str, election: int, url: str) -> FeedFile:
    from helpers.data.lavote import parse_feed_timestamp, parse_json_bytes

    data = path.read_bytes()
    doc = parse_json_bytes(data, path)
    stamp = parse_feed_timestamp(doc["TimeStamp"], path)
    return FeedFile(path, origin, kind, election, stamp, hashlib.sha256(data).hexdigest(),
                    len(data), url)


@dataclass(frozen=True)
class RegistrarFiles:
    election_id: int
    definitions: FeedFile | None
    drops: list[FeedFile]

    @property
    def complete(self) -> bool:
        return self.definitions is not None and bool(self.drops)


def registrar_files(sources: Sources, election: int) -> RegistrarFiles:
    """The newest definitions and every distinct drop of an election, oldest drop first.

    The same drop (same publisher TimeStamp) found in the cache and the mirror is used once,
    from the cache (the copy fetched straight from the publisher).
    """
    defs_url, counts_url = sources.registrar_urls(election)
    defs, drops = _candidates(sources, election)
    definitions = None
    rank = {ORIGIN_CACHE: 1, ORIGIN_MIRROR: 0}
    for path, origin in defs:
        f = _feed_file(path, origin, "definitions", election, defs_url)
        if definitions is None or (f.timestamp, rank[origin]) > (definitions.timestamp,
                                                                   rank[definitions.origin]):
            definitions = f
    by_time: dict[dt.datetime, FeedFile] = {}
    for path, origin in drops:
        f = _feed_file(path, origin, "drop", election, counts_url)
        kept = by_time.get(f.timestamp)
        if kept is None or rank[origin] > rank[kept.origin]:
            by_time[f.timestamp] = f
    return RegistrarFiles(election, definitions, [by_time[t] for t in sorted(by_time)])


def missing_entry(sources: Sources, election: int, races: list[str], files: RegistrarFiles) -> dict:
    """What is missing for an election and the command that gets it."""
    lacking = []
    if files.definitions is None:
        lacking.append("the election definitions")
    if not files.drops:
        lacking.append("any results drop")
    mirror = sources.mirror_folder()
    where = f"the download cache ({_rel(sources.cache_folder(election), sources.root)}/)"
    where += " or the mirror" if mirror else "; no mirror in use"
    return {
        "dataset": f"registrar results, election {election}",
        "needed_by": sorted(races),
        "why": f"{' and '.join(lacking)} not found in {where}",
        "command": f"make fetch-results ELECTION={election}",
        "alternative": (f"or point `{ENV_MIRROR}` at a folder holding `"
                        f"{sources.registrar['mirror_folder']}/"
                        f"{sources.registrar['mirror_definitions'].format(election=election)}`"),
    }


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def missing_filings(sources: Sources) -> list[dict]:
    """Filings datasets with a download command whose local folder holds no data file."""
    out = []
    for name, ds in sorted((sources.config.get("datasets") or {}).items()):
        local, command = ds.get("local"), ds.get("fetch")
        if not local or not command:
            continue
        folder = sources.root / local
        has_data = folder.is_dir() and any(
            p.is_file() and p.name not in ("manifest.csv", "README.md", ".gitkeep")
            for p in folder.rglob("*"))
        if not has_data:
            out.append({"dataset": f"{ds['title']} ({name})", "needed_by": [],
                        "why": f"no downloaded file in {local}/", "command": command,
                        "alternative": f"publisher: {ds['page']}"})
    return out


def mirrored_filings(sources: Sources) -> dict[str, Path]:
    """Filings datasets read in place from the mirror (config ``mirrored_filings``): label ->
    folder, for those the mirror holds. None when the mirror is absent or hidden."""
    mirror = sources.mirror
    out: dict[str, Path] = {}
    for name, ds in sorted((sources.config.get("mirrored_filings") or {}).items()):
        folder = mirror / ds["mirror_folder"] if mirror else None
        if folder is not None and folder.is_dir():
            out[name] = folder
    return out


def missing_mirrored_filings(sources: Sources) -> list[dict]:
    """Mirrored filings datasets this build cannot read (no mirror, or not in it)."""
    found = mirrored_filings(sources)
    return [
        {"dataset": f"{ds['title']} ({name})", "needed_by": [],
         "why": "read from the local mirror, which this build does not have",
         "command": f"{ENV_MIRROR}=/path/to/mirror make site",
         "alternative": f"the export is published at {ds['page']}"}
        for name, ds in sorted((sources.config.get("mirrored_filings") or {}).items())
        if name not in found
    ]  # fmt: skip


# ---- the manifest a build writes -----------------------------------------------------------

def write_manifest(out_dir: Path, used: list[FeedFile], missing: list[dict]) -> dict:
    """build/data/sources-manifest.json (and .csv): every file used, and what is missing.

    Deterministic: no absolute paths, no fetch times; rewritten only when it changes.
    """
    rows = sorted((f.manifest_row() for f in used),
                  key=lambda r: (r["dataset"], r["kind"] != "definitions", r["publisher_timestamp"],
                                 r["file"]))
    doc = {"files": rows, "missing": missing}
    write_text_if_changed(out_dir / MANIFEST_NAME, json.dumps(doc, indent=2, sort_keys=True) + "\n")
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_text_if_changed(out_dir / "sources-manifest.csv", buf.getvalue())
    return doc


def read_manifest(build_data: Path) -> dict | None:
    """The manifest a build wrote, or None when the data step has not run."""
    path = Path(build_data) / MANIFEST_NAME
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def missing_lines(missing: list[dict]) -> list[str]:
    """One plain line per missing dataset: what, for which races, and the command."""
    lines = []
    for m in missing:
        races = f" (needed by {', '.join(m['needed_by'])})" if m.get("needed_by") else ""
        lines.append(f"{m['dataset']}{races}: {m['why']}. Get it with `{m['command']}`"
                     + (f" ({m['alternative']})" if m.get("alternative") else "") + ".")
    return lines


# ---- fetching from the publisher -----------------------------------------------------------

def _is_loopback(url: str) -> bool:
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def http_get(url: str, timeout: float = 30.0) -> bytes:
    """GET ``url``; any failure (refused, HTTP error, timeout, body cut short) is a FetchError."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http(s) addresses are fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,  # noqa: S310
                                                   "Accept": "application/json"})
    # a loopback server (the tests' replay server) is never reached through a proxy
    handlers = [urllib.request.ProxyHandler({})] if _is_loopback(url) else []
    opener = urllib.request.build_opener(*handlers)
    try:
        with opener.open(request, timeout=timeout) as resp:
            return resp.read()
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: the server answered HTTP {exc.code} {exc.reason}") from exc
    except http.client.IncompleteRead as exc:
        raise FetchError(f"{url}: the response was cut short ({len(exc.partial)} bytes of "
                         f"{len(exc.partial) + (exc.expected or 0)})") from exc
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"{url}: could not download ({reason})") from exc


def _save_new(target: Path, data: bytes) -> None:
    """Write ``target`` once: never overwrite an existing file, never leave half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        try:
            os.link(tmp, target)  # fails if target exists: an earlier file is never replaced
        except FileExistsError as exc:
            raise FetchError(f"{target} already exists; it is never overwritten") from exc
    finally:
        Path(tmp).unlink(missing_ok=True)


def _stamp_name(stamp: dt.datetime) -> str:
    return stamp.strftime("%Y-%m-%dT%H-%M-%S")


def _log(folder: Path, url: str, outcome: str, stamp: dt.datetime | None, data: bytes | None,
         file: str) -> None:
    """Append one line to the cache's fetch log (capture times are kept there, not in names)."""
    log = folder / "fetch-log.csv"
    folder.mkdir(parents=True, exist_ok=True)
    new = not log.exists()
    with open(log, "a", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        if new:
            writer.writerow(["fetched_at_utc", "url", "outcome", "publisher_timestamp", "sha256",
                             "file"])
        writer.writerow([dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(), url, outcome,
                         stamp.isoformat() if stamp else "",
                         hashlib.sha256(data).hexdigest() if data is not None else "", file])


@dataclass
class FetchOutcome:
    election_id: int
    saved: list[Path] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    @property
    def new_drop(self) -> Path | None:
        drops = [p for p in self.saved if p.name.startswith("results_")]
        return drops[0] if drops else None


def fetch_results(sources: Sources, election: int, base_url: str | None = None,
                  timeout: float = 30.0) -> FetchOutcome:
    """Download an election's definitions and newest drop; keep the drop if it is new.

    New-drop rule (the public poller bckohan/lavote_scrape's, see data-sources.md): a response
    is a new drop when its TimeStamp is later than the newest drop already kept (cache or mirror)
    AND its candidate rows (ReferenceType CAND) differ from that drop's. Everything is checked
    before anything is written: a truncated or malformed response, definitions of another
    election, or a drop whose candidates are not that election's raise an error naming the URL
    and the field, and leave every earlier file as it was.
    """
    from helpers.data.lavote import (
        candidate_rows,
        check_drop_matches,
        parse_definitions,
        parse_feed_timestamp,
        parse_json_bytes,
        parse_snapshot,
    )

    base = sources.registrar_base_url(base_url)
    defs_url, counts_url = sources.registrar_urls(election, base)
    folder = sources.cache_folder(election)
    outcome = FetchOutcome(election)

    defs_bytes = http_get(defs_url, timeout)
    defs_doc = parse_json_bytes(defs_bytes, defs_url)
    got = defs_doc["Data"].get("ID") if isinstance(defs_doc["Data"], dict) else None
    if str(got) != str(election):
        raise DataError(defs_url, None, "Data.ID",
                        f"asked for election {election}, the publisher returned election {got!r}; "
                        "nothing saved")
    _, candidates = parse_definitions(defs_doc, defs_url)
    defs_stamp = parse_feed_timestamp(defs_doc["TimeStamp"], defs_url, "TimeStamp")

    counts_bytes = http_get(counts_url, timeout)
    doc = parse_json_bytes(counts_bytes, counts_url)
    stamp, frame = parse_snapshot(doc, counts_url)
    check_drop_matches(counts_url, frame, candidates)

    known = registrar_files(sources, election)
    # definitions: kept when their contests or candidates differ from the newest kept
    old_defs = None
    if known.definitions is not None:
        old_defs = parse_json_bytes(known.definitions.path.read_bytes(), known.definitions.path)
    if old_defs is None or old_defs["Data"] != defs_doc["Data"]:
        target = folder / f"election_{election}_{_stamp_name(defs_stamp)}.json"
        if target.exists():
            raise FetchError(f"{defs_url}: definitions changed but keep the TimeStamp of "
                             f"{target.name}; nothing saved")
        _save_new(target, defs_bytes)
        outcome.saved.append(target)
        outcome.lines.append(f"election {election}: definitions saved as {_rel(target, sources.root)}")
        _log(folder, defs_url, "saved definitions", defs_stamp, defs_bytes, target.name)

    newest = known.drops[-1] if known.drops else None
    if newest is not None and stamp <= newest.timestamp:
        what = "the same TimeStamp as" if stamp == newest.timestamp else "older than"
        outcome.lines.append(
            f"election {election}: no new drop (TimeStamp {stamp.isoformat()} is {what} the newest "
            f"kept, {newest.path.name} from the {newest.origin})")
        _log(folder, counts_url, "not newer", stamp, counts_bytes, "")
        return outcome
    if newest is not None:
        before = candidate_rows(parse_json_bytes(newest.path.read_bytes(), newest.path))
        if candidate_rows(doc) == before:
            outcome.lines.append(
                f"election {election}: no new drop (TimeStamp {stamp.isoformat()} is later, but the "
                f"candidate counts equal those of {newest.path.name})")
            _log(folder, counts_url, "same candidate counts", stamp, counts_bytes, "")
            return outcome
    target = folder / f"results_{election}_{_stamp_name(stamp)}.json"
    _save_new(target, counts_bytes)
    outcome.saved.append(target)
    outcome.lines.append(f"election {election}: new drop {stamp.isoformat()} saved as "
                         f"{_rel(target, sources.root)}")
    _log(folder, counts_url, "saved drop", stamp, counts_bytes, target.name)
    return outcome


# ---- elections the races use ---------------------------------------------------------------

def configured_elections(root: Path) -> dict[int, list[str]]:
    """election id -> race ids, read straight from config/races.yml (no validation, fast)."""
    raw = yaml.safe_load((root / "config" / "races.yml").read_text(encoding="utf-8")) or {}
    out: dict[int, list[str]] = {}
    for race in raw.get("races") or []:
        results = (race or {}).get("results") or {}
        if isinstance(results, dict) and "election_id" in results:
            try:
                out.setdefault(int(results["election_id"]), []).append(str(race.get("id")))
            except (TypeError, ValueError):
                continue
    return out


# ---- command line --------------------------------------------------------------------------

def _cmd_fetch(args: argparse.Namespace, sources: Sources) -> int:
    elections = args.election or sorted(configured_elections(sources.root))
    if not elections:
        print("no race in config/races.yml has registrar results to fetch", file=sys.stderr)
        return 2
    status = 0
    for election in elections:
        try:
            outcome = fetch_results(sources, election, args.base_url, args.timeout)
        except (FetchError, DataError) as exc:
            print(f"error: election {election}: {exc}; nothing saved, earlier drops kept",
                  file=sys.stderr)
            status = 2
            continue
        for line in outcome.lines:
            print(line)
    return status


def _cmd_inputs(args: argparse.Namespace, sources: Sources) -> int:
    files = input_files(sources, sorted(configured_elections(sources.root)))
    text = "".join(f"{p}\n" for p in files)
    if args.state:
        write_text_if_changed(Path(args.state), text)
    print(" ".join(str(p) for p in files))
    return 0


def _cmd_filings_args(args: argparse.Namespace, sources: Sources) -> int:
    """`--also name=folder` for each mirrored filings dataset (the Makefile's filings step);
    with --files, the data files in those folders instead (the step's prerequisites)."""
    folders = mirrored_filings(sources)
    files = sorted(p for f in folders.values() for p in f.rglob("*") if p.is_file())
    also = " ".join(f"--also {name}={folder}" for name, folder in folders.items())
    if args.state:  # rewritten only when it changes: hiding the mirror rebuilds the filings
        write_text_if_changed(Path(args.state), also + "\n" + "".join(f"{p}\n" for p in files))
    print(" ".join(str(p) for p in files) if args.files else also)
    return 0


def _cmd_missing(args: argparse.Namespace, sources: Sources) -> int:
    manifest = read_manifest(Path(args.build_data))
    missing = (manifest or {}).get("missing")
    if missing is None:
        missing = []
        for election, races in sorted(configured_elections(sources.root).items()):
            files = registrar_files(sources, election)
            if not files.complete:
                missing.append(missing_entry(sources, election, races, files))
    missing = missing + missing_filings(sources) + missing_mirrored_filings(sources)
    if not missing:
        print("sources: every configured dataset is available")
        return 0
    print("Missing from this build (pages say so where they need it):")
    for line in missing_lines(missing):
        print(f"  - {line}")
    return 0


def _cmd_show(args: argparse.Namespace, sources: Sources) -> int:
    mirror = sources.mirror
    print(f"mirror: {mirror or 'none'}   cache: {sources.cache}")
    for election, races in sorted(configured_elections(sources.root).items()):
        files = registrar_files(sources, election)
        defs_url, counts_url = sources.registrar_urls(election)
        print(f"registrar election {election} ({', '.join(races)}): {counts_url}")
        used = ([files.definitions] if files.definitions else []) + files.drops
        for f in used:
            print(f"  {f.kind:11} {f.origin:14} {f.timestamp.isoformat()}  {f.path}")
        if not used:
            print("  no files: make fetch-results ELECTION=" + str(election))
    for name, ds in sorted((sources.config.get("datasets") or {}).items()):
        print(f"{name}: {ds['url']}  local: {ds.get('local') or 'none'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.data.sources", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=None, help="project root (default: this checkout)")
    sub = parser.add_subparsers(dest="command", required=True)
    f = sub.add_parser("fetch", help="download definitions and the newest drop (make fetch)")
    f.add_argument("--election", type=int, action="append",
                   help="election id (repeatable; default: every election in config/races.yml)")
    f.add_argument("--base-url", default=None,
                   help=f"registrar API base (default: {ENV_LAVOTE_URL} or config/sources.yml)")
    f.add_argument("--timeout", type=float, default=30.0)
    i = sub.add_parser("inputs", help="print the registrar files the build would read")
    i.add_argument("--state", help="also write the list here, only when it changes")
    m = sub.add_parser("missing", help="say what data is missing and the command that gets it")
    m.add_argument("--build-data", default=str(paths.BUILD_DATA))
    sub.add_parser("show", help="every dataset: publisher URL, mirror, cache, files in use")
    fa = sub.add_parser("filings-args", help="--also arguments for the mirrored filings")
    fa.add_argument("--files", action="store_true", help="list the files instead")
    fa.add_argument("--state", help="also write the arguments and files here, when they change")
    args = parser.parse_args(argv)
    try:
        sources = load_sources(args.root)
        handler = {"fetch": _cmd_fetch, "inputs": _cmd_inputs, "missing": _cmd_missing,
                   "show": _cmd_show, "filings-args": _cmd_filings_args}[args.command]
        return handler(args, sources)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
