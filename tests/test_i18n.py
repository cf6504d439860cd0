"""The English and Russian catalogues hold the same names, placeholders and HTML tags; every
text is valid Telegram HTML under the limits; texts_for picks Russian for ru and ru-* only."""

from __future__ import annotations

import re
import string
from collections import Counter
from types import ModuleType

import pytest

from bot import i18n, texts, texts_ru
from standin import parse_telegram_html

CATALOGUES = {"en": texts, "ru": texts_ru}
MAX_MESSAGE_CHARS = 4096  # sendMessage text
MAX_COMMAND_DESCRIPTION = 256  # BotCommand.description: 1-256 characters
MAX_CALLBACK_ANSWER = 200  # answerCallbackQuery text: 0-200 characters
# Placeholders a translation may leave out: the English plural word that Russian, with three
# forms, replaces by "Новых статей: {count}". Extra keyword arguments to format are ignored.
MAY_DROP = {("ru", "DIGEST_HEADER"): {"articles"}}
# Shown as plain text, not HTML: button labels, callback answers, the inline result title
# (COMMANDS descriptions too, checked below). Markup there would show as typed.
PLAIN = {
    "BUTTON_PAUSE",
    "BUTTON_RESUME",
    "BUTTON_REMOVE",
    "BUTTON_BACK",
    "BUTTON_SET",
    "BUTTON_MORE",
    "BUTTON_NEWEST",
    "BUTTON_RELEVANT",
    "BUTTON_HELPFUL",
    "BUTTON_UNHELPFUL",
    "INLINE_SLOW_DOWN",
    "INLINE_NOTHING",
}
CALLBACK_ANSWERS = {
    "ANSWER_GONE",
    "NOT_YOUR_ANSWER",
    "FEEDBACK_THANKS",
    "NO_MORE",
    "TOPIC_GONE",
    "ADMINS_ONLY_TOPICS",
}
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


class _Samples(dict[str, str]):
    """A value for any placeholder, already escaped as the callers escape theirs."""

    def __missing__(self, key: str) -> str:
        return f"{key} &lt;1&gt; &amp; 2"


def names(module: ModuleType) -> set[str]:
    return {name for name in vars(module) if name.isupper() and not name.startswith("_")}


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def strings(module: ModuleType) -> dict[str, str]:
    """Every text of the catalogue by name; a dict's values as NAME[key]."""
    found: dict[str, str] = {}
    for name in sorted(names(module)):
        value = getattr(module, name)
        if isinstance(value, str):
            found[name] = value
        elif isinstance(value, dict):
            found.update({f"{name}[{key}]": text for key, text in value.items()})
    return found


def test_both_catalogues_hold_the_same_names() -> None:
    assert names(texts_ru) == names(texts)
    assert names(texts)  # the walk sees the catalogue


def test_the_catalog_type_lists_every_name() -> None:
    assert set(i18n.Catalog.__annotations__) == names(texts)


@pytest.mark.parametrize("name", sorted(names(texts)))
def test_each_name_has_the_same_type(name: str) -> None:
    assert type(getattr(texts_ru, name)) is type(getattr(texts, name))


@pytest.mark.parametrize("name", sorted(strings(texts)))
def test_translations_keep_placeholders_and_tags(name: str) -> None:
    english, russian = strings(texts)[name], strings(texts_ru)[name]
    dropped = placeholders(english) - placeholders(russian)
    assert placeholders(russian) <= placeholders(english), "format() would raise KeyError"
    assert dropped == MAY_DROP.get(("ru", name), set())
    assert Counter(_TAG.findall(russian)) == Counter(_TAG.findall(english))


@pytest.mark.parametrize("language", sorted(CATALOGUES))
@pytest.mark.parametrize("name", sorted(strings(texts)))
def test_every_text_is_valid_telegram_html(language: str, name: str) -> None:
    text = strings(CATALOGUES[language])[name].format_map(_Samples())
    plain, _ = parse_telegram_html(text)
    assert plain.strip()
    assert len(text) <= MAX_MESSAGE_CHARS


@pytest.mark.parametrize("language", sorted(CATALOGUES))
def test_plain_texts_hold_no_markup(language: str) -> None:
    catalogue = strings(CATALOGUES[language])
    plain = {k: v for k, v in catalogue.items() if k.split("[")[0] in PLAIN | CALLBACK_ANSWERS}
    assert {k: v for k, v in plain.items() if parse_telegram_html(v) != (v, [])} == {}
    assert all(len(catalogue[name]) <= MAX_CALLBACK_ANSWER for name in CALLBACK_ANSWERS)


@pytest.mark.parametrize("language", sorted(CATALOGUES))
def test_the_help_message_fits(language: str) -> None:
    # As bot/handlers.py builds it: header, one line per command, examples.
    t = CATALOGUES[language]
    commands = "".join(f"/{name}: {about}\n" for name, about in t.COMMANDS)
    plain, _ = parse_telegram_html(t.HELP_HEADER + "\n" + commands + t.HELP_EXAMPLES)
    assert len(plain) <= MAX_MESSAGE_CHARS


@pytest.mark.parametrize(
    "name", sorted(n for n in names(texts) if isinstance(getattr(texts, n), dict))
)
def test_dicts_have_the_same_keys(name: str) -> None:
    assert getattr(texts_ru, name).keys() == getattr(texts, name).keys()


def test_commands_keep_their_names_and_order() -> None:
    assert [name for name, _ in texts_ru.COMMANDS] == [name for name, _ in texts.COMMANDS]
    for t in CATALOGUES.values():
        for name, about in t.COMMANDS:
            assert re.fullmatch(r"[a-z0-9_]{1,32}", name)
            assert 1 <= len(about) <= MAX_COMMAND_DESCRIPTION
            assert parse_telegram_html(about) == (about, [])


def test_non_text_constants_agree() -> None:
    assert texts_ru.ADD_MAX == texts.ADD_MAX
    # Russian recognises every greeting and thank-you English does, and more.
    assert texts_ru.GREETINGS >= texts.GREETINGS
    assert texts_ru.THANK_YOUS >= texts.THANK_YOUS
    for phrase in texts_ru.GREETINGS | texts_ru.THANK_YOUS:
        # small_talk compares casefolded words without punctuation: anything else never matches.
        assert phrase == " ".join(re.sub(r"[^\w\s]+", " ", phrase.casefold()).split())
    assert not texts_ru.GREETINGS & texts_ru.THANK_YOUS


@pytest.mark.parametrize(
    ("code", "catalogue"),
    [
        ("ru", texts_ru),
        ("ru-RU", texts_ru),
        ("RU", texts_ru),
        ("ru_UA", texts_ru),
        ("en", texts),
        ("en-GB", texts),
        (None, texts),
        ("", texts),
        ("de", texts),
        ("uk", texts),
        ("be", texts),
        ("rue", texts),  # Rusyn: a different language, not a region of Russian
    ],
)
def test_texts_for_picks_russian_for_ru_only(code: str | None, catalogue: ModuleType) -> None:
    assert i18n.texts_for(code) is catalogue


def test_every_catalogue_is_reachable() -> None:
    assert {code: i18n.texts_for(code) for code in i18n.CATALOGS} == CATALOGUES
    assert i18n.language_of("ru-RU") == "ru"
    assert i18n.language_of("fr") == i18n.DEFAULT_LANGUAGE == "en"
