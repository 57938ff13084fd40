"""The import contracts of pyproject.toml (`lint-imports`, run by `make quality`)
name every package, and a domain module that imports the web layer breaks them.

The failing case runs on a copy of the package's Python files in a temporary
directory, so that the probe module never appears in the working tree.
"""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = {
    contract["id"]: contract
    for contract in tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
        "contracts"
    ]
}
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def packages() -> set[str]:
    return {f"eig.{path.parent.name}" for path in (ROOT / "eig").glob("*/__init__.py")}


def python_files_only(directory: str, names: list[str]) -> list[str]:
    """What copytree leaves out: everything but folders and Python files."""
    return [
        name
        for name in names
        if name == "__pycache__" or not (name.endswith(".py") or Path(directory, name).is_dir())
    ]


def test_every_package_is_named_in_the_contracts():
    # Given every package of eig/; then each contract names all of them
    assert set(CONTRACTS["web-layer"]["source_modules"]) == packages() - {"eig.www"}
    assert set(CONTRACTS["core-below"]["forbidden_modules"]) == packages() - {"eig.core"}
    assert set(CONTRACTS["matching-pure"]["forbidden_modules"]) == (
        packages() - {"eig.matching"}
    ) | {"django"}


def test_a_domain_module_importing_the_web_layer_fails_the_contracts(tmp_path):
    # Given a copy of the code where a domain module imports eig.www
    shutil.copytree(ROOT / "eig", tmp_path / "eig", ignore=python_files_only)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "eig" / "accounts" / "_contract_probe.py").write_text("import eig.www\n")

    # When lint-imports checks it
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--contract", "web-layer"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    # Then the contract is broken, naming the import
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert f"{CONTRACTS['web-layer']['name']} BROKEN" in output
    assert "eig.accounts._contract_probe -> eig.www" in output
