import json
import subprocess
import sys
from pathlib import Path

from tests.matching.test_explain import COHORT

ROOT = Path(__file__).resolve().parents[2]


def run(*args, stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "eig.matching", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_the_command_line_reads_an_instance_and_writes_the_result():
    done = run(stdin=json.dumps(COHORT))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert sorted(result) == [
        "challenge_explanations",
        "checks",
        "closed",
        "explanations",
        "lottery",
        "mode",
        "seats",
        "seed",
        "stability_given_up",
        "teams",
        "unassigned",
        "understaffed",
    ]
    assert result["teams"]["d2"] == []
    assert result["unassigned"] == ["c6"]
    assert result["understaffed"] == ["d2"]
    assert result["mode"] == "min_size"


def test_stable_only_skips_the_minimum_size_step():
    done = run("--stable-only", "--compact", stdin=json.dumps(COHORT))
    result = json.loads(done.stdout)
    assert result["teams"]["d2"] == ["c6"]
    assert result["stability_given_up"] == []
    assert len(done.stdout.splitlines()) == 1


def test_a_bad_instance_is_refused_on_stderr():
    done = run(stdin='{"candidates": [{"id": "c1", "profile": "developer", "choices": ["x"]}]}')
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Instance invalide : c1 : défi inconnu dans « choices » : 'x'." in done.stderr
    assert run(stdin="{").returncode == 2
