"""The built wheel, installed into a fresh venv outside the checkout, works as a user runs it.

Everything else in the suite runs from the editable install, which reads data files straight
from the checkout and so cannot see one missing from the wheel. Marked slow (about a minute:
it builds the wheel and installs its dependencies, from pip's cache when it has them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.process]

PACKAGES = ("bot", "corpus", "retrieval")
TRANSCRIPTS = ROOT / "tests" / "bot" / "transcripts"


def run(*command: str | Path, cwd: Path, stdin: str = "",
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command with DISCORD_TOKEN and PYTHONPATH cleared, so nothing leaks in."""
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("DISCORD_TOKEN", "PYTHONPATH", "VIRTUAL_ENV")}
    environment.update({"PYTHONIOENCODING": "utf-8", **(env or {})})
    return subprocess.run([str(c) for c in command], input=stdin, capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd, env=environment, timeout=600)


def checked(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = run(*command, cwd=cwd)
    assert done.returncode == 0, f"{command}: {done.stderr[-2000:]}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a clean copy of the sources (no stale build/ to hide behind)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, source / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    # The venv's own setuptools (the test extra), so the build needs no download.
    checked(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
            "--no-build-isolation", "--wheel-dir", work / "dist", source, cwd=work)
    (built,) = (work / "dist").glob("guidebot-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel and its dependencies installed; returns its bin/."""
    home = tmp_path_factory.mktemp("installed") / "venv"
    checked(sys.executable, "-m", "venv", home, cwd=home.parent)
    checked(home / "bin" / "python", "-m", "pip", "install", "--quiet", wheel, cwd=home.parent)
    return home / "bin"


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A directory with no checkout in it or above it."""
    assert not (tmp_path / "bot").exists() and ROOT not in tmp_path.parents
    return tmp_path


def test_every_data_file_the_code_reads_is_in_the_wheel(wheel: Path) -> None:
    data = sorted(str(path.relative_to(ROOT)) for package in PACKAGES
                  for path in (ROOT / package).rglob("*")
                  if path.is_file() and path.suffix not in (".py", ".pyc")
                  and "__pycache__" not in path.parts)
    assert "bot/engine/data/countries.txt" in data
    names = set(zipfile.ZipFile(wheel).namelist())
    assert [name for name in data if name not in names] == []
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    assert not any(name.startswith(("tests/", "bench/")) for name in names)


def test_the_installed_package_is_the_wheel_not_the_checkout(venv: Path,
                                                              elsewhere: Path) -> None:
    done = checked(venv / "python", "-c", "import bot, corpus, retrieval; "
                   "print(bot.__file__, corpus.__file__, retrieval.__file__)", cwd=elsewhere)
    assert all(path.startswith(str(venv.parent)) for path in done.stdout.split())


def test_ask_salary_and_chat_from_another_directory(venv: Path, elsewhere: Path) -> None:
    ask = checked(venv / "guidebot", "ask", "How much does an ML engineer earn in Germany?",
                  cwd=elsewhere)
    assert ask.stdout.startswith("**Germany**: €55,000 – €100,000 per year") and not ask.stderr
    salary = checked(venv / "guidebot", "salary", "Germany", cwd=elsewhere)
    assert "Germany" in salary.stdout and "100,000" in salary.stdout
    chat = run(venv / "guidebot", "chat", cwd=elsewhere,
               stdin=(TRANSCRIPTS / "chat.in").read_text("utf-8"))
    assert (chat.returncode, chat.stderr) == (0, "")
    assert chat.stdout == (TRANSCRIPTS / "chat.out").read_text("utf-8")


def test_the_bot_without_a_token_is_one_line_and_exit_2(venv: Path, elsewhere: Path) -> None:
    done = run(venv / "python", "-m", "bot", cwd=elsewhere)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("guidebot: DISCORD_TOKEN is not set")


def test_bench_says_it_needs_a_checkout(venv: Path, elsewhere: Path) -> None:
    done = run(venv / "guidebot", "bench", "--quick", cwd=elsewhere)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "guidebot: the benchmarks run from a source checkout: make bench\n"


def test_a_missing_data_file_is_named_not_called_a_network_error(venv: Path,
                                                                 elsewhere: Path) -> None:
    """Last in the module: it breaks the install on purpose."""
    (countries,) = venv.parent.glob("lib/python3*/site-packages/bot/engine/data/countries.txt")
    countries.unlink()
    ask = run(venv / "guidebot", "ask", "salary in Germany", cwd=elsewhere)
    bot = run(venv / "python", "-m", "bot", cwd=elsewhere,
              env={"DISCORD_TOKEN": "not-a-real-token.never-sent.anywhere"})
    for done in (ask, bot):
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
        assert done.stderr.startswith("guidebot: cannot read ")
        assert "countries.txt (No such file or directory)" in done.stderr
    assert "Discord" not in bot.stderr
