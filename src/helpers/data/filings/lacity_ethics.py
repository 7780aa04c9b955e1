"""L.A. City Ethics Commission (ethics.lacity.gov): elections, official totals, outside money.

The Commission publishes, per election, each candidate's official totals (including outside money
supporting and opposing) and, per candidate, the independent expenditures behind them. These are
the figures a story reconciles against, so they are read strictly: a cell that cannot be read is a
DataError naming the file, the candidate (row = its position on the page, or in the JSON list)
and the column, never a guessed zero.

UNVERIFIED: the endpoints, the markup and the JSON fields are as third-party public clients read
them (docs/filings.md, "L.A. City Ethics Commission sources"); this project has never reached the
site. Downloads fetch a whole election first, check that every response parses, and only then
save it (helpers.data.filings.snapshots), so a failure or a changed layout leaves the earlier snapshot
whole.
"""

from __future__ import annotations

import html
import http.client
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

import lxml.etree
import lxml.html
import pandas as pd

from helpers.data.filings.download import FetchError
from helpers.data.filings.money import parse_money
from helpers.data.filings.rules.support_oppose import normalise_code
from helpers.data.filings.snapshots import Snapshot, manifest_row, save_snapshots
from helpers.data.filings.statements import calendar_date
from helpers.errors import DataError

DEFAULT_BASE_URL = "https://ethics.lacity.gov"
PUBLIC_BASE_URL = "https://ethics.lacity.gov"  # document links are for readers, never loopback
USER_AGENT = "lausd-money campaign-finance pipeline (python urllib)"
METRICS = [
    "contributions", "expenditures", "cash_on_hand", "matching_funds", "outside_support",
    "outside_oppose", "member_comm_support", "member_comm_oppose",
]  # fmt: skip
TOTALS_COLUMNS = [
    "election_id", "office", "seat_id", "candidate", "candidate_person_id", "elec_seat_cand_id",
    "committee_fppc_id", "committee_name", "committee_count", "reported_through",
    *METRICS[:4], "matching_funds_status", *METRICS[4:], "source_file", "source_row", "source_url",
]  # fmt: skip
IE_FIELDS = [
    "ie_id", "filer_name", "ind_spender", "cand_fname", "cand_lname", "ofc_desc",
    "support_oppose", "ie_amt_xl", "form496_document_id",
]  # fmt: skip
IE_COLUMNS = [
    "ie_id", "spender_name", "spender_fppc_id", "spender_city", "filer_name", "candidate",
    "office", "support_oppose", "amount", "document_url", "elec_seat_cand_id", "source_file",
    "source_row", "source_url",
]  # fmt: skip
SIDES = {"S": "support", "O": "oppose"}
_DIGITS = re.compile(r"[0-9]+")
_COMMITTEE = re.compile(r"^\s*([0-9]{7})\s*-\s*(.*?)\s*$", re.MULTILINE)
_SEAT_CAND = re.compile(r"elec_seat_cand_id=([0-9]+)", re.IGNORECASE)
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SPENDER_ID = re.compile(r"^(?P<name>.*?)\s*[(\[]\s*(?P<id>[0-9]+)\s*[)\]]\s*$", re.DOTALL)


# ---- URLs -------------------------------------------------------------------------------------


def valid_id(value: object, what: str) -> str:
    text = str(value).strip()
    if not _DIGITS.fullmatch(text):
        raise ValueError(f"{what} must be digits, got {value!r}")
    return text


def elections_url(base_url: str = DEFAULT_BASE_URL) -> str:
    return f"{base_url.rstrip('/')}/elections/"


def totals_url(election_id: str | int, base_url: str = DEFAULT_BASE_URL) -> str:
    query = urlencode({"method": "ElectionTotalsResults", "useBS4Tabs": "yes", "showdates": "yes",
                       "election_id": valid_id(election_id, "election id")})  # fmt: skip
    return f"{base_url.rstrip('/')}/cfcs/Display/DisplayPanels.cfc?{query}"


def ie_url(elec_seat_cand_id: str | int, side: str, base_url: str = DEFAULT_BASE_URL) -> str:
    """Independent expenditures for one candidate; ``side`` is S (supporting) or O (opposing)."""
    if side not in SIDES:
        raise ValueError(f"side must be S or O, got {side!r}")
    query = urlencode({
        "dtQuery": "cmpIndExpenditureSearch", "search_type_id": "14", "support_oppose_flg": side,
        "mc_flg": "0", "elec_seat_cand_id": valid_id(elec_seat_cand_id, "elec_seat_cand_id"),
        "layout": "compact",
    })  # fmt: skip
    return f"{base_url.rstrip('/')}/dataresults?{query}"


def document_url(document_id: str) -> str:
    return f"{PUBLIC_BASE_URL}/viewdoc/{document_id}"


# ---- HTML pages -------------------------------------------------------------------------------


def _html_root(data: bytes | str, source_file: str) -> lxml.html.HtmlElement:
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DataError(source_file, None, None, f"not UTF-8 text (byte {exc.start})") from exc
    try:
        return lxml.html.document_fromstring(data)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise DataError(source_file, None, None, f"not a readable HTML page ({exc})") from exc


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def parse_elections_index(data: bytes | str, source_file: str) -> list[tuple[str, str]]:
    """(election id, description) for each option of ``<select name="election_id">``."""
    root = _html_root(data, source_file)
    selects = root.xpath('//select[@name="election_id"]')
    if not selects:
        raise DataError(source_file, None, "election_id", 'no <select name="election_id">')
    elections = []
    for position, option in enumerate(selects[0].iter("option"), start=1):
        value, text = (option.get("value") or "").strip(), _clean(option.text_content())
        if value == "":
            continue  # the "choose an election" placeholder
        if not _DIGITS.fullmatch(value):
            raise DataError(source_file, position, "election_id",
                            f"option {text!r} has a non-numeric value {value!r}")  # fmt: skip
        elections.append((value, text))
    if not elections:
        raise DataError(source_file, None, "election_id", "the election list has no options")
    return elections


@dataclass
class _Candidate:
    """One candidate's block: everything between its ``<a name="C…">`` anchor and the next."""

    person_id: str
    position: int
    office: str
    seat_id: str
    main: list = field(default_factory=list)  # elements before the detail rows
    detail: list = field(default_factory=list)


def _blocks(root: lxml.html.HtmlElement, source_file: str) -> list[_Candidate]:
    """Walk the page in document order; office sections start at ``<a name="S…">`` + ``<h4>``."""
    office, seat, current, blocks = "", "", None, []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = el.get("name") or ""
        if el.tag == "a" and re.fullmatch(r"S[0-9]+", name):
            office, seat, current = "", name[1:], None
        elif el.tag == "h4":
            office, current = _clean(el.text_content()).rstrip(":").strip(), None
        elif el.tag == "a" and re.fullmatch(r"C[0-9]+", name):
            if not office:
                raise DataError(source_file, len(blocks) + 1, "office",
                                "candidate appears before any office heading")  # fmt: skip
            current = _Candidate(name[1:], len(blocks) + 1, office, seat)
            blocks.append(current)
        elif current is not None:
            classes = (el.get("class") or "").split()
            is_detail_row = el.tag == "tr" and any(
                c.startswith(f"C{current.person_id}_detail") for c in classes
            )
            (current.detail if is_detail_row or current.detail else current.main).append(el)
    if not blocks:
        raise DataError(source_file, None, None,
                        'no candidate rows (<a name="C…"> anchors): has the page layout changed?')  # fmt: skip
    return blocks


def _leaf_cells(elements: list) -> list:
    return [el for el in elements if el.tag == "td" and not el.xpath(".//td")]


def _metric_cells(block: _Candidate, err) -> tuple[str, list[str]]:
    """(reported-through text, eight totals texts): the current layout marks totals with a
    ``border-top`` style; older pages put the date and the totals in nine right-aligned cells."""
    cells = _leaf_cells(block.main)
    marked = [c for c in cells if "border-top" in (c.get("style") or "").replace(" ", "").lower()]
    right = [c for c in cells if (c.get("align") or "").lower() == "right" and c not in marked]
    if marked:
        if len(marked) != len(METRICS):
            raise err("totals", f"{len(marked)} total cells, expected {len(METRICS)}")
        if not right:
            raise err("reported_through", "no reported-through cell")
        return _clean(right[0].text_content()), [_clean(c.text_content()) for c in marked]
    if len(right) != len(METRICS) + 1:
        raise err("totals", f"{len(right)} right-aligned cells, expected {len(METRICS) + 1}"
                  " (reported-through date and eight totals)")  # fmt: skip
    texts = [_clean(c.text_content()) for c in right]
    return texts[0], texts[1:]


def _candidate_name(block: _Candidate) -> str:
    for el in block.main:
        if "candidatelink" in (el.get("class") or "").split():
            strong = el.xpath(".//strong")
            return _clean((strong[0] if strong else el).text_content())
    return ""


def _seat_cand_ids(block: _Candidate) -> list[str]:
    found = []
    for el in block.main + block.detail:
        for value in el.attrib.values():
            found += [m for m in _SEAT_CAND.findall(value) if m not in found]
    return found


def _committees(block: _Candidate) -> list[tuple[str, str]]:
    """Committee lines ("1234567 - NAME") in the block, first spelling of each id."""
    found: dict[str, str] = {}
    for el in block.main + block.detail:
        for text in (el.text, el.tail):
            for committee_id, name in _COMMITTEE.findall(text or ""):
                found.setdefault(committee_id, _clean(name))
    return list(found.items())


def parse_election_totals(
    data: bytes | str, source_file: str, election_id: str | int, source_url: str = ""
) -> pd.DataFrame:
    """The ``ElectionTotalsResults`` page to one row per candidate (TOTALS_COLUMNS); dollars."""
    election_id = valid_id(election_id, "election id")
    rows, seen = [], {}
    for block in _blocks(_html_root(data, source_file), source_file):
        candidate = _candidate_name(block)

        def err(column: str, reason: str, block=block, candidate=candidate) -> DataError:
            who = f"candidate {candidate or block.person_id!r} ({block.office})"
            return DataError(source_file, block.position, column, f"{who}: {reason}")

        if not candidate:
            raise err("candidate", "no candidate name (class candidatelink)")
        ids = _seat_cand_ids(block)
        if len(ids) != 1:
            raise err("elec_seat_cand_id", f"expected one elec_seat_cand_id link, found {ids}")
        if ids[0] in seen:
            raise err("elec_seat_cand_id", f"{ids[0]} also belongs to row {seen[ids[0]]}")
        seen[ids[0]] = block.position
        reported_text, totals = _metric_cells(block, err)
        try:
            reported = calendar_date(reported_text)
        except ValueError as exc:
            raise err("reported_through", str(exc)) from None
        row = {"election_id": election_id, "office": block.office, "seat_id": block.seat_id,
               "candidate": candidate, "candidate_person_id": block.person_id,
               "elec_seat_cand_id": ids[0], "reported_through": reported,
               "matching_funds_status": ""}  # fmt: skip
        for column, text in zip(METRICS, totals, strict=True):
            if column == "matching_funds" and text.upper() == "ACCEPTED":
                row[column], row["matching_funds_status"] = None, "ACCEPTED"
                continue
            try:
                cents = parse_money(text)
            except ValueError as exc:
                raise err(column, str(exc)) from None
            if cents is None:
                raise err(column, "empty amount cell")
            row[column] = cents / 100
        committees = _committees(block)
        row["committee_fppc_id"] = "; ".join(c for c, _ in committees)
        row["committee_name"] = "; ".join(n for _, n in committees)
        row["committee_count"] = len(committees)
        rows.append({**row, "source_file": source_file, "source_row": block.position,
                     "source_url": source_url})  # fmt: skip
    frame = pd.DataFrame(rows, columns=TOTALS_COLUMNS)
    frame["reported_through"] = pd.to_datetime(frame["reported_through"]).astype("datetime64[s]")
    return frame.astype({c: "float64" for c in METRICS})


# ---- independent expenditures (JSON) ----------------------------------------------------------


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number a filing can hold")


def _json(data: bytes | str, source_file: str) -> list:
    try:
        payload = json.loads(data, parse_float=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise DataError(source_file, None, None, f"not valid JSON ({exc.msg} at line {exc.lineno}"
                        f" column {exc.colno}); the response may be truncated") from exc  # fmt: skip
    except (ValueError, UnicodeDecodeError) as exc:
        raise DataError(source_file, None, None, f"not valid JSON ({exc})") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
        raise DataError(source_file, None, "data", 'expected an object with a "data" list')
    return payload["data"]


def _field_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"unexpected {type(value).__name__} value {value!r}")


def _amount_cents(value: object) -> int:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"no amount ({value!r})")
    if isinstance(value, int | Decimal):
        cents = Decimal(value) * 100
        if cents != cents.to_integral_value():
            raise ValueError(f"amount {value} has fractions of a cent")
        if abs(cents) >= Decimal(10) ** 15:
            raise ValueError(f"amount {value} is too large")
        return int(cents)
    if isinstance(value, str):
        cents = parse_money(value)
        if cents is None:
            raise ValueError("empty amount")
        return cents
    raise ValueError(f"unexpected {type(value).__name__} amount {value!r}")


def _spender(text: str) -> tuple[str, str, str]:
    """'Name (1234567)<br>City' to (name, id, city); the id may be in square brackets."""
    first, *rest = _BR.split(text, maxsplit=1)
    first = _clean(html.unescape(_TAG.sub(" ", first)))
    city = _clean(html.unescape(_TAG.sub(" ", _BR.sub(" ", "".join(rest)))))
    match = _SPENDER_ID.fullmatch(first)
    return (match["name"].strip(), match["id"], city) if match else (first, "", city)


def _ie_row(record: dict, err) -> dict:
    missing = [f for f in IE_FIELDS if f not in record]
    if missing:
        raise err(missing[0], "field missing from the record")
    cells = {}
    for name in IE_FIELDS:
        if name == "ie_amt_xl":
            continue
        try:
            cells[name] = _field_text(record[name])
        except ValueError as exc:
            raise err(name, str(exc)) from None
    if not cells["ie_id"]:
        raise err("ie_id", "empty expenditure id")
    side = normalise_code(cells["support_oppose"])
    if side is None:
        raise err(
            "support_oppose", f"neither supporting nor opposing: {record['support_oppose']!r}"
        )
    try:
        amount = _amount_cents(record["ie_amt_xl"]) / 100
    except ValueError as exc:
        raise err("ie_amt_xl", str(exc)) from None
    name, fppc_id, city = _spender(cells["ind_spender"])
    name = name or cells["filer_name"]
    if not name:
        raise err("ind_spender", "no spender name (ind_spender and filer_name are empty)")
    last, first = cells["cand_lname"], cells["cand_fname"]
    if not (last or first):
        raise err("cand_lname", "no candidate name")
    doc = cells["form496_document_id"]
    if doc and not _DIGITS.fullmatch(doc):
        raise err("form496_document_id", f"not a document number: {doc!r}")
    return {
        "ie_id": cells["ie_id"], "spender_name": name, "spender_fppc_id": fppc_id,
        "spender_city": city, "filer_name": cells["filer_name"],
        "candidate": ", ".join(p for p in (last, first) if p), "office": cells["ofc_desc"],
        "support_oppose": side, "amount": amount, "document_url": document_url(doc) if doc else "",
    }  # fmt: skip


def parse_independent_expenditures(
    data: bytes | str, source_file: str, elec_seat_cand_id: str | int, source_url: str = ""
) -> pd.DataFrame:
    """One ``cmpIndExpenditureSearch`` response to IE_COLUMNS rows (row = position in "data")."""
    cand = valid_id(elec_seat_cand_id, "elec_seat_cand_id")
    rows = []
    for position, record in enumerate(_json(data, source_file), start=1):

        def err(column, reason, position=position) -> DataError:
            return DataError(source_file, position, column, reason)

        if not isinstance(record, dict):
            raise err(None, f"record is a {type(record).__name__}, not an object")
        rows.append({**_ie_row(record, err), "elec_seat_cand_id": cand,
                     "source_file": source_file, "source_row": position,
                     "source_url": source_url})  # fmt: skip
    if not rows:
        return empty_independent_expenditures()
    return pd.DataFrame(rows, columns=IE_COLUMNS).astype({"amount": "float64"})


def empty_independent_expenditures() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="float64" if c == "amount" else "object")
                         for c in IE_COLUMNS})  # fmt: skip


# ---- downloads --------------------------------------------------------------------------------


def _get(url: str, timeout: float, previous: str) -> bytes:
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"not an http(s) URL: {url}")
    # Scheme checked above: no file:// or custom schemes reach urllib.
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.read()
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        raise FetchError(f"network failure fetching {url} ({exc}); {previous}") from exc


def _previous(raw_dir: Path, rel: str, companions: str = "") -> str:
    if not (raw_dir / rel).exists():
        return "nothing saved; no previous snapshot exists"
    row = manifest_row(raw_dir, rel)
    when = f" (fetched {row['fetched_at_utc']})" if row else ""
    return f"nothing saved; previous snapshot {rel}{when}{companions} left intact"


def _checked(parse, body: bytes, url: str, previous: str):
    try:
        return parse(body)
    except DataError as exc:
        raise FetchError(f"response from {url} is not usable ({exc}); {previous}") from exc


def fetch_elections_index(
    raw_dir: str | Path, *, base_url: str = DEFAULT_BASE_URL, timeout: float = 60.0
) -> Snapshot:
    """Save the elections index page as ``<raw>/elections.html``."""
    raw_dir, rel, url = Path(raw_dir), "elections.html", elections_url(base_url)
    previous = _previous(raw_dir, rel)
    body = _get(url, timeout, previous)
    _checked(lambda b: parse_elections_index(b, rel), body, url, previous)
    return save_snapshots(raw_dir, [(rel, url, body)])[0]


def fetch_election(
    election_id: str | int,
    raw_dir: str | Path,
    *,
    base_url: str = DEFAULT_BASE_URL,
    timeout: float = 60.0,
) -> list[Snapshot]:
    """Fetch one election's totals and every candidate's supporting/opposing IEs, check that
    each parses, then save them all under ``<raw>/<election_id>/`` (nothing is saved if any
    request fails)."""
    raw_dir, election_id = Path(raw_dir), valid_id(election_id, "election id")
    rel = f"{election_id}/totals.html"
    previous = _previous(raw_dir, rel, " and its IE files")
    url = totals_url(election_id, base_url)
    body = _get(url, timeout, previous)
    totals = _checked(
        lambda b: parse_election_totals(b, rel, election_id, url), body, url, previous
    )
    responses = [(rel, url, body)]
    for cand in totals["elec_seat_cand_id"]:
        for side in SIDES:
            ie_rel, ie_address = (
                f"{election_id}/ie_{cand}_{side}.json",
                ie_url(cand, side, base_url),
            )
            ie_body = _get(ie_address, timeout, previous)
            _checked(lambda b, r=ie_rel, c=cand: parse_independent_expenditures(b, r, c),
                     ie_body, ie_address, previous)  # fmt: skip
            responses.append((ie_rel, ie_address, ie_body))
    return save_snapshots(raw_dir, responses)
