"""The `corpusclean` command end to end, in subprocesses and through `main([...])`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED_FILES, SEEDS

from corpusclean._io.manifest import read_manifest, restore_input
from corpusclean.cli import main


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "corpusclean.cli", *args], capture_output=True, text=True, cwd=cwd,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds-out")
    result = _run("clean", str(SEEDS), "-o", str(out), "--workers", "2")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""  # data and summaries never mix: the summary is on stderr
    assert "5 documents" in result.stderr and "\r" not in result.stderr  # no progress bar when piped
    return out


def test_clean_seeds_writes_five_outputs_and_five_manifest_records(seeds_run: Path) -> None:
    records = list(read_manifest(seeds_run / "manifest.jsonl"))
    assert [r["id"] for r in records] == [p.name for p in SEED_FILES]
    assert sorted(p.name for p in seeds_run.glob("*.txt")) == [p.name for p in SEED_FILES]
    assert all(r["status"] in ("kept", "changed") for r in records)
    assert all(r["sha256"] and r["encoding"] == "utf-8" and r["language"] for r in records)


def test_manifest_and_output_restore_every_seed(seeds_run: Path) -> None:
    for record in read_manifest(seeds_run / "manifest.jsonl"):
        output = (seeds_run / record["output"]).read_text(encoding="utf-8")
        original = (SEEDS / record["id"]).read_text(encoding="utf-8")
        assert restore_input(record, output) == original, record["id"]
        assert all(e["before"] != e["after"] for e in record["edits"])


def test_worker_count_gives_byte_identical_output(seeds_run: Path, tmp_path: Path) -> None:
    assert main(["clean", str(SEEDS), "-o", str(tmp_path), "--workers", "1", "-q"]) == 0
    for produced in sorted(seeds_run.iterdir()):
        assert (tmp_path / produced.name).read_bytes() == produced.read_bytes(), produced.name


def test_bad_inputs_are_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("A perfectly ordinary English sentence about the weather today.\n")
    (src / "binary.bin").write_bytes(bytes(range(256)) * 40)
    (src / "empty.txt").write_bytes(b"")
    with open(src / "huge.txt", "wb") as handle:  # a 200 MB single line
        chunk = b"x" * (1 << 20)
        for _ in range(200):
            handle.write(chunk)
    result = _run("clean", str(src), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    for name, reason in (("binary.bin", "binary"), ("empty.txt", "empty"), ("huge.txt", "too-large")):
        assert f"warning: {name}: dropped as {reason}" in result.stderr
    records = {r["id"]: r for r in read_manifest(tmp_path / "out" / "manifest.jsonl")}
    assert records["huge.txt"]["reason"] == "too-large"
    assert records["good.txt"]["status"] in ("kept", "changed")
    assert len(records) == 4


def test_json_summary_goes_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clean", str(SEEDS), "--dry-run", "--json", "--workers", "1"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["documents"] == 5
    assert summary["kept"] + summary["changed"] + sum(summary["dropped"].values()) == 5


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["clean", "SEEDS"], 2, "give an output folder"),
        (["clean", "SEEDS/nope", "-o", "OUT"], 2, "no such file"),
        (["clean", "SEEDS", "-o", "SEEDS/out"], 3, "inside input"),
        (["clean", "EMPTY", "-o", "OUT"], 4, "0 documents"),
        (["clean", "SEEDS", "-o", "OUT", "--config", "BADCONFIG"], 2, "unknown setting"),
        (["clean", "SEEDS", "-o", "AFILE"], 3, "is an existing file"),
        (["clean", "SEEDS", "-o", "AFILE/sub"], 3, "is a file"),
        (["clean", "SEEDS", "-o", "LOCKED/out"], 3, "no write permission"),
        (["check", "SEEDS/000_526c28e0b012f884.txt", "--against", "EMPTY/nope"], 2, "no such corpus folder"),
    ],
)
def test_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], code: int, message: str) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "bad.toml").write_text("speed = 11\n")
    (tmp_path / "afile").write_text("x")
    (tmp_path / "locked").mkdir(mode=0o500)
    if "LOCKED/out" in args and os.access(tmp_path / "locked", os.W_OK):
        pytest.skip("running as a user who can write anywhere (root)")
    names = {"SEEDS": str(SEEDS), "OUT": str(tmp_path / "out"), "EMPTY": str(tmp_path / "empty"), "BADCONFIG": str(tmp_path / "bad.toml")}
    resolved = [names.get(a, a) for a in args]
    for name, path in {"SEEDS/": SEEDS, "AFILE": tmp_path / "afile", "LOCKED/": tmp_path / "locked", "EMPTY/": tmp_path / "empty"}.items():
        resolved = [a.replace(name, str(path) + ("/" if name.endswith("/") else "")) for a in resolved]
    assert main(resolved) == code
    assert message in capsys.readouterr().err


def test_spam_lexicon_file_removes_a_sites_phrases(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Seed 002's pasted product phrase is only a candidate unasked; a lexicon file of the site's
    phrases (comments and blank lines allowed) removes it, and a missing file is a usage error."""
    seed = str(SEEDS / "002_f8df8fdb0c928cbd.txt")
    lexicon = tmp_path / "site_keywords.txt"
    lexicon.write_text("# phrases this site pastes\n\nadopt pure aluminum fin evaporator\n", encoding="utf-8")
    assert main(["explain", seed]) == 0
    assert "[spam/lexicon-phrase]" not in capsys.readouterr().out
    assert main(["explain", seed, "--spam-lexicon", str(lexicon)]) == 0
    assert "[spam/lexicon-phrase]" in capsys.readouterr().out
    assert main(["explain", seed, "--spam-lexicon", str(tmp_path / "missing.txt")]) == 2
    assert "no such file" in capsys.readouterr().err
    lexicon.write_text("\ufeff# a BOM and a comment first\nadopt pure aluminum fin evaporator\n----\n", encoding="utf-8")
    assert main(["explain", seed, "--spam-lexicon", str(lexicon)]) == 2
    assert "'----' holds no letter or digit" in capsys.readouterr().err


def test_a_lexicon_written_as_one_string_in_the_config_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[steps.spam]\nlexicon = "cat"\n', encoding="utf-8")
    assert main(["explain", str(SEEDS / "002_f8df8fdb0c928cbd.txt"), "--config", str(config)]) == 2
    assert "not one string" in capsys.readouterr().err


def test_usage_error_from_argparse_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["clean", "x", "--skip", "nonsense"])
    assert exit_info.value.code == 2


def test_explain_lists_edits_with_reasons(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(SEEDS / "002_f8df8fdb0c928cbd.txt")]) == 0
    out = capsys.readouterr().out
    assert "[boilerplate/" in out and "Copyright" in out
    assert "language: \"en\"" in out


def test_explain_shows_what_was_flagged_and_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A doubtful splice is reported, not removed: explain must show which span and why."""
    path = tmp_path / "treaty.txt"
    path.write_text("The treaty was subject to ratification by both parliaments before it took effect.\n", encoding="utf-8")
    assert main(["explain", str(path)]) == 0
    out = capsys.readouterr().out
    assert 'flags: ["possible-splice"]' in out and '"text": "subject to"' in out and '"reason": "lexicon-phrase"' in out


def test_inputs_are_never_modified(seeds_run: Path) -> None:
    import hashlib

    expected = {
        "000": "9270f5adc30c83c951b744326bb24dacea1584ab5b5741a1bca06f8e13997da1",
        "001": "bf4e4a3bb144b60dd09849b08899962979ee685bb5b48776b5745b85ef03af4b",
        "002": "fbbcd97b860fbb5b2347f1e43244d0f5c1a55b295bbb0fb7ad6f365399321cc0",
        "003": "88aa6d58613bd2ef2cd3ab24773f255ced893212d9e0a1a03f849a5bdd418728",
        "004": "c280c3291ce761ff19ca4ff6f1819bc210134ca53066c80d23e3d6e515a68063",
    }
    for seed in SEED_FILES:
        assert hashlib.sha256(seed.read_bytes()).hexdigest() == expected[seed.name[:3]]


def test_stdin_jsonl_is_read_as_documents(tmp_path: Path) -> None:
    lines = "\n".join(json.dumps({"id": f"s{i}", "text": f"Document number {i} is about something else entirely, {i * 7}."}) for i in range(3))
    result = subprocess.run(
        [sys.executable, "-m", "corpusclean.cli", "clean", "-", "-o", str(tmp_path / "out"), "--format", "jsonl"],
        input=lines, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    written = [json.loads(l)["id"] for l in (tmp_path / "out" / "documents.jsonl").read_text().splitlines()]
    assert written == ["s0", "s1", "s2"]


@pytest.mark.parametrize("policy", ["conservative", "aggressive"])
def test_boilerplate_policy_flag_reaches_the_step(tmp_path: Path, policy: str) -> None:
    from corpusclean.cli import build_parser, config_from_args

    args = build_parser().parse_args(["clean", str(SEEDS), "-o", str(tmp_path), "--boilerplate-policy", policy])
    assert config_from_args(args).steps["boilerplate"]["policy"] == policy
    assert main(["clean", str(SEEDS), "-o", str(tmp_path), "--workers", "1", "-q", "--boilerplate-policy", policy]) == 0


def test_an_unknown_boilerplate_policy_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["clean", str(SEEDS), "--dry-run", "--boilerplate-policy", "bold"])
    assert exit_info.value.code == 2
    assert "conservative" in capsys.readouterr().err
