"""Benchmarks run in CI at their smoke size: they must keep working, and the product's search
must keep beating the plain baseline it is measured against."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


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


def test_quality_smoke_beats_the_baseline_everywhere(shared: Path) -> None:
    done = run_bench("quality.py", shared, "--smoke", "--json")
    assert done.returncode == 0, done.stderr
    rows = {row.pop("system"): row for row in json.loads(done.stdout)}
    [product] = [name for name in rows if name.startswith("product")]
    baseline, ours = rows["baseline"], rows[product]
    for metric in ("xq-psg@1", "cran-MAP", "cran-nDCG@10", "npl-MAP", "npl-nDCG@10"):
        assert ours[metric] > baseline[metric], metric


def test_speed_smoke_runs_and_our_top_10_equals_rank_bm25(shared: Path) -> None:
    # Timings are not asserted here (they belong to bench/results); exactness is.
    done = run_bench("speed.py", shared, "--smoke", "--engines", "ours,rank-bm25", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert {row["engine"] for row in report["results"]} == {"ours", "rank-bm25"}
    for same, asked in report["exact"].values():
        assert same == asked > 0


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
