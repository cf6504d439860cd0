"""Rebuild articles/samples/ from ../shared (the seed article and XQuAD's Wikipedia paragraphs).

Usage: python tools/make_samples.py [SHARED_DIR]   (default: ../shared next to the repo)
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "articles" / "samples"
SEED = "seed/000_485afe9ac638b9f4.txt"
XQUAD = "evaldata/qa-xquad-en"
# A varied handful: sport, science, history, space, nature, television.
ARTICLES = {
    "Super_Bowl_50": "super-bowl-50.md",
    "Oxygen": "oxygen.md",
    "Black_Death": "black-death.md",
    "Apollo_program": "apollo-program.md",
    "Amazon_rainforest": "amazon-rainforest.md",
    "Doctor_Who": "doctor-who.md",
}

SOURCES_HEAD = """\
# Sources of the bundled sample articles

Rebuilt by `tools/make_samples.py` from the shared data directory.

## china-north-korea-treaty.txt

Copied unchanged from the project's seed article `{seed}` (a plain-text scrape of a
news-site page, kept with its site chrome: section label, "Title | Site" line, and trailing
"Related Articles" / "Leave a Reply" lines, so that the demo exercises chrome removal).

## Wikipedia articles from XQuAD

Each file below holds the paragraphs of one Wikipedia article as included in XQuAD
(github.com/google-deepmind/xquad, commit 7d30520c717524000f0d9d2f9c10a069acd9d285, file
`xquad.en.json`; Artetxe, Ruder, Yogatama 2020; the text is from Wikipedia via SQuAD v1.1).
License: CC BY-SA 4.0, full text in `CC-BY-SA4.0.txt`. Changes made: only the paragraph
texts (`context`) were kept, in dataset order, separated by blank lines, under a `# Title`
heading made from the article title (underscores → spaces); questions and answers dropped.

"""


def main(argv: list[str]) -> int:
    shared = Path(argv[1]) if len(argv) > 1 else REPO.parent / "shared"
    if not (shared / SEED).is_file():
        print(f"Error: no seed article at {shared / SEED}; pass the shared directory as argument")
        return 1
    SAMPLES.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shared / SEED, SAMPLES / "china-north-korea-treaty.txt")
    shutil.copyfile(shared / XQUAD / "CC-BY-SA4.0.txt", SAMPLES / "CC-BY-SA4.0.txt")
    data = json.loads((shared / XQUAD / "xquad.en.json").read_text(encoding="utf-8"))
    by_title = {article["title"]: article for article in data["data"]}
    lines = [SOURCES_HEAD.format(seed=SEED)]
    for key, filename in ARTICLES.items():
        title = key.replace("_", " ")
        paragraphs = [p["context"].strip() for p in by_title[key]["paragraphs"]]
        text = f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n"
        (SAMPLES / filename).write_text(text, encoding="utf-8")
        lines.append(
            f'- `{filename}`: "{title}", from XQuAD (Wikipedia), CC BY-SA 4.0; '
            f"https://en.wikipedia.org/wiki/{key}\n"
        )
    (SAMPLES / "SOURCES.md").write_text("".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
