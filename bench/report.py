"""The bench's report: every figure beside its baseline and its target, judged met or not."""

from __future__ import annotations

import os
import sys
from typing import Any

TARGETS = {
    "answer_p50_ms": 0.1, "answer_p99_ms": 0.3, "cold_ratio": 1.6, "scale_p99_ms": 2.0,
    "ack_p95_ms": 50.0, "missed_3s": 0, "lag_p99_ms": 20.0, "rss_mb": 150.0,
    "added_p99_ms": 1.0, "store_ack_ratio": 1.10, "burst_recovered_s": 5.0,
    "plateau_growth_mb": 5.0,
}


def verdict(ok: bool) -> str:
    """How a target reads in the report."""
    return "met" if ok else "NOT met"


def figures_table(figures: dict[str, Any]) -> str:
    """The side-by-side table of one run's figures."""
    t = TARGETS
    lines = [f"guidebot bench: one run, {os.cpu_count()} cores, Python {sys.version.split()[0]}", ""]
    lat = figures["latency"]
    lines += [
        f"1. answer latency: {lat['questions']} questions x {lat['rounds']} rounds"
        "                p50         p99",
        f"   guidebot (tokenise, route, retrieve, compose)  {lat['answer_p50_ms']:8.3f} ms "
        f"{lat['answer_p99_ms']:8.3f} ms",
        f"   naive: BM25Okapi.get_scores + top-10           {lat['naive_p50_ms']:8.3f} ms "
        f"{lat['naive_p99_ms']:8.3f} ms",
        f"   ratio guidebot / naive                         {lat['answer_p50_ms'] / lat['naive_p50_ms']:8.2f} x  "
        f"{lat['answer_p99_ms'] / lat['naive_p99_ms']:8.2f} x",
        f"   target p50 <= {t['answer_p50_ms']} ms: {verdict(lat['answer_p50_ms'] <= t['answer_p50_ms'])}; "
        f"p99 <= {t['answer_p99_ms']} ms: {verdict(lat['answer_p99_ms'] <= t['answer_p99_ms'])}", ""]
    cold = figures["cold"]
    lines += [
        f"2. cold start, median of {cold['runs']} runs each, interleaved",
        f"   guidebot ask \"...\"              {cold['ask_s']:6.3f} s  {cold['cold_ratio']:5.2f} x floor",
        f"   python -c \"import numpy, yaml\"  {cold['floor_s']:6.3f} s  (floor)",
        f"   python -c pass                  {cold['python_s']:6.3f} s",
        f"   target <= {t['cold_ratio']} x floor: {verdict(cold['cold_ratio'] <= t['cold_ratio'])}", ""]
    lines.append("3. scale: synthetic Zipfian corpora   build    query p50  query p99  peak RSS  "
                 "top-10 = rank-bm25")
    for row in figures["scale"]:
        lines.append(f"   {row['passages']:>7,} passages               {row['build_s']:6.2f} s "
                     f"{row['query_p50_ms']:8.3f} ms {row['query_p99_ms']:8.3f} ms "
                     f"{row['peak_rss_mb']:6.0f} MB  {row['top10_agree']}/{row['top10_checked']}")
    largest = figures["scale"][-1]
    lines += [f"   target p99 <= {t['scale_p99_ms']} ms at {largest['passages']:,} with identical "
              f"top-10: {verdict(largest['query_p99_ms'] <= t['scale_p99_ms'] and largest['top10_agree'] == largest['top10_checked'])}", ""]
    load = figures["load"]
    lines += [
        f"4. bot under load: {load['total']} /ask, {load['in_flight']} in flight, fake Discord on 127.0.0.1",
        f"   time to acknowledgement  p50 {load['ack_p50_ms']:.1f} ms  p95 {load['ack_p95_ms']:.1f} ms"
        f"  max {load['ack_max_ms']:.1f} ms   past 3 s: {load['missed_3s']}",
        f"   event-loop lag           p99 {load['lag_p99_ms']:.1f} ms  max {load['lag_max_ms']:.1f} ms"
        f"   peak RSS {load['rss_mb']:.0f} MB   answered {load['answered']}/{load['total']}",
        f"   targets: p95 ack <= {t['ack_p95_ms']:.0f} ms {verdict(load['ack_p95_ms'] <= t['ack_p95_ms'])}; "
        f"none past 3 s {verdict(load['missed_3s'] == 0)}; lag p99 <= {t['lag_p99_ms']:.0f} ms "
        f"{verdict(load['lag_p99_ms'] <= t['lag_p99_ms'])}; RSS <= {t['rss_mb']:.0f} MB "
        f"{verdict(load['rss_mb'] <= t['rss_mb'])}"]
    if "recording" in figures:
        lines += [""] + recording_lines(figures["recording"])
    if "burst" in figures:
        lines += [""] + burst_lines(figures["burst"])
    if "plateau" in figures:
        lines += [""] + plateau_lines(figures["plateau"])
    return "\n".join(lines)


def recording_lines(rec: dict[str, Any]) -> list[str]:
    """Section 5: what recording adds per answer, and the load beside the run without a store."""
    t = TARGETS
    lines = ["5. recording on the Discord front (answer + turn queued + 👍/👎 built, store writing)",
             "   store        answer p50   p99    added p50   p99      max"]
    for kind, a in rec["added"].items():
        lines.append(f"   {kind:<11} {a['answer_p50_ms']:7.3f} ms {a['answer_p99_ms']:6.3f}   "
                     f"{a['added_p50_ms']:7.3f} ms {a['added_p99_ms']:6.3f} {a['added_max_ms']:8.3f}")
    worst = max((a["added_p99_ms"] for a in rec["added"].values()), default=0.0)
    lines.append(f"   target added p99 <= {t['added_p99_ms']} ms: "
                 f"{verdict(worst <= t['added_p99_ms'])}")
    lines.append(f"   {rec['total']} /ask, {rec['in_flight']} in flight, median of {rec['rounds']} "
                 "interleaved rounds:")
    lines.append("   store        ack p50    ack p95   (each round)             lag p99  "
                 "bot CPU  past 3 s")
    base = rec["load"].get("none")
    for kind, f in rec["load"].items():
        each = " ".join(f"{v:.0f}" for v in f["ack_p95_each"])
        lines.append(f"   {kind:<11} {f['ack_p50_ms']:6.1f} ms {f['ack_p95_ms']:6.1f} ms  "
                     f"({each:<22}) {f['lag_p99_ms']:6.1f} ms {f['bot_cpu_s']:5.2f} s  "
                     f"{f['missed_3s']:.0f}")
    for kind, f in rec["load"].items():
        if kind != "none" and base:
            ratio = f["ack_p95_ms"] / base["ack_p95_ms"]
            lines.append(f"   {kind}: ack p95 {ratio:.2f} x no store; target <= "
                         f"{t['store_ack_ratio']:.2f} x: {verdict(ratio <= t['store_ack_ratio'])}")
    for kind in rec.get("missing", []):
        lines.append(f"   {kind}: not measured (its server programs are not installed)")
    return lines


def burst_lines(burst: dict[str, Any]) -> list[str]:
    """The burst's figures: where every interaction went, memory, and recovery."""
    t = TARGETS
    accounted = burst["answered"] + burst["expired"] == burst["total"]
    clean = burst["tracebacks"] == 0 and burst["late_404"] == 0 and burst["lost"] == 0
    no_calls = burst["never_called"] == burst["expired"]
    return [
        f"6. a burst: {burst['total']} /ask at once (sent in {burst['sent_s']:.1f} s), "
        "fake Discord in a child process",
        f"   answered {burst['answered']}   skipped as expired {burst['expired']}   "
        f"lost {burst['lost']}   late (404) {burst['late_404']}   tracebacks "
        f"{burst['tracebacks']}   overload log lines {burst['overload_lines']}",
        f"   peak RSS {burst['peak_rss_mb']:.0f} MB (before {burst['rss_before_mb']:.0f} MB)   "
        f"loop recovered {burst['recovered_s']:.1f} s after the burst (lag max "
        f"{burst['lag_max_ms']:.0f} ms)   next /ask acknowledged in {burst['probe_ms']:.0f} ms",
        f"   targets: every one answered or skipped {verdict(accounted)}; no 404, loss or "
        f"traceback {verdict(clean)}; no HTTP call for the skipped {verdict(no_calls)}; "
        f"RSS <= {t['rss_mb']:.0f} MB {verdict(burst['peak_rss_mb'] <= t['rss_mb'])}; "
        f"recovered within {t['burst_recovered_s']:.0f} s "
        f"{verdict(burst['recovered_s'] <= t['burst_recovered_s'])}"]


def plateau_lines(run: dict[str, Any]) -> list[str]:
    """Many askers once each: memory at the start, half-way and the end, and the tables."""
    t = TARGETS
    tables = ", ".join(f"{name} {size:,}" for name, size in run["remembered"].items())
    return [
        f"7. many askers: {run['total']:,} /ask, each from a new user, {run['in_flight']} in "
        "flight, default config (memory.size 5,000)",
        f"   RSS {run['rss_start_mb']:.1f} MB at the start, {run['rss_middle_mb']:.1f} MB "
        f"half-way, {run['rss_end_mb']:.1f} MB at the end: +{run['second_half_growth_mb']:.1f}"
        f" MB over the second half   answered {run['answered']:,} in {run['wall_s']:.0f} s",
        f"   remembered at the end: {tables}",
        f"   targets: second half grows < {t['plateau_growth_mb']:.0f} MB "
        f"{verdict(run['second_half_growth_mb'] < t['plateau_growth_mb'])}; RSS <= "
        f"{t['rss_mb']:.0f} MB {verdict(run['rss_max_mb'] <= t['rss_mb'])}"]
