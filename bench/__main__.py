"""`python -m bench [--json FILE] [--quick]` (`make bench`): measure everything, print the table.

The table goes to stdout, progress to stderr, so `python -m bench > figures.txt` keeps only
the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.burst import burst
from bench.latency import answer_latency, cold_start
from bench.load import bot_load
from bench.plateau import plateau
from bench.recording import recording
from bench.report import figures_table
from bench.scale import scale


def progress(step: str) -> None:
    """One line on stderr saying what is being measured now."""
    print(f"bench: {step}", file=sys.stderr, flush=True)


def run(json_path: str | None = None, quick: bool = False) -> int:
    """Measure everything, print the table, optionally write the figures as JSON."""
    progress("1/7 answer latency")
    figures: dict[str, Any] = {"latency": answer_latency(rounds=3 if quick else 20)}
    progress("2/7 cold start")
    figures["cold"] = cold_start(runs=3 if quick else 10)
    progress("3/7 scale")
    figures["scale"] = scale([1000, 10000] if quick else [1000, 10000, 100000])
    progress("4/7 the bot under load")
    figures["load"] = bot_load(total=100 if quick else 500, in_flight=50)
    progress("5/7 recording: per answer, and the load with no store, SQLite, PostgreSQL")
    figures["recording"] = recording(total=100 if quick else 500, in_flight=50,
                                     rounds=1 if quick else 5, turns=200 if quick else 2000)
    progress("6/7 a burst far past capacity")
    figures["burst"] = burst(total=2000 if quick else 8000)
    progress("7/7 many askers, each once")
    figures["plateau"] = plateau(total=6000 if quick else 60000, in_flight=100)
    print(figures_table(figures))
    if json_path:
        Path(json_path).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options and run."""
    parser = argparse.ArgumentParser(prog="python -m bench",
                                     description="Measure speed and memory side by side.")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--quick", action="store_true", help="fewer rounds and sizes (a smoke run)")
    args = parser.parse_args(argv)
    return run(args.json, args.quick)


if __name__ == "__main__":
    sys.exit(main())
