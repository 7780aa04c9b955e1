"""The races configuration is validated before anything runs, with the faulty field named."""

from __future__ import annotations

import json
import os

import pytest
import yaml

from helpers.data.races import load_race, load_races, write_params
from helpers.errors import DataError


def write_config(tmp_path, races):
    (tmp_path / "config").mkdir(exist_ok=True)
    path = tmp_path / "config" / "races.yml"
    path.write_text(yaml.safe_dump({"races": races}))
    return path


BASE = {
    "id": "la-cd5-2024", "title": "T", "short_title": "S", "jurisdiction": "la-city",
    "office": "City Council", "district": 5, "primary_date": "2024-03-05",
}


def test_the_committed_config_is_valid_and_features_district_1(root):
    config = load_races(root / "config" / "races.yml")
    ids = [r.id for r in config.races]
    assert ids[0] == "lausd-d1-2024"
    assert {"lausd-d3-2024", "lausd-d5-2024", "lausd-d7-2024"} <= set(ids)
    featured = [r for r in config.races if r.featured]
    assert [r.id for r in featured] == ["lausd-d1-2024"]
    d1 = config.races[0]
    assert (d1.results.election_id, d1.results.contest_id) == (4324, 9497)
    assert {c.registrar_id for c in d1.candidates if c.registrar_id} == {23383, 23384}


def test_a_race_without_results_is_allowed(tmp_path):
    config = load_races(write_config(tmp_path, [BASE]))
    assert config.races[0].results is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id": "Bad ID"}, "id"),
        ({"jurisdiction": "county"}, "jurisdiction"),
        ({"primary_date": "2024-02-30"}, "primary_date"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_bad_field_is_named(tmp_path, change, field):
    path = write_config(tmp_path, [{**BASE, **change}])
    with pytest.raises(DataError) as err:
        load_races(path)
    assert "races.yml" in str(err.value)
    assert field in str(err.value)
    assert "race entry 1" in str(err.value)


def test_duplicate_race_ids_are_rejected(tmp_path):
    with pytest.raises(DataError, match="unique"):
        load_races(write_config(tmp_path, [BASE, BASE]))


def test_results_name_an_election_and_a_contest_not_files(tmp_path):
    # the feed files come through helpers.data.sources; a race whose files are absent still loads
    race = {**BASE, "results": {"election_id": 4338, "contest_id": 1}}
    config = load_races(write_config(tmp_path, [race]))
    assert (config.races[0].results.election_id, config.races[0].results.contest_id) == (4338, 1)
    old_style = {**BASE, "results": {"definitions": "x.json", "snapshots": "x*.json", "contest_id": 1}}
    with pytest.raises(DataError, match="results.election_id"):
        load_races(write_config(tmp_path, [old_style]))


def test_unknown_race_lists_the_known_ones(tmp_path):
    path = write_config(tmp_path, [BASE])
    with pytest.raises(DataError, match="la-cd5-2024"):
        load_race("nope", path)


def test_params_files_are_rewritten_only_when_they_change(tmp_path):
    config = load_races(write_config(tmp_path, [BASE]))
    out = tmp_path / "params"
    [target] = write_params(out, config)
    assert json.loads(target.read_text()) == {"race_id": "la-cd5-2024"}
    before = target.stat().st_mtime_ns
    write_params(out, config)
    assert target.stat().st_mtime_ns == before


# ---- scopes: groups of races a source reports on together ---------------------------------

OTHER = {**BASE, "id": "la-cd7-2024", "district": 7}


def write_scopes(tmp_path, scopes, races=(BASE, OTHER)):
    path = write_config(tmp_path, list(races))
    config = yaml.safe_load(path.read_text())
    path.write_text(yaml.safe_dump({**config, "scopes": scopes}))
    return path


def test_the_committed_config_declares_the_2024_lausd_scope(root):
    raw = yaml.safe_load((root / "config" / "races.yml").read_text())
    [scope] = [s for s in raw["scopes"] if s["id"] == "lausd-all-2024"]
    assert set(scope["members"]) == {"lausd-d1-2024", "lausd-d3-2024", "lausd-d5-2024",
                                     "lausd-d7-2024"}
    config = load_races(root / "config" / "races.yml")
    assert config.scope_members()["lausd-all-2024"] == frozenset(scope["members"])
    assert config.scope_descriptions()["lausd-all-2024"] == scope["description"]


def test_a_scope_lists_its_members_and_describes_them(tmp_path):
    scope = {"id": "la-cd-both-2024", "description": "both council races", "members":
             ["la-cd5-2024", "la-cd7-2024"]}
    config = load_races(write_scopes(tmp_path, [scope]))
    assert config.scope_members() == {"la-cd-both-2024": {"la-cd5-2024", "la-cd7-2024"}}
    assert config.scope_descriptions() == {"la-cd5-2024": "T", "la-cd7-2024": "T",
                                           "la-cd-both-2024": "both council races"}


def test_a_config_without_scopes_has_none(tmp_path):
    assert load_races(write_config(tmp_path, [BASE])).scope_members() == {}


def test_a_scope_naming_an_unknown_race_fails_at_load(tmp_path):
    scope = {"id": "la-cd-both-2024", "description": "d", "members": ["la-cd5-2024", "la-cd9-2024"]}
    with pytest.raises(DataError) as err:
        load_races(write_scopes(tmp_path, [scope]))
    message = str(err.value)
    assert "races.yml" in message and "scope entry 1 (la-cd-both-2024)" in message
    assert "la-cd9-2024" in message and "la-cd5-2024" not in message.split("members")[1]


def test_a_scope_id_may_not_be_a_race_id(tmp_path):
    scope = {"id": "la-cd5-2024", "description": "d", "members": ["la-cd5-2024", "la-cd7-2024"]}
    with pytest.raises(DataError, match=r"scope entry 1 \(la-cd5-2024\): id is also a race id"):
        load_races(write_scopes(tmp_path, [scope]))


def test_scope_ids_are_unique(tmp_path):
    scope = {"id": "la-cd-both-2024", "description": "d", "members": ["la-cd5-2024", "la-cd7-2024"]}
    with pytest.raises(DataError, match="scope entry 2 .*repeated"):
        load_races(write_scopes(tmp_path, [scope, scope]))


@pytest.mark.parametrize(
    ("change", "field"),
    [({"id": "Bad Scope"}, "id"), ({"description": ""}, "description"),
     ({"members": ["la-cd5-2024"]}, "members"), ({"colour": "red"}, "colour")],
)
def test_a_bad_scope_field_is_named(tmp_path, change, field):
    scope = {"id": "la-cd-both-2024", "description": "d", "members": ["la-cd5-2024", "la-cd7-2024"]}
    with pytest.raises(DataError) as err:
        load_races(write_scopes(tmp_path, [{**scope, **change}]))
    assert err.value.column == field
    assert "scope entry 1" in str(err.value)


def test_each_race_entry_is_kept_beside_its_params_and_rewritten_only_when_it_changes(tmp_path):
    """make reruns a race's notebooks when its <race>.race.json changes (Makefile)."""
    path = write_config(tmp_path, [BASE, OTHER])
    out = tmp_path / "params"
    write_params(out, load_races(path))
    first, other = out / "la-cd5-2024.race.json", out / "la-cd7-2024.race.json"
    assert json.loads(first.read_text())["title"] == "T"
    assert json.loads(other.read_text())["district"] == 7
    for p in out.iterdir():  # back-date, so a rewrite shows whatever the clock's granularity
        os.utime(p, ns=(1_000_000_000, 1_000_000_000))
    times = {p: p.stat().st_mtime_ns for p in out.iterdir()}
    write_params(out, load_races(write_config(tmp_path, [{**BASE, "title": "New title"}, OTHER])))
    assert json.loads(first.read_text())["title"] == "New title"
    changed = sorted(p.name for p in out.iterdir() if p.stat().st_mtime_ns != times[p])
    assert changed == ["la-cd5-2024.race.json"]
