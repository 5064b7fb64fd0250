"""YAML in and out, safely and fast: libyaml's C safe loader and dumper where PyYAML has them.

Every YAML file guidebot reads goes through here, so none can construct Python objects
(a `!!python/...` tag is an error), none pays for the pure-Python parser when C is there,
and a syntax error becomes the caller's typed error in one shape: ``file:line: what: problem``.
"""

from __future__ import annotations

from typing import Any

import yaml

from corpus.errors import GuidebotError

try:
    SafeLoader: type = yaml.CSafeLoader
    SafeDumper: type = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    SafeLoader, SafeDumper = yaml.SafeLoader, yaml.SafeDumper

YAMLError = yaml.YAMLError


def load(text: str) -> Any:
    """Parse a YAML document with the safe loader (C when available); YAMLError if invalid."""
    return yaml.load(text, Loader=SafeLoader)


def parse(text: str, *, path: str, error: type[GuidebotError],
          what: str = "not valid YAML") -> Any:
    """Parse a person's YAML document, or raise `error` naming the file, line and problem."""
    try:
        return load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise error(f"{what}: {problem}", path=path,
                    line=mark.line + 1 if mark is not None else None) from None


def key_lines(text: str) -> dict[str, int]:
    """The line of each top-level key of a mapping document ({} if it is not one)."""
    try:
        node = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in node.value}


def dump(document: Any) -> str:
    """Write a document as block-style, Unicode, key-ordered YAML a person can edit."""
    return yaml.dump(document, Dumper=SafeDumper, allow_unicode=True, sort_keys=False, width=100)
