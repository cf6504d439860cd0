"""A study for topic alerts (issue 9): which articles should a saved topic fire on?

Every Reuters-21578 story is ingested through the product (`Library.add_article`); each TOPICS
category with at least 30 stories becomes a topic named by its words (the same words as
bench/quality.py's magazine set: "crude oil", "coffee"); the stories labelled with it are the
ones that should fire. Per topic and article, the evidence is the product's own article score
(`BM25Index.group_scores`, the article's passages as one document, as search uses it for topic
queries), divided by the sum over the topic's terms of the best score any article reaches
for that term alone, so that one floor serves topics of one word and of three.

Reported: precision, recall and F1 of
- "everything that matches": articles holding every word of the topic;
- "best matches only": those whose normalised score reaches a floor, plus those whose title
  holds every word (the issue asks that these always count as best matches);
for a range of floors. Nothing here is product behaviour yet: it measures where to put it.

Example:
    .venv/bin/python bench/topic_relevance.py            # ~3 min: ingest, then the table
    .venv/bin/python bench/topic_relevance.py --stories 3000 --json
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
import numpy as np
from quality import MAGAZINE_MIN_STORIES, MAGAZINE_QUERIES

from articles.extracted import Extracted
from articles.library import Library
from index import analyze

FLOORS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def prf(fired: set[int], relevant: set[int]) -> tuple[float, float, float]:
    hits = len(fired & relevant)
    precision = hits / len(fired) if fired else 1.0
    recall = hits / len(relevant) if relevant else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run(stories: list[corpus.Story], workdir: Path) -> dict[str, Any]:
    library = Library.open(f"sqlite:///{workdir / 'topics.sqlite3'}")
    try:
        article_of_story: dict[int, int] = {}
        titles: dict[int, set[str]] = {}
        for story in stories:
            extracted = Extracted(title=story.title, text=story.text, site="reuters.com",
                                  language="en", url=None, published=None)  # fmt: skip
            result = library.add_article(extracted, url=f"https://reuters.com/{story.newid}",
                                         kind="url", source=str(story.newid))  # fmt: skip
            if result.article_id is not None:
                article_of_story[story.newid] = result.article_id
                titles[result.article_id] = set(analyze(story.title))
        index = library.index._index  # the engine the product searches with
        article_of = library.index._catalog.article_of()
        labelled: dict[str, set[int]] = {}
        for story in stories:
            for topic in story.topics:
                if story.newid in article_of_story:
                    labelled.setdefault(topic, set()).add(article_of_story[story.newid])
        topics = [t for t in MAGAZINE_QUERIES if len(labelled.get(t, ())) >= MAGAZINE_MIN_STORIES]
        rows: dict[str, list[tuple[float, float, float]]] = {"everything": []}
        for floor in FLOORS:
            rows[f"best, floor {floor:.1f}"] = []
        for topic in topics:
            terms = list(dict.fromkeys(analyze(MAGAZINE_QUERIES[topic])))
            holding = [set(article_of[index.docs_with(t)].tolist()) for t in terms]
            everything = set.intersection(*holding) if holding else set()
            scores = index.group_scores(terms, article_of, b=0.0)
            best_possible = sum(float(index.group_scores([t], article_of, b=0.0).max())
                                for t in terms) or 1.0  # fmt: skip
            by_title = {a for a in everything if set(terms) <= titles.get(a, set())}
            relevant = labelled[topic]
            rows["everything"].append(prf(everything, relevant))
            for floor in FLOORS:
                strong = {a for a in everything if scores[a] / best_possible >= floor}
                rows[f"best, floor {floor:.1f}"].append(prf(strong | by_title, relevant))
        table = {
            name: {key: round(float(np.mean([r[i] for r in values])), 3)
                   for i, key in enumerate(("precision", "recall", "f1"))}
            for name, values in rows.items()
        }  # fmt: skip
        return {"stories": len(stories), "topics": len(topics), "rows": table}
    finally:
        library.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Precision and recall of topic matching on Reuters TOPICS, per floor "
        "(a study for topic alerts).",
        epilog="example:\n  .venv/bin/python bench/topic_relevance.py --stories 3000",
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
        return 0
    print(f"{report['stories']} stories, {report['topics']} topics (mean over topics)")
    print(f"{'rule':<22} precision  recall     F1")
    for name, row in report["rows"].items():
        print(f"{name:<22} {row['precision']:9.3f} {row['recall']:7.3f} {row['f1']:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
