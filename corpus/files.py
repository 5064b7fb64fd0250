"""Reading files: the ones a person names, and the data files shipped inside a package.

A person's file is read as UTF-8 (a BOM dropped) and every way reading it can fail becomes
the caller's error type, one line saying what is wrong. Shipped data is read through
importlib.resources, so it is found the same way from a checkout, a wheel or a zip.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from corpus.errors import GuidebotError


def read_text(path: Path, error: type[GuidebotError], kind: str) -> str:
    """A UTF-8 file's text (a BOM is dropped), or `error` saying in one line what is wrong."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error("no such file", path=str(path)) from None
    except IsADirectoryError:
        raise error(f"is a directory, not a {kind} file", path=str(path)) from None
    except OSError as exc:
        raise error(f"cannot read it ({exc.strerror})", path=str(path)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"not UTF-8 text (byte {exc.start})", path=str(path)) from None


def shipped(package: str, *parts: str) -> Traversable:
    """A data file inside an installed package, e.g. shipped("corpus", "guides", "x.yaml")."""
    return resources.files(package).joinpath(*parts)


def shipped_text(package: str, *parts: str) -> str:
    """The UTF-8 text of a data file shipped inside a package."""
    return shipped(package, *parts).read_text("utf-8")
