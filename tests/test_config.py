"""Config: flags over file over defaults; unknown keys and bad values are errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpusclean import ConfigError
from corpusclean._config import (
    Config,
    config_from_mapping,
    find_config_file,
    load_config,
)


def test_defaults_without_a_file(tmp_path: Path) -> None:
    assert load_config(start=tmp_path) == Config()


def test_reads_tool_table_from_nearest_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.corpusclean]\nmin_quality = 0.4\nskip = ["spam"]\n[tool.corpusclean.steps.dedup]\nthreshold = 0.8\n'
    )
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    config = load_config(start=nested)
    assert config.min_quality == 0.4 and config.skip == ("spam",)
    assert config.steps == {"dedup": {"threshold": 0.8}}
    assert config.with_(min_quality=None, workers=3).min_quality == 0.4


def test_pyproject_without_tool_table_is_not_a_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config_file(tmp_path) is None


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"min_qualty": 0.3}, "unknown setting"),
        ({"format": "xml"}, "format must be"),
        ({"workers": -1}, "workers"),
        ({"min_quality": 2}, "min_quality"),
        ({"skip": 3}, "list of strings"),
        ({"steps": {"dedup": 1}}, "table of tables"),
    ],
)
def test_bad_settings_are_rejected_with_a_message(table: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        config_from_mapping(table)


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / ".corpusclean.toml"
    bad.write_text("min_quality = = 1")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad)


def test_spam_lexicon_files_are_relative_to_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "site.txt").write_text("quantum widget sale\n")
    (tmp_path / ".corpusclean.toml").write_text('spam_lexicon = ["lists/site.txt", "/abs/other.txt"]\n')
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    config = load_config(start=tmp_path)
    assert config.spam_lexicon == (str(Path("..") / "lists" / "site.txt"), "/abs/other.txt")


def test_an_unknown_boilerplate_policy_in_the_config_is_a_config_error() -> None:
    from corpusclean import Config, ConfigError, Pipeline

    with pytest.raises(ConfigError, match="conservative"):
        Pipeline(Config(steps={"boilerplate": {"policy": "bold"}}))
