"""Text fragments (https://wicg.github.io/scroll-to-text-fragment/): links that make a browser
scroll to and highlight an excerpt, and land on the excerpt itself, not an earlier copy."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from index.fragments import (
    MAX_DIRECTIVE_CHARS,
    encode_term,
    first_match,
    link_to_excerpt,
    text_fragment,
)


def fragment_of(body: str, excerpt: str, nth: int = 0, **kwargs: int) -> str | None:
    """text_fragment of the nth (from 0) occurrence of `excerpt` in `body`."""
    start = -1
    for _ in range(nth + 1):
        start = body.index(excerpt, start + 1)
    return text_fragment(body, start, start + len(excerpt), **kwargs)


def span_of(body: str, excerpt: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = body.index(excerpt, start + 1)
    return start, start + len(excerpt)


# --- text_fragment: exact outputs ------------------------------------------------------------

TREATY = "Since the signing of the treaty in 1961, China has been North Korea's only major ally"


def test_a_long_excerpt_is_its_first_and_last_three_words() -> None:
    assert fragment_of(TREATY, TREATY) == ":~:text=Since%20the%20signing,only%20major%20ally"


def test_a_short_excerpt_is_written_whole() -> None:
    assert fragment_of(TREATY, "North Korea's only") == ":~:text=North%20Korea%27s%20only"


def test_max_words_decides_what_is_short() -> None:
    body = "one two three four five six seven"
    assert fragment_of(body, body) == ":~:text=one%20two%20three,five%20six%20seven"
    assert (
        fragment_of(body, body, max_words=10)
        == ":~:text=one%20two%20three%20four%20five%20six%20seven"
    )


def test_dash_comma_ampersand_and_percent_are_encoded() -> None:
    body = "The ceremony ended; a-b, c&d 100% done."
    # The directive's own "-", "," and "&" stay the only raw ones.
    assert fragment_of(body, "a-b, c&d 100%") == ":~:text=a%2Db%2C%20c%26d%20100%25"


def test_non_ascii_is_percent_encoded_utf8() -> None:
    body = "He lives in Zürich – café owner."
    assert fragment_of(body, "Zürich – café") == ":~:text=Z%C3%BCrich%20%E2%80%93%20caf%C3%A9"


def test_quotes_and_apostrophes_are_encoded() -> None:
    body = 'She said "Yes," and left. “Fine” it’s o\'k.'
    assert fragment_of(body, '"Yes," and left.') == ":~:text=%22Yes%2C%22%20and%20left."
    assert (
        fragment_of(body, "“Fine” it’s o'k.")
        == ":~:text=%E2%80%9CFine%E2%80%9D%20it%E2%80%99s%20o%27k."
    )


def test_encode_term_leaves_only_unreserved_characters() -> None:
    assert encode_term("a-b,c&d e%f~g_h.i/j(k)") == "a%2Db%2Cc%26d%20e%25f~g_h.i%2Fj%28k%29"


def test_start_words_seen_earlier_grow_until_unique() -> None:
    body = "the treaty was signed in 1961. the treaty was signed again in 1981 by both sides."
    excerpt = "the treaty was signed again in 1981 by both sides."
    directive = fragment_of(body, excerpt)
    assert directive == ":~:text=the%20treaty%20was%20signed%20again,by%20both%20sides."
    assert first_match(body, directive) == span_of(body, excerpt)


def test_a_repeated_word_gets_a_prefix() -> None:
    body = "the the cat saw the dog"
    assert fragment_of(body, "the", 1) == ":~:text=the-,the"
    assert fragment_of(body, "the", 2) == ":~:text=saw-,the"
    assert fragment_of(body, "the", 0) == ":~:text=the"


def test_a_repeated_paragraph_takes_its_prefix_from_the_paragraph_before() -> None:
    body = "Intro here.\n\nSame para here.\n\nMiddle.\n\nSame para here."
    assert fragment_of(body, "Same para here.", 1) == ":~:text=Middle.-,Same%20para%20here."


def test_case_and_accents_do_not_make_a_copy_different() -> None:
    assert fragment_of("Straße and strasse", "strasse") == ":~:text=and-,strasse"
    assert fragment_of("CAFÉ au lait, café", "café", 0) == ":~:text=lait%2C-,caf%C3%A9"


def test_scripts_without_spaces_may_match_inside_words() -> None:
    # A browser finds the words of Chinese or Japanese with a dictionary; we assume a word
    # boundary between any two of their characters, so "京都" may match inside "東京都".
    assert first_match("東京都 京都", ":~:text=%E4%BA%AC%E9%83%BD") == (1, 3)
    assert fragment_of("東京都 京都", "京都", 1) == (
        ":~:text=%E6%9D%B1%E4%BA%AC%E9%83%BD-,%E4%BA%AC%E9%83%BD"
    )


def test_decomposed_accents_are_kept_and_matched() -> None:
    body = "cafe au lait, cafe\u0301"
    assert fragment_of(body, "cafe\u0301") == ":~:text=lait%2C-,cafe%CC%81"
    assert first_match(body, ":~:text=lait%2C-,cafe%CC%81") == (14, 19)


def test_one_word_excerpt() -> None:
    assert fragment_of(TREATY, "treaty") == ":~:text=treaty"


def test_excerpt_at_the_very_start_and_end() -> None:
    body = "alpha beta gamma"
    assert fragment_of(body, "alpha") == ":~:text=alpha"
    assert fragment_of(body, "gamma") == ":~:text=gamma"
    assert text_fragment(body, -10, 100) == ":~:text=alpha%20beta%20gamma"


def test_whitespace_inside_the_excerpt_is_one_space() -> None:
    assert fragment_of("x  a   b\tc  y", "a   b\tc") == ":~:text=a%20b%20c"


def test_no_term_spans_a_paragraph_break() -> None:
    body = "one two\n\nthree four"
    assert fragment_of(body, body) == ":~:text=one%20two,three%20four"
    assert first_match(body, ":~:text=one%20two,three%20four") == (0, len(body))


def test_an_excerpt_cutting_words_widens_to_whole_words() -> None:
    # A text fragment starts and ends on word boundaries.
    assert text_fragment("abc def ghi", 1, 5) == ":~:text=abc%20def"


def test_no_fragment_for_no_words() -> None:
    assert text_fragment("abc def", 3, 4) is None  # only the space
    assert text_fragment("abc def", 5, 2) is None
    assert text_fragment("abc def", 3, 3) is None
    assert text_fragment("", 0, 0) is None
    assert text_fragment(" \n\t ", 0, 4) is None


def test_no_fragment_when_every_context_repeats() -> None:
    # Each "x" has "p" before and after it (paragraphs apart): nothing tells them apart.
    body = "p\n\nx\n\np\n\nx\n\np"
    assert fragment_of(body, "x", 0) == ":~:text=x"
    assert fragment_of(body, "x", 1) is None


def test_no_fragment_longer_than_the_cap() -> None:
    body = "ab ab ab " + "x" * 400
    assert fragment_of(body, "x" * 400) is None
    assert fragment_of(body, "ab ab " + "x" * 400) is None
    long_sentence = " ".join(f"w{i}" for i in range(200))
    directive = fragment_of(long_sentence, long_sentence)
    assert directive == ":~:text=w0%20w1%20w2,w197%20w198%20w199"


def test_a_lone_surrogate_gives_no_fragment_rather_than_an_error() -> None:
    assert fragment_of("a \ud800 b", "\ud800") is None
    assert link_to_excerpt("https://x.org/", "a \ud800 b", 2, 3) == "https://x.org/"


# --- first_match: the browser's side ---------------------------------------------------------


def test_first_match_follows_the_spec_examples() -> None:
    directive = ":~:text=this%20is-,an%20example,-text%20fragment"
    assert first_match("this is an example text fragment", directive) == (8, 18)
    assert first_match("here is an example text", directive) is None
    assert first_match("an example text fragment", ":~:text=an%20example%20text%20fragment") == (
        0,
        24,
    )


def test_first_match_needs_word_boundaries() -> None:
    assert first_match("color orange", ":~:text=range") is None
    assert first_match("forest ranger", ":~:text=range") is None
    assert first_match("mountain range", ":~:text=range") == (9, 14)
    assert first_match("range.", ":~:text=range") == (0, 5)


def test_first_match_ignores_case_accents_and_whitespace_runs() -> None:
    assert first_match("An\n  EXAMPLE here", ":~:text=an%20example") == (0, 12)
    assert first_match("un café noir", ":~:text=CAFE") == (3, 7)


def test_first_match_ranges_end_at_the_first_text_end_after_the_first_start() -> None:
    body = "a x a b c b"
    assert first_match(body, ":~:text=a,b") == (0, 7)  # not the second "a", nor the last "b"
    # Only the first textStart counts: no "z" after it ends the search.
    assert first_match("a z a", ":~:text=a,z") == (0, 3)
    assert first_match("z a", ":~:text=a,z") is None
    # A suffix moves textEnd on, not textStart...
    assert first_match("start one end two end three", ":~:text=start,end,-three") == (0, 21)
    # ...but moves an exact match on.
    assert first_match("a b a c", ":~:text=a,-c") == (4, 5)
    assert first_match("a b a c", ":~:text=a,-d") is None
    # textEnd starts a word; a prefix starts one too, and textStart follows it.
    assert first_match("a then hen", ":~:text=a,hen") == (0, 10)
    assert first_match("ant x nt x", ":~:text=nt-,x") == (9, 10)
    assert first_match("ant x", ":~:text=nt-,x") is None
    assert first_match("pre fix", ":~:text=pre-,fi") is None  # textStart ends a word here
    assert first_match("pre fix", ":~:text=pre-,fi,-x") == (4, 6)  # but not before a suffix
    # Prefixes may overlap: the next one is looked for one character on.
    assert first_match("a a a x", ":~:text=a%20a-,x") == (6, 7)


def test_first_match_reads_only_valid_directives() -> None:
    body = "this is test page"
    # Context terms without "-" (the spec's test suite): not a text directive.
    assert first_match(body, ":~:text=this,is,test,page") is None
    assert first_match(body, ":~:text=is-test") is None  # a raw "-" inside a term
    assert first_match(body, ":~:text=") is None
    assert first_match(body, ":~:text=-,is") is None
    assert first_match(body, "text=test") is None  # no ":~:"
    assert first_match(body, ":~:text=%FF") is None  # not UTF-8
    assert first_match(body, "#:~:text=test") == (8, 12)
    assert first_match(body, ":~:unknown=1&text=page&text=this") == (13, 17)
    assert first_match(body, ":~:text=a%20b-c&text=test") == (8, 12)


# --- link_to_excerpt ---------------------------------------------------------------------------


def test_link_appends_the_fragment() -> None:
    link = link_to_excerpt("https://example.org/a/b?x=1&y=2", TREATY, 41, 46)
    assert link == "https://example.org/a/b?x=1&y=2#:~:text=China"


def test_link_replaces_an_existing_fragment_and_directive() -> None:
    assert (
        link_to_excerpt("http://example.org/p#section-2", TREATY, 41, 46)
        == "http://example.org/p#:~:text=China"
    )
    assert (
        link_to_excerpt("HTTPS://example.org/p#top:~:text=old", TREATY, 41, 46)
        == "HTTPS://example.org/p#:~:text=China"
    )


@pytest.mark.parametrize(
    "url",
    [
        "file:///home/me/article.txt",
        "mailto:someone@example.org",
        "ftp://example.org/a",
        "example.org/a",
        "",
        "http://",
        "http://[::1",  # urlsplit raises ValueError
    ],
)
def test_link_leaves_other_urls_alone(url: str) -> None:
    assert link_to_excerpt(url, TREATY, 41, 46) == url


def test_link_is_unchanged_without_a_fragment() -> None:
    url = "https://example.org/p#keep"
    assert link_to_excerpt(url, TREATY, 5, 5) == url
    assert link_to_excerpt(url, "p\n\nx\n\np\n\nx\n\np", 9, 10) == url


# --- properties --------------------------------------------------------------------------------

# Few words, many repeats: words inside others ("an" in "ant"), case, punctuation the
# directive must encode, and an accent.
VOCAB = ["a", "an", "ant", "An", "the", "then", "The", "x.", "b-c", "(d)", "e,f", "&", "%", "é"]
SEPARATORS = [" ", " ", " ", "  ", "\n", "\n\n", "\t", " \n "]


@st.composite
def bodies(draw: st.DrawFn, vocab: list[str] = VOCAB) -> str:
    words = draw(st.lists(st.sampled_from(vocab), min_size=1, max_size=40))
    separators = draw(
        st.lists(st.sampled_from(SEPARATORS), min_size=len(words) + 1, max_size=len(words) + 1)
    )
    lead = draw(st.sampled_from(["", " ", "\n"]))
    return lead + "".join(w + s for w, s in zip(words, separators, strict=False))


def excerpt_span(body: str, start: int, end: int) -> tuple[int, int] | None:
    """The whole words of body overlapping body[start:end], as a span."""
    spans = [m.span() for m in re.finditer(r"\S+", body) if m.start() < end and m.end() > start]
    if start >= end or not spans:
        return None
    return spans[0][0], spans[-1][1]


def oracle(
    body: str, prefix: str | None, start: str, end: str | None, suffix: str | None
) -> tuple[int, int] | None:
    """The spec's matching, restated for ASCII-only text without `index.fragments`: the first
    textStart (after its prefix), then the first textEnd after it (before its suffix)."""
    words = list(re.finditer(r"\S+", body))
    text = " ".join(m.group() for m in words).lower()
    where: list[int] = []  # body index of each character of text (a space: its word's end)
    for number, m in enumerate(words):
        where.extend(range(m.start(), m.end()))
        if number < len(words) - 1:
            where.append(m.end())

    def word_char(c: str) -> bool:
        return c.isalnum() or c == "_"

    def bounded(i: int) -> bool:
        return i <= 0 or i >= len(text) or not (word_char(text[i - 1]) and word_char(text[i]))

    def spaces_from(i: int) -> int:
        while i < len(text) and text[i] == " ":
            i += 1
        return i

    def prefix_before(i: int) -> bool:
        assert prefix is not None
        j = i
        while j > 0 and text[j - 1] == " ":
            j -= 1
        k = j - len(prefix)
        return k >= 0 and text[k:j] == prefix and bounded(k)

    def suffix_after(i: int) -> bool:
        assert suffix is not None
        j = spaces_from(i)
        return text.startswith(suffix, j) and bounded(j + len(suffix))

    start_must_end_at_word = end is not None or suffix is None
    first = next(
        (
            i
            for i in range(len(text))
            if text.startswith(start, i)
            and (prefix_before(i) if prefix is not None else bounded(i))
            and (not start_must_end_at_word or bounded(i + len(start)))
            and (end is not None or suffix is None or suffix_after(i + len(start)))
        ),
        None,
    )
    if first is None:
        return None
    if end is None:
        last = first + len(start)
    else:
        search = first + len(start)
        while True:
            found = next(
                (
                    j
                    for j in range(search, len(text))
                    if text.startswith(end, j)
                    and bounded(j)
                    and (suffix is not None or bounded(j + len(end)))
                ),
                None,
            )
            if found is None:
                return None
            search = found + len(end)
            if suffix is None or suffix_after(search):
                last = search
                break
    return where[first], where[last - 1] + 1


def oracle_of_directive(body: str, directive: str) -> tuple[int, int] | None:
    """`oracle` of a directive text_fragment wrote."""
    assert directive.startswith(":~:text="), directive
    tokens = directive[len(":~:text=") :].split(",")
    prefix = unquote(tokens.pop(0)[:-1]).lower() if tokens[0].endswith("-") else None
    suffix = unquote(tokens.pop()[1:]).lower() if tokens[-1].startswith("-") else None
    terms = [unquote(token).lower() for token in tokens]
    return oracle(body, prefix, terms[0], terms[1] if len(terms) == 2 else None, suffix)


DIRECTIVE_SYNTAX = re.compile(
    r":~:text=(?:[A-Za-z0-9._~%]+-,)?[A-Za-z0-9._~%]+(?:,[A-Za-z0-9._~%]+)?(?:,-[A-Za-z0-9._~%]+)?"
)


@settings(max_examples=400, deadline=None)
@given(body=bodies(), data=st.data(), max_words=st.integers(1, 6))
def test_the_directive_lands_on_the_excerpt(body: str, data: st.DataObject, max_words: int) -> None:
    start = data.draw(st.integers(-2, len(body) + 2), label="start")
    end = data.draw(st.integers(-2, len(body) + 2), label="end")
    directive = text_fragment(body, start, end, max_words=max_words)
    expected = excerpt_span(body, max(0, start), min(len(body), end))
    if expected is None:
        assert directive is None
        return
    if directive is None:
        # Only when a browser's first match could not be told from this one.
        return
    assert DIRECTIVE_SYNTAX.fullmatch(directive), directive
    assert len(directive) <= MAX_DIRECTIVE_CHARS
    assert first_match(body, directive) == expected
    if body.isascii():
        assert oracle_of_directive(body, directive) == expected


@settings(max_examples=200, deadline=None)
@given(body=bodies(), data=st.data())
def test_an_excerpt_that_comes_first_is_written_whole(body: str, data: st.DataObject) -> None:
    words = [m.span() for m in re.finditer(r"\S+", body)]
    first = data.draw(st.integers(0, len(words) - 1), label="first")
    last = data.draw(st.integers(first, min(first + 4, len(words) - 1)), label="last")
    start, end = words[first][0], words[last][1]
    excerpt = body[start:end]
    assume("\n" not in excerpt)
    whole = ":~:text=" + encode_term(" ".join(excerpt.split()))
    if first_match(body, whole) == (start, end):
        assert text_fragment(body, start, end) == whole
    if first == 0:  # nothing comes before the first word
        assert text_fragment(body, start, end) == whole


ASCII_VOCAB = [w for w in VOCAB if w.isascii()] + ["hen", "nt", "d)"]  # ends of other words


@st.composite
def terms_near(draw: st.DrawFn, words: list[str]) -> str:
    """1-3 words, mostly as the body has them (so that they match), sometimes any."""
    count = draw(st.integers(1, 3))
    if draw(st.integers(0, 4)) == 0 or len(words) < count:
        return " ".join(
            draw(st.lists(st.sampled_from(ASCII_VOCAB), min_size=count, max_size=count))
        )
    at = draw(st.integers(0, len(words) - count))
    return " ".join(words[at : at + count])


@settings(max_examples=600, deadline=None)
@given(
    body=bodies(vocab=ASCII_VOCAB),
    data=st.data(),
    shape=st.tuples(st.booleans(), st.booleans(), st.booleans()),
)
def test_first_match_agrees_with_the_spec_restated(
    body: str, data: st.DataObject, shape: tuple[bool, bool, bool]
) -> None:
    words = body.split()
    prefix, start, end, suffix = (data.draw(terms_near(words)) for _ in range(4))
    with_prefix, with_end, with_suffix = shape
    parts = [encode_term(start)]
    if with_prefix:
        parts.insert(0, encode_term(prefix) + "-")
    if with_end:
        parts.append(encode_term(end))
    if with_suffix:
        parts.append("-" + encode_term(suffix))
    directive = ":~:text=" + ",".join(parts)
    assert first_match(body, directive) == oracle(
        body,
        prefix.lower() if with_prefix else None,
        start.lower(),
        end.lower() if with_end else None,
        suffix.lower() if with_suffix else None,
    )


@settings(max_examples=300, deadline=None)
@given(
    body=st.text(st.characters(exclude_categories=()), max_size=80),
    start=st.integers(-5, 90),
    end=st.integers(-5, 90),
    url=st.one_of(
        st.text(max_size=30),
        st.sampled_from(["https://example.org/a#b", "http://x.y/?q=1", "file:///a"]),
    ),
)
def test_any_text_never_raises(body: str, start: int, end: int, url: str) -> None:
    directive = text_fragment(body, start, end)
    if directive is not None:
        assert first_match(body, directive) == excerpt_span(
            body, max(0, start), min(len(body), end)
        )
    link = link_to_excerpt(url, body, start, end)
    assert link == url or link.startswith(url.partition("#")[0] + "#:~:text=")
    first_match(body, url)
