"""Topic alerts on Reuters TOPICS: how often does a saved topic fire on the right stories?

Every Reuters-21578 story is ingested through the product (`Library.add_article`); each TOPICS
category with at least MAGAZINE_MIN_STORIES stories becomes a topic named by its words
(bench/quality.py's MAGAZINE_QUERIES: "crude oil", "coffee"); the stories labelled with it are
the ones that should fire.

Which articles fire is the product's decision: `articles.topics.TopicMatcher` (the percolator,
then `match`) over every stored article (`articles.alerts.article_text`, as alerts read them),
with the library's idf (`library.index.idf`), for both sensitivities:
- "everything that matches" (best_only=False);
- "best matches only" (best_only=True, the default): evidence >= BEST_FLOOR, or every word
  of the topic in the title.
A sweep of floors then shows where the product's BEST_FLOOR sits: from the best_only=False
matches, an article fires at floor f when its `TopicMatch.evidence` >= f or the title rule
holds (the compiled topic's required words all in the article's title terms). The script
asserts that this reproduces the product: every match's `best` flag is that rule at
BEST_FLOOR, and the sweep's row at BEST_FLOOR fires exactly what best_only=True fires.

Precision of a topic that fires on nothing counts as 1.0 (it sent no wrong alert); the means
are over topics (macro); "micro" pools every (topic, article) pair.

Example:
    .venv/bin/python bench/topic_relevance.py            # all 19,043 stories, ~6 min
    .venv/bin/python bench/topic_relevance.py --stories 3000 --json
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
from quality import MAGAZINE_MIN_STORIES, MAGAZINE_QUERIES
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from articles.alerts import article_text
from articles.extracted import Extracted
from articles.library import Library
from articles.models import Article
from articles.search_index import DEFAULT_LANGUAGE
from articles.topics import BEST_FLOOR, ArticleText, TopicMatch, TopicMatcher, compile_topic

# Evidence is at least 1/(K1 + 1) = 0.45 for an article holding every word once (see
# articles/topics.py), so lower floors select what "everything" does; BEST_FLOOR is always in.
SWEEP = sorted({0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, BEST_FLOOR})
EVERYTHING, BEST = "everything", "best matches only"

Scores = tuple[float, float, float]


def floor_row(floor: float) -> str:
    return f"best, floor {floor:g}"


def prf(fired: set[int], relevant: set[int]) -> Scores:
    hits = len(fired & relevant)
    precision = hits / len(fired) if fired else 1.0
    recall = hits / len(relevant) if relevant else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def ingest(library: Library, stories: list[corpus.Story]) -> dict[int, int]:
    """Each story stored as an article; story newid -> article id."""
    article_of_story: dict[int, int] = {}
    for story in stories:
        extracted = Extracted(title=story.title, text=story.text, site="reuters.com",
                              language="en", url=None, published=None)  # fmt: skip
        result = library.add_article(extracted, url=f"https://reuters.com/{story.newid}",
                                     kind="url", source=str(story.newid))  # fmt: skip
        if result.article_id is not None:
            article_of_story[story.newid] = result.article_id
    return article_of_story


def stored_articles(library: Library) -> list[ArticleText]:
    """Every article as the alerts read it."""
    with library.sessions() as session:
        rows = session.scalars(
            select(Article).options(selectinload(Article.passages)).order_by(Article.id)
        ).all()
        return [article_text(row) for row in rows]


def fire(
    topics: dict[int, str], articles: list[ArticleText], library: Library, *, best_only: bool
) -> dict[int, dict[int, TopicMatch]]:
    """The product's decision: topic key -> article id -> its match."""
    matcher = TopicMatcher({key: (text, best_only) for key, text in topics.items()})
    fired: dict[int, dict[int, TopicMatch]] = {key: {} for key in topics}
    for found in matcher.match_all(articles, library.index.idf):
        fired[found.key][found.article_id] = found
    return fired


def summarise(rows: dict[str, list[Scores]]) -> dict[str, dict[str, float]]:
    return {
        name: {key: round(sum(r[i] for r in values) / len(values), 3)
               for i, key in enumerate(("precision", "recall", "f1"))}
        for name, values in rows.items() if values
    }  # fmt: skip


def run(stories: list[corpus.Story], workdir: Path) -> dict[str, Any]:
    library = Library.open(f"sqlite:///{workdir / 'topics.sqlite3'}")
    try:
        started = time.perf_counter()
        article_of_story = ingest(library, stories)
        library.index.refresh()
        articles = stored_articles(library)
        ingest_s = time.perf_counter() - started
        labelled: dict[str, set[int]] = {}
        for story in stories:
            for label in story.topics:
                if story.newid in article_of_story:
                    labelled.setdefault(label, set()).add(article_of_story[story.newid])
        names = [t for t in MAGAZINE_QUERIES if len(labelled.get(t, ())) >= MAGAZINE_MIN_STORIES]
        topics = dict(enumerate(MAGAZINE_QUERIES[name] for name in names))

        started = time.perf_counter()
        everything = fire(topics, articles, library, best_only=False)
        best = fire(topics, articles, library, best_only=True)
        match_s = time.perf_counter() - started

        title_terms = {a.article_id: a.title_terms for a in articles}
        rows: dict[str, list[Scores]] = {EVERYTHING: [], BEST: []}
        rows.update({floor_row(f): [] for f in SWEEP})
        pooled = {name: [0, 0, 0] for name in rows}  # fired, right, relevant
        per_topic = []
        for key, name in enumerate(names):
            relevant = labelled[name]
            # The compiled topic (the product's) says which words the title rule needs.
            required = compile_topic(key, topics[key], DEFAULT_LANGUAGE, best_only=False).required
            by_title = {a for a in everything[key] if required and required <= title_terms[a]}
            for a, found in everything[key].items():
                assert found.best == (found.evidence >= BEST_FLOOR or a in by_title), (name, a)
            fired = {EVERYTHING: set(everything[key]), BEST: set(best[key])}
            for floor in SWEEP:
                fired[floor_row(floor)] = {
                    a for a, found in everything[key].items()
                    if found.evidence >= floor or a in by_title
                }  # fmt: skip
            assert fired[floor_row(BEST_FLOOR)] == fired[BEST], (name, "sweep != product")
            for row, ids in fired.items():
                rows[row].append(prf(ids, relevant))
                for i, n in enumerate((len(ids), len(ids & relevant), len(relevant))):
                    pooled[row][i] += n
            per_topic.append({
                "label": name, "topic": topics[key], "relevant": len(relevant),
                **{f"{row}_fired": len(fired[row]) for row in (EVERYTHING, BEST)},
                **{f"{row}_right": len(fired[row] & relevant) for row in (EVERYTHING, BEST)},
            })  # fmt: skip
        table = summarise(rows)
        for row, (n_fired, right, n_relevant) in pooled.items():
            p = right / n_fired if n_fired else 1.0
            r = right / n_relevant if n_relevant else 1.0
            table[row].update({
                "fired_per_topic": round(n_fired / len(names), 1),
                "micro_precision": round(p, 3), "micro_recall": round(r, 3),
                "micro_f1": round(2 * p * r / (p + r) if p + r else 0.0, 3),
            })  # fmt: skip
        sweep = {f: table[floor_row(f)]["f1"] for f in SWEEP}
        chosen = max(SWEEP, key=lambda f: (sweep[f], -abs(f - BEST_FLOOR)))
        return {
            "stories": len(stories),
            "articles": len(articles),
            "topics": len(names),
            "best_floor": BEST_FLOOR,
            "best_f1_floor": chosen,
            "sensitivities": {"all": table[EVERYTHING], "best": table[BEST]},
            "rows": table,
            "per_topic": per_topic,
            "seconds": {"ingest": round(ingest_s, 1), "match": round(match_s, 1)},
        }
    finally:
        library.close()


def print_report(report: dict[str, Any]) -> None:
    print(
        f"{report['stories']} stories ({report['articles']} articles), {report['topics']} "
        f"topics; mean over topics, micro = pooled pairs; product BEST_FLOOR = "
        f"{report['best_floor']:g}"
    )
    print(f"{'rule':<22} precision  recall     F1  fired/topic  micro-P  micro-R  micro-F1")
    for name, row in report["rows"].items():
        mark = "  <- product default" if name == BEST else ""
        print(
            f"{name:<22} {row['precision']:9.3f} {row['recall']:7.3f} {row['f1']:6.3f} "
            f"{row['fired_per_topic']:12.1f} {row['micro_precision']:8.3f} "
            f"{row['micro_recall']:8.3f} {row['micro_f1']:9.3f}{mark}"
        )
    chosen = report["best_f1_floor"]
    print(
        f"best mean F1 in the sweep: floor {chosen:g} "
        f"({report['rows'][floor_row(chosen)]['f1']:.3f}); BEST_FLOOR {report['best_floor']:g} "
        f"gives {report['rows'][BEST]['f1']:.3f} (the sweep's row at it equals the product's "
        "best_only=True, asserted)"
    )
    print("\nper topic: relevant, then fired/right for everything | best matches only")
    for t in report["per_topic"]:
        print(
            f"  {t['label']:<12} {t['topic']:<28} {t['relevant']:5d}   "
            f"{t[EVERYTHING + '_fired']:5d}/{t[EVERYTHING + '_right']:<5d} | "
            f"{t[BEST + '_fired']:5d}/{t[BEST + '_right']}"
        )
    s = report["seconds"]
    print(f"\ningest {s['ingest']:.0f} s, matching (both sensitivities) {s['match']:.1f} s")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Precision and recall of topic alerts (the product's TopicMatcher) on "
        "Reuters TOPICS, for both sensitivities and a sweep of floors.",
        epilog="example:\n  .venv/bin/python bench/topic_relevance.py --stories 3000 --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--shared", type=Path, default=None, help="the shared/ directory")
    parser.add_argument("--stories", type=int, default=None, help="the first N stories only")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    reuters = corpus.shared_dir(args.shared) / "evaldata" / "news-reuters21578"
    if not reuters.is_dir():
        print(f"error: {reuters} not found; pass --shared DIR", file=sys.stderr)
        return 2
    stories = corpus.load_stories(reuters, args.stories)
    with tempfile.TemporaryDirectory(prefix="articlebot-topics-") as tmp:
        report = run(stories, Path(tmp))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
