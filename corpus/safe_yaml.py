"""YAML in and out, safely and fast: libyaml's C safe loader and dumper where PyYAML has them.

Every YAML file guidebot reads goes through `load`, so none can construct Python objects
(a `!!python/...` tag is an error) and none pays for the pure-Python parser when C is there.
"""

from __future__ import annotations

from typing import Any

import yaml

try:
    SafeLoader: type = yaml.CSafeLoader
    SafeDumper: type = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    SafeLoader, SafeDumper = yaml.SafeLoader, yaml.SafeDumper

YAMLError = yaml.YAMLError


def load(text: str) -> Any:
    """Parse a YAML document with the safe loader (C when available)."""
    return yaml.load(text, Loader=SafeLoader)


def dump(document: Any) -> str:
    """Write a document as block-style, Unicode, key-ordered YAML a person can edit."""
    return yaml.dump(document, Dumper=SafeDumper, allow_unicode=True, sort_keys=False, width=100)
