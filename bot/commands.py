"""What each `guidebot` command does; `bot.cli` parses the arguments and calls one of these.

Cold start matters, so only the standard library is imported at the top; each command imports
what it needs, rich only when it renders for a terminal, and only `discord` imports discord.

Exit codes, the same for every command: 0 answered, 1 the guide has no answer (an abstention,
a country without a salary figure), 2 a usage or input error (one line on stderr; argparse's
own usage errors are 2 too, with the usage line).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from corpus.errors import GuidebotError

if TYPE_CHECKING:
    from bot.engine import Engine

EXIT_ANSWERED, EXIT_NOT_IN_GUIDE, EXIT_ERROR = 0, 1, 2


class UsageError(GuidebotError):
    """A command that cannot run as asked (printed as one line, exit 2)."""


def _engine(args: argparse.Namespace) -> "Engine":
    from bot.engine import Engine
    return Engine.load(args.guide)


def _render(args: argparse.Namespace) -> bool:
    from bot.terminal import wants_rendering
    return not getattr(args, "json", False) and wants_rendering(sys.stdout, args.plain)


def _print_json(record: object) -> None:
    print(json.dumps(record, ensure_ascii=False))


def cmd_chat(args: argparse.Namespace) -> int:
    """Open the interactive chat."""
    from bot.chat import run_chat
    return run_chat(_engine(args), render=_render(args))


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one question; exit 1 when the guide has no answer."""
    engine, question = _engine(args), " ".join(args.question)
    if getattr(args, "explain", False):
        return _explain(engine, question, args.json)
    answer = engine.answer(question)
    if args.json:
        _print_json(answer.as_json())
    elif _render(args):
        from bot.terminal import Terminal
        Terminal(sys.stdout).answer(answer.text)
    else:
        print(answer.text)
    return EXIT_NOT_IN_GUIDE if answer.abstained else EXIT_ANSWERED


def _explain(engine: "Engine", question: str, as_json: bool) -> int:
    """The answer, then why: route, reason, term weights, unknown words, passages considered."""
    record = engine.explain(question)
    answer = engine.answer(question)
    if as_json:
        _print_json({**answer.as_json(), "explain": record.as_json()})
    else:
        print(answer.text)
        print("\n--- why ---")
        print("\n".join(record.lines()))
    return EXIT_NOT_IN_GUIDE if answer.abstained else EXIT_ANSWERED


def cmd_batch(args: argparse.Namespace) -> int:
    """JSON Lines in, JSON Lines out; exit 2 if a line was not a question."""
    from bot.batch import run_batch
    return EXIT_ANSWERED if run_batch(_engine(args), sys.stdin) else EXIT_ERROR


def cmd_salary(args: argparse.Namespace) -> int:
    """The salary table, or the rows for the places given; exit 1 if one is not in the guide."""
    report = _engine(args).salary(args.country)
    if args.json:
        _print_json({
            "rows": [{"region": r.region, "country": r.country, "currency": r.currency,
                      "symbol": r.symbol, "low": r.low, "high": r.high, "period": r.period,
                      "text": r.text} for r in report.rows],
            "notes": list(report.notes),
            "missing": [{"name": m.name, "closest": list(m.closest)} for m in report.missing],
            "caveat": report.caveat,
            "sources": [{"section": s.section, "text": s.text} for s in report.sources],
            "covered": list(report.covered),
        })
    elif report.rows and _render(args):
        from bot.terminal import Terminal
        Terminal(sys.stdout).salary(report)
    elif report.rows:
        from bot.table import salary_table
        print(salary_table(report.rows))
    if report.missing:
        names = ", ".join(m.name for m in report.missing)
        print(f"guidebot: no salary figure in the guide for {names} "
              f"(it covers {', '.join(report.covered)})", file=sys.stderr)
        return EXIT_NOT_IN_GUIDE
    return EXIT_ANSWERED


def cmd_corpus_build(args: argparse.Namespace) -> int:
    """Parse a raw guide page into a corpus YAML file."""
    from pathlib import Path

    from corpus.store import load_guide, to_yaml
    corpus = load_guide(args.page)
    text = to_yaml(corpus)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}: {len(corpus.passages)} passages, "
              f"{len(corpus.salaries)} salary rows, {len(corpus.places)} places")
    return EXIT_ANSWERED


def cmd_corpus_show(args: argparse.Namespace) -> int:
    """Summarise a corpus: its sections, passage counts and salary rows (or dump its YAML)."""
    from corpus.store import load_guide, to_yaml
    corpus = load_guide(args.guide)
    if args.yaml:
        sys.stdout.write(to_yaml(corpus))
        return EXIT_ANSWERED
    counts: dict[str, int] = {}
    for passage in corpus.passages:
        counts[passage.section] = counts.get(passage.section, 0) + 1
    if args.json:
        _print_json({"role": corpus.role, "source": corpus.source,
                     "passages": len(corpus.passages), "salary_rows": len(corpus.salaries),
                     "places": len(corpus.places), "sections": counts})
        return EXIT_ANSWERED
    print(f"{corpus.role} ({corpus.source}): {len(corpus.passages)} passages, "
          f"{len(corpus.salaries)} salary rows, {len(corpus.places)} places")
    for section, count in counts.items():
        print(f"  {count:3d}  {section}")
    return EXIT_ANSWERED


def cmd_eval(args: argparse.Namespace) -> int:
    """Score the engine on a labelled question set."""
    from bot.evaluate import evaluate, load_cases, report_text
    engine = _engine(args)
    report = evaluate(engine, load_cases(args.file, engine), args.split)
    if not args.json:
        print(report_text(report, args.verbose))
        return EXIT_ANSWERED

    def counts(figures: dict[str, tuple[int, int]]) -> dict[str, dict[str, int]]:
        return {name: {"hits": hits, "total": total} for name, (hits, total) in figures.items()}
    _print_json({
        "file": args.file, "split": args.split,
        "figures": counts(report.figures()), "categories": counts(report.by_category()),
        "failures": [{"case": o.case.id, "turn": o.turn + 1,
                      "question": o.case.turns[o.turn].question, "problems": list(o.problems),
                      **({"answer": o.answer.text} if args.verbose else {})}
                     for o in report.failures()],
    })
    return EXIT_ANSWERED


def cmd_bench(args: argparse.Namespace) -> int:
    """Measure speed and memory side by side: the checkout's bench package does it."""
    import subprocess
    from pathlib import Path
    # The benchmarks are not installed: they live beside bot/ in a source checkout (an
    # editable install runs from one) and read its tests/ fixtures.
    checkout = Path(__file__).resolve().parent.parent
    if not (checkout / "pyproject.toml").is_file() or not (checkout / "bench").is_dir():
        raise UsageError("the benchmarks run from a source checkout: make bench")
    options = [*(["--json", str(Path(args.json).resolve())] if args.json else []),
               *(["--quick"] if args.quick else [])]
    # `python -m` in the checkout puts it first on the path: bench and tests import from it.
    return subprocess.run([sys.executable, "-m", "bench", *options], cwd=checkout).returncode


def cmd_gaps(args: argparse.Namespace) -> int:
    """Print the refused questions, grouped, and the most disliked answers."""
    import asyncio

    from bot.store.report import as_json, gaps_report, render_text
    report = asyncio.run(gaps_report(args.storage, args.since, args.server, args.limit))
    if args.json:
        _print_json(as_json(report))
    else:
        print(render_text(report))
    return EXIT_ANSWERED


def cmd_discord(args: argparse.Namespace) -> int:
    """Run the Discord bot (the only command that imports discord)."""
    from bot.envfile import load_token
    load_token()
    from bot.discord_app.run import main as run_bot
    forwarded = [*(["--config", args.config] if args.config else []),
                 *(["--guide", args.guide] if args.guide else []),
                 *(["--sync"] if args.sync else [])]
    return run_bot(forwarded)
