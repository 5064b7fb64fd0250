"""The `guidebot` command line: chat, ask, salary, batch and corpus tools.

Cold start matters, so this module imports only the standard library at the top; each
command imports what it needs, and nothing here ever imports discord.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from corpus.errors import GuidebotError

if TYPE_CHECKING:
    from bot.engine import Engine

EXIT_ERROR = 2


def _engine(args: argparse.Namespace) -> "Engine":
    from bot.engine import Engine
    return Engine.load(args.guide)


def cmd_chat(args: argparse.Namespace) -> int:
    """Open the interactive chat."""
    from bot.chat import run_chat
    return run_chat(_engine(args))


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one question."""
    answer = _engine(args).answer(" ".join(args.question))
    if args.json:
        print(json.dumps(answer.as_json(), ensure_ascii=False))
    else:
        print(answer.text)
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    """JSON Lines in, JSON Lines out: one answer per question, conversations kept apart."""
    from bot.engine import Context
    engine = _engine(args)
    contexts: dict[str, Context] = {}
    failed = False
    for number, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("question"), str):
                raise ValueError("expected an object with a string 'question'")
        except ValueError as exc:
            failed = True
            message = f"line {number}: {str(exc).splitlines()[0]}"
            print(json.dumps({"id": None, "answer": "", "abstained": True, "sources": [],
                              "error": message}))
            print(f"guidebot: batch {message}", file=sys.stderr)
            continue
        conversation = str(record.get("conversation") or f"\0line{number}")
        answer = engine.answer(record["question"], contexts.get(conversation))
        contexts[conversation] = answer.context
        qid = record.get("id")
        # Every line carries the question's id, null when the question had none.
        print(json.dumps({"id": None if qid is None else str(qid), **answer.as_json()},
                         ensure_ascii=False), flush=True)
    return 1 if failed else 0


def cmd_salary(args: argparse.Namespace) -> int:
    """Print the salary table, or the rows for the countries, cities or regions given."""
    report = _engine(args).salary(args.country)
    if report.rows:
        from bot.table import salary_table
        print(salary_table(report.rows))
    if report.missing:
        names = ", ".join(m.name for m in report.missing)
        print(f"guidebot: no salary figure in the guide for {names} "
              f"(it covers {', '.join(report.covered)})", file=sys.stderr)
        return EXIT_ERROR
    return 0


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
    return 0


def cmd_corpus_show(args: argparse.Namespace) -> int:
    """Summarise a corpus: its sections, passage counts and salary rows (or dump its YAML)."""
    from corpus.store import load_guide, to_yaml
    corpus = load_guide(args.guide)
    if args.yaml:
        sys.stdout.write(to_yaml(corpus))
        return 0
    print(f"{corpus.role} ({corpus.source}): {len(corpus.passages)} passages, "
          f"{len(corpus.salaries)} salary rows, {len(corpus.places)} places")
    counts: dict[str, int] = {}
    for passage in corpus.passages:
        counts[passage.section] = counts.get(passage.section, 0) + 1
    for section, count in counts.items():
        print(f"  {count:3d}  {section}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Score the engine on a labelled question set."""
    from bot.evaluate import evaluate, load_cases, report_text
    engine = _engine(args)
    report = evaluate(engine, load_cases(args.file, engine), args.split)
    print(report_text(report, args.verbose))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Measure speed and memory side by side: the checkout's bench package does it."""
    import subprocess
    from pathlib import Path
    # The benchmarks are not installed: they live beside bot/ in a source checkout (an
    # editable install runs from one) and read its tests/ fixtures.
    checkout = Path(__file__).resolve().parent.parent
    if not (checkout / "pyproject.toml").is_file() or not (checkout / "bench").is_dir():
        print("guidebot: the benchmarks run from a source checkout: make bench",
              file=sys.stderr)
        return EXIT_ERROR
    options = [*(["--json", str(Path(args.json).resolve())] if args.json else []),
               *(["--quick"] if args.quick else [])]
    # `python -m` in the checkout puts it first on the path: bench and tests import from it.
    return subprocess.run([sys.executable, "-m", "bench", *options], cwd=checkout).returncode


def cmd_gaps(args: argparse.Namespace) -> int:
    """Print the refused questions, grouped, and the most disliked answers."""
    import asyncio

    from bot.store.report import as_json, gaps_report, render_text
    report = asyncio.run(gaps_report(args.storage, args.since, args.server, args.limit))
    print(json.dumps(as_json(report), ensure_ascii=False) if args.json else render_text(report))
    return 0


def cmd_discord(args: argparse.Namespace) -> int:
    """Run the Discord bot (the only command that imports discord)."""
    from bot.discord_app.run import main as run_bot
    forwarded = [*(["--config", args.config] if args.config else []),
                 *(["--guide", args.guide] if args.guide else []),
                 *(["--sync"] if args.sync else [])]
    return run_bot(forwarded)


def parser() -> argparse.ArgumentParser:
    """The argument parser for every guidebot command."""
    guide = argparse.ArgumentParser(add_help=False)
    guide.add_argument("--guide", metavar="FILE", default=argparse.SUPPRESS,
                       help="a raw guide page or a corpus YAML (default: the bundled ML guide)")
    top = argparse.ArgumentParser(prog="guidebot", parents=[guide],
                                  description="Answers questions about a career guide.")
    commands = top.add_subparsers(dest="command", metavar="COMMAND")

    chat = commands.add_parser("chat", parents=[guide], help="chat in the terminal")
    chat.set_defaults(run=cmd_chat)
    ask = commands.add_parser("ask", parents=[guide], help="answer one question")
    ask.add_argument("question", nargs="+", help="the question")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask.set_defaults(run=cmd_ask)
    salary = commands.add_parser("salary", parents=[guide], help="print salary ranges")
    salary.add_argument("country", nargs="*", help="countries, cities or regions (default: all)")
    salary.set_defaults(run=cmd_salary)
    batch = commands.add_parser("batch", parents=[guide],
                                help="answer JSON Lines questions from stdin")
    batch.set_defaults(run=cmd_batch)

    evaluate = commands.add_parser("eval", parents=[guide], help="score answers on a labelled set")
    evaluate.add_argument("file", help="a labelled question set (tests/eval/*.yaml)")
    evaluate.add_argument("--verbose", action="store_true", help="show each failing answer")
    evaluate.add_argument("--split", choices=["tune", "test"], help="only one half of the set")
    evaluate.set_defaults(run=cmd_eval)

    bench = commands.add_parser("bench", help="measure speed and memory (make bench)")
    bench.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    bench.add_argument("--quick", action="store_true", help="fewer rounds and sizes (a smoke run)")
    bench.set_defaults(run=cmd_bench)

    bot = commands.add_parser("discord", parents=[guide], help="run the Discord bot")
    bot.add_argument("--config", metavar="FILE", help="YAML config (see config.example.yaml)")
    bot.add_argument("--sync", action="store_true", help="also publish commands globally")
    bot.set_defaults(run=cmd_discord)

    gaps = commands.add_parser("gaps", help="what the bot could not answer, and answers voted down")
    gaps.add_argument("--since", metavar="AGE", help="only turns since then: 7d, 12h, 2w or a date")
    gaps.add_argument("--server", metavar="ID", type=int, help="only this Discord server")
    gaps.add_argument("--limit", metavar="N", type=int, default=20, help="groups shown (20)")
    gaps.add_argument("--json", action="store_true", help="print the report as JSON")
    gaps.add_argument("--storage", metavar="URL_OR_PATH",
                      help="the store: a SQLite file or a postgresql:// URL "
                           "(default: guidebot.sqlite3)")
    gaps.set_defaults(run=cmd_gaps)

    corpus = commands.add_parser("corpus", help="build or inspect a corpus")
    corpus_commands = corpus.add_subparsers(dest="corpus_command", metavar="ACTION", required=True)
    build = corpus_commands.add_parser("build", help="parse a guide page into corpus YAML")
    build.add_argument("page", help="the raw guide text, as saved from the page")
    build.add_argument("-o", "--output", default="-", help="output file (default: stdout)")
    build.set_defaults(run=cmd_corpus_build)
    show = corpus_commands.add_parser("show", parents=[guide], help="summarise a corpus")
    show.add_argument("--yaml", action="store_true", help="print the whole corpus as YAML")
    show.set_defaults(run=cmd_corpus_show)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run guidebot; errors become one line on stderr and exit code 2."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")  # undecodable bytes and lone surrogates
    args = parser().parse_args(argv)
    if not hasattr(args, "guide"):
        args.guide = None
    if getattr(args, "run", None) is None:
        parser().print_help()
        return EXIT_ERROR
    try:
        return int(args.run(args))
    except GuidebotError as exc:
        print(f"guidebot: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
