"""Benchmarks run in CI at their smoke size: they must keep working, and the product's search
must keep beating the plain baseline it is measured against."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Floating-point noise only: the smoke run is deterministic.
SMOKE_SLACK = 1e-9
# Where plain rank-bm25 on whole units is still ahead (README, "Answers"): topic queries over
# long news features, judged per article. The recorded figures still guard these columns.
BEHIND_BASELINE = frozenset({"mag-MAP", "mag-nDCG@10"})


def run_bench(script: str, shared: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "bench" / script), *args, "--shared", str(shared)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_quality_metrics_match_hand_computed_values() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "quality.py"), "--self-test"],
        cwd=REPO, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_quality_smoke_the_product_beats_the_baseline_and_its_last_figures(shared: Path) -> None:
    # The bench builds a real library and asks Library.search: it declares none of the
    # product's settings, so a change to the product's ranking, passages or excerpts shows here.
    done = run_bench("quality.py", shared, "--smoke", "--json")
    assert done.returncode == 0, done.stderr
    rows = {row.pop("system"): row for row in json.loads(done.stdout)}
    product, baseline = rows["product"], rows["baseline"]
    for metric, value in baseline.items():
        if value is not None and metric not in BEHIND_BASELINE:  # None: no excerpt columns
            assert product[metric] >= value, (metric, product[metric], value)
    # No worse than the figures recorded with the last change of the product (smoke size);
    # a change that lowers one must say so by updating bench/results/quality-smoke.json.
    recorded = {
        row.pop("system"): row
        for row in json.loads((REPO / "bench/results/quality-smoke.json").read_text())
    }["product"]
    for metric, value in recorded.items():
        assert product[metric] >= value - SMOKE_SLACK, (metric, product[metric], value)


def test_speed_smoke_runs_and_our_top_10_equals_rank_bm25(shared: Path) -> None:
    # Timings are not asserted here (they belong to bench/results); exactness is.
    done = run_bench("speed.py", shared, "--smoke", "--engines", "ours,rank-bm25", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert {row["engine"] for row in report["results"]} == {"ours", "rank-bm25"}
    for same, asked in report["exact"].values():
        assert same == asked > 0


def test_pruning_smoke_both_paths_give_the_same_top_10(shared: Path) -> None:
    done = run_bench("pruning.py", shared, "--smoke", "--json")
    assert done.returncode == 0, done.stderr
    (row,) = json.loads(done.stdout)["results"]
    assert row["differ"] == 0 and row["queries"] == 20


def test_filters_smoke_runs_through_the_product(shared: Path) -> None:
    # Timings belong to bench/results; here: every filter ran, and the ones that must find
    # nothing or something did.
    done = run_bench("filters.py", shared, "--smoke", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    rows = report["rows"]
    assert report["passages"] >= 2_000
    assert set(rows) >= {
        "unfiltered",
        "site: one of 20",
        "site: no such site",
        "-said (most passages)",
    }
    assert rows["site: no such site"]["hits_per_query"] == 0
    assert rows["unfiltered"]["hits_per_query"] > 5
    assert rows["site: one of 20"]["hits_per_query"] > 0


def test_extraction_smoke_runs_through_the_product(shared: Path) -> None:
    done = run_bench("extraction.py", shared, "--smoke", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["pages"] >= 5 and report["refused"] == 0
    assert report["f1"] > 0.8  # a broken extractor scores near 0, not a little lower


def test_feeds_smoke_nothing_crashes_and_pages_become_searchable(shared: Path) -> None:
    done = run_bench("feeds.py", shared, "--smoke")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    report = json.loads(done.stdout)
    for part in report["robustness"].values():
        assert part["crashes"] == []
        assert part["files"] > 0
    assert report["robustness"]["rss-parser-realworld"]["counts"]["entries stored"] > 100
    speed = report["speed"]["pages by URL"]
    assert speed["added"] == speed["pages"] and speed["searchable"]


def test_topic_relevance_study_runs_through_the_product(shared: Path) -> None:
    done = run_bench("topic_relevance.py", shared, "--stories", "1500", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["topics"] >= 3
    everything = report["rows"]["everything"]
    strict = report["rows"]["best, floor 0.8"]
    assert everything["recall"] > 0 and strict["recall"] <= everything["recall"]


def test_topic_relevance_reports_both_sensitivities_as_the_product_decides(shared: Path) -> None:
    # Which articles fire is TopicMatcher's decision; the script asserts itself that its sweep
    # reproduces best_only=True at BEST_FLOOR (it would exit non-zero otherwise).
    done = run_bench("topic_relevance.py", shared, "--stories", "1500", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    everything, best = report["sensitivities"]["all"], report["sensitivities"]["best"]
    assert everything["fired_per_topic"] >= best["fired_per_topic"] > 0
    assert best["precision"] >= everything["precision"]
    assert best["micro_precision"] >= everything["micro_precision"]
    assert 0 < best["recall"] <= everything["recall"]
    assert report["rows"][f"best, floor {report['best_floor']:g}"] == best
    assert f"best, floor {report['best_f1_floor']:g}" in report["rows"]


def test_alerts_smoke_times_every_size_through_the_product(shared: Path) -> None:
    # Timings are not asserted (bench/results/alerts.txt holds them): that each size ran
    # match_pending end to end, and that more subscriptions (a superset) found more.
    done = run_bench("alerts.py", shared, "--smoke", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    rows = report["rows"]
    assert len(rows) >= 2
    for row in rows:
        for call in (row["cold"], row["warm"], row["changed"]):
            assert call["seconds"] > 0 and call["articles"] > 0 and call["passages"] > 0
        assert row["per_1000_passages"]["warm"] > 0
        parts = row["parts"]
        assert parts["candidates_per_article"] >= parts["matches_per_article"] > 0
    small, large = rows[0], rows[-1]
    assert small["subscriptions"] < large["subscriptions"]
    assert large["warm"]["alerts"] > small["warm"]["alerts"] > 0


def test_no_answer_smoke_sweeps_floors_and_agrees_with_the_product(shared: Path) -> None:
    # The script asserts itself that its sweep reproduces articles.search.confident at
    # NO_ANSWER_FLOOR question by question (it would exit non-zero otherwise); here: the sweep
    # is monotonic, the current floor's row is the product's, and the recommendation follows
    # its stated rule.
    done = run_bench("no_answer.py", shared, "--smoke", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    counts, rows = report["counts"], report["rows"]
    assert counts["answerable"] > 0 and counts["held_out"] > 0 and counts["chit_chat"] >= 50
    assert counts["answered"] > 0.9 * counts["answerable"]
    assert [row["floor"] for row in rows] == sorted(row["floor"] for row in rows)
    for i in range(1, len(rows)):
        low, high = rows[i - 1], rows[i]
        assert high["kept_answered"] <= low["kept_answered"]
        assert high["rejected_held_out"] >= low["rejected_held_out"]
        assert high["rejected_chit_chat"] >= low["rejected_chit_chat"]
    assert report["current"] in rows
    recommended = next(row for row in rows if row["floor"] == report["recommended_floor"])
    assert recommended["kept_answered"] >= 0.99
    assert all(row["kept_answered"] < 0.99 for row in rows if row["floor"] > recommended["floor"])
    # A coverage floor refuses more unanswerable held-out questions than none at all.
    assert rows[-1]["rejected_held_out"] > rows[0]["rejected_held_out"]


def test_answer_latency_smoke_answers_every_question_through_the_whole_bot() -> None:
    # Samples only, no shared data: the real bot polling the stand-in on loopback answered
    # every question. Timings are not asserted (bench/results/answer_latency.txt holds them).
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "answer_latency.py"), "--smoke", "--json"],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    [row] = report["rows"]
    assert row["library"] == "samples" and row["questions"] == 20
    assert row["answered"] >= 15  # phrases from the samples themselves: nearly all answered
    parts = row["parts_ms"]
    assert parts["search"]["p50"] > 0 and parts["poll"]["p50"] > 0
    assert 0 < row["latency_ms"]["p50"] <= row["latency_ms"]["max"]
    assert row["search_only_ms"]["p50"] > 0
