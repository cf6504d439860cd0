"""The Russian catalogue: every name of bot/texts.py, with the same placeholders and HTML.

Command names, query operators (site:, since:, OR), schedule words (weekdays, off) and time
zone names stay as typed, since the bot reads them back. ADD_MAX is English's; GREETINGS and
THANK_YOUS are English's sets plus more Russian phrases, so either catalogue's sets recognise
what the other's do. DIGEST_HEADER says "Новых статей: {count}" and so leaves out {articles}
(the English plural word): Russian would need three forms of it.
"""

from __future__ import annotations

from bot import texts as _en

# (command, description) pairs: registered with set_my_commands and listed by /help.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Что умеет этот бот"),
    ("help", "Как спрашивать, с примерами"),
    ("ask", "Задать вопрос, например /ask Когда подписали договор?"),
    ("add", "Добавить веб-страницу в библиотеку, например /add https://example.com/story"),
    ("feeds", "Ленты, за которыми следит бот (для админов)"),
    (
        "feed_add",
        "Следить за лентой, например /feed_add https://example.com/feed.xml (для админов)",
    ),
    ("feed_remove", "Перестать следить за лентой, например /feed_remove 3 (для админов)"),
    ("subscribe", "Оповещать о каждой новой статье по теме, например /subscribe нефть"),
    ("subscriptions", "Ваши темы, с кнопками паузы, изменения и удаления"),
    ("unsubscribe", "Удалить тему, например /unsubscribe нефть"),
    ("digest", "Новое с прошлого дайджеста, например /digest, /digest 7d, /digest кофе"),
    ("digest_at", "Дайджест по расписанию, например /digest_at 08:00 Europe/Moscow weekdays"),
    ("digest_off", "Отключить дайджест по расписанию"),
    ("quiet", "Тихие часы без оповещений, например /quiet 22:00-07:00 (или /quiet off)"),
    ("settings", "Расписание дайджеста, тихие часы и темы этого чата"),
    ("sources", "Сайты и папки, которые есть в библиотеке"),
    ("stats", "Статистика библиотеки и ответов (для админов)"),
)

START = (
    "Привет! Я отвечаю на вопросы по статьям из моей библиотеки.\n\n"
    "Просто напишите вопрос, например:\n"
    "<i>Когда был подписан договор между Китаем и КНДР?</i>\n\n"
    "В ответ пришлю самые подходящие отрывки: ваши слова выделены <b>жирным</b>, у каждого "
    "отрывка указаны статья и источник. В группах пишите /ask и вопрос.\n\n"
    "Ещё я могу сообщать о новых статьях по теме (<code>/subscribe нефть</code>) и присылать "
    "дайджест нового (<code>/digest</code> или каждый день: "
    "<code>/digest_at 08:00 Europe/Moscow</code>). Все команды — в /help."
)

HELP_HEADER = "<b>Как спрашивать</b>\nНапишите вопрос в этот чат или используйте /ask в группе.\n"
HELP_EXAMPLES = (
    "\n<b>Примеры</b>\n"
    "• Когда был подписан договор между Китаем и КНДР?\n"
    "• /ask Кто выиграл Супербоул 50?\n"
    "\nЯ ищу слова, а не смысл: лучше всего работают имена, места и числа. "
    "Спрашивайте на языке статей."
    "\n\n<b>Как сузить поиск</b>\n"
    '<code>"точная фраза"</code> слова именно в таком порядке\n'
    "<code>-слово</code> без отрывков, где оно есть\n"
    "<code>нефть OR газ</code> любое из двух\n"
    "<code>site:example.com</code> только этот сайт\n"
    "<code>since:2024-01-31</code>, <code>since:7d</code>, <code>before:2025</code> по дате"
    "\n\n<b>Темы и дайджесты</b>\n"
    "<code>/subscribe нефть</code> оповещение о каждой новой статье по теме (только лучшие "
    "совпадения; в /subscriptions это можно изменить, а тему — приостановить или удалить); "
    "в темах работают те же операторы.\n"
    "<code>/digest</code> всё новое с прошлого дайджеста; <code>/digest_at 08:00 "
    "Europe/Moscow weekdays</code> по будням в 08:00 по вашему времени; <code>/quiet "
    "22:00-07:00</code> без оповещений ночью."
)

ASK_USAGE = "Напишите вопрос после команды, например <code>/ask Кто подписал договор?</code>"
ADD_MAX = _en.ADD_MAX  # links per /add: each is fetched while the user waits
ADD_USAGE = (
    "Напишите после команды ссылку на страницу статьи, например "
    f"<code>/add https://example.com/news/story.html</code> (до {ADD_MAX} ссылок)."
)
ADD_SKIPPED = (
    "⏭ Не добавлено ссылок: {skipped} (не больше {limit} за один /add). Пришлите их ещё раз."
)
ADD_NOT_ALLOWED = (
    "Добавлять страницы здесь могут только админы бота. Попросите кого-нибудь из них "
    "или просто задайте вопрос."
)
FEEDS_NOT_ALLOWED = "Лентами бота управляют только его админы."
FEED_ADD_USAGE = (
    "Напишите после команды адрес ленты (или сайта, на котором она указана), например "
    "<code>/feed_add https://example.com/feed.xml</code>"
)
FEED_REMOVE_USAGE = (
    "Напишите после команды номер ленты (из /feeds), например <code>/feed_remove 3</code>"
)
NO_FEEDS = "Лент пока нет. Подключите первую: <code>/feed_add URL</code>."
UNKNOWN_COMMAND = "Такой команды я не знаю. Что я умею — в /help."
NON_TEXT = "Я понимаю только текст. Напишите вопрос сообщением."
SOMETHING_WENT_WRONG = (
    "Извините, при ответе у меня что-то сломалось. Ошибка записана в журнал; "
    "попробуйте ещё раз чуть позже."
)

# The report each admin (ARTICLEBOT_ADMIN_IDS) gets when handling an update fails.
ERROR_REPORT_HEADER = "⚠️ <b>articlebot: ошибка при обработке обновления</b>"
ERROR_REPORT_NO_UPDATE = "Не во время обработки сообщения (обновления нет)."
ERROR_REPORT_FOOTER = "<i>Трассировка — в журнале бота.</i>"

# Topic alerts and digests.
SUBSCRIBE_USAGE = (
    "Назовите тему после команды, например <code>/subscribe нефть</code>. Работают те же "
    "операторы, что и в вопросах: "
    '<code>/subscribe "ключевая ставка" -ипотека site:rbc.ru</code>'
)
SUBSCRIBED = (
    "🔔 Подписка на <b>{topic}</b>: только лучшие совпадения, по мере появления. "
    "Проверяются статьи, добавленные с этого момента; изменить — в /subscriptions."
)
ALREADY_SUBSCRIBED = "Этот чат уже следит за темой <b>{topic}</b>; изменить — в /subscriptions."
UNSUBSCRIBE_USAGE = (
    "Назовите тему после команды, например <code>/unsubscribe нефть</code>, "
    "или удалите её кнопкой в /subscriptions."
)
UNSUBSCRIBED = "🔕 Тема <b>{topic}</b> удалена."
NO_SUBSCRIPTIONS = "Тем пока нет. Подпишитесь: <code>/subscribe ТЕМА</code>."
SUBSCRIPTIONS_HEADER = (
    "<b>Ваши темы ({count})</b>\n"
    "Нажмите на тему, чтобы приостановить, возобновить, изменить или удалить её."
)
ADMINS_ONLY_TOPICS = "В группах темы и настройки меняют только админы группы."
SENSITIVITY = {"best": "только лучшие совпадения", "all": "всё, что совпадает"}
DELIVERY = {"instant": "по мере появления", "digest": "в дайджесте"}
PAUSED = {"user": " · ⏸ на паузе", "blocked": " · ⏸ на паузе (бот не может писать в этот чат)"}
BUTTON_PAUSE = "⏸ Пауза"
BUTTON_RESUME = "▶️ Продолжить"
BUTTON_REMOVE = "🗑 Удалить"
BUTTON_BACK = "« Все темы"
BUTTON_SET = {
    "best": "Только лучшие совпадения",
    "all": "Всё, что совпадает",
    "instant": "Присылать сразу",
    "digest": "Собирать в дайджест",
}
TOPIC_GONE = "Этой темы больше нет."
DIGEST_HEADER = "📰 <b>Дайджест</b> с {since}. Новых статей: {count}"
DIGEST_NOTHING = "📰 С {since} ничего нового."
DIGEST_MORE = "…и ещё {more}: следующие пришлёт /digest, или сузьте дайджест темой."
DIGEST_AT_USAGE = (
    "Укажите время и ваш часовой пояс: <code>/digest_at 08:00 Europe/Moscow</code>, "
    "при желании с днями: <code>weekdays</code> (будни), <code>weekends</code> (выходные) или "
    "<code>mon,wed,fri</code>. /digest_off отключает дайджест."
)
DIGEST_SCHEDULED = "🗓 Дайджест запланирован: {schedule}. Следующий: {next}."
DIGEST_NOT_SCHEDULED = "Дайджест не запланирован. " + DIGEST_AT_USAGE
DIGEST_SCHEDULE_IS = "🗓 Ваш дайджест: {schedule}. Следующий: {next}."
DIGEST_OFF = "Дайджест по расписанию отключён. /digest по-прежнему пришлёт его по запросу."
DIGEST_WAS_OFF = "Дайджест не был запланирован."
QUIET_USAGE = (
    "Укажите часы, например <code>/quiet 22:00-07:00</code> (в часовом поясе дайджеста или в "
    "своём: <code>/quiet 22:00-07:00 Europe/Moscow</code>); <code>/quiet off</code> их отключает."
)
QUIET_SET = "🌙 Тихие часы {quiet} ({zone}): оповещения придут, когда они закончатся."
QUIET_OFF = "Тихие часы отключены: оповещения приходят сразу."
SETTINGS_HEADER = "<b>Настройки этого чата</b>"
SETTINGS_DIGEST = "Дайджест: {schedule}"
SETTINGS_NEXT = " (следующий: {when})"
SETTINGS_NO_DIGEST = "Дайджест: не запланирован (/digest_at)"
SETTINGS_QUIET = "Тихие часы: {quiet} {zone}"
SETTINGS_NO_QUIET = "Тихие часы: нет (/quiet)"
SETTINGS_TOPICS = "Темы:"
SETTINGS_NO_TOPICS = "Темы: нет (/subscribe)"

# Answers (bot/render_answer.py, bot/answer_handlers.py).
ANSWER_HEADER = "🔎 <i>{query}</i>"
ANSWER_WITHIN = "🔎 <i>{query}</i> — в статьях из сообщения, на которое вы ответили"
ANSWER_NEWEST = " · сначала новые"
ANSWER_PAGE = " · с {first}-го результата"
ANSWER_TRUNCATED = (
    "<i>(Сообщение длинное, поэтому поиск шёл только по его началу. Учтено слов: {words}.)</i>"
)
NO_ANSWER = "По запросу <i>{query}</i> ничего подходящего не нашлось."
NO_ANSWER_WITHIN = "В статьях из того сообщения нет ничего по запросу <i>{query}</i>."
NO_ANSWER_SPELLING = "Возможно, вы имели в виду <b>{words}</b>?"
NO_ANSWER_TRY = "Попробуйте другие слова (имена, места, числа) или меньше слов."
NO_ANSWER_SOURCES = "У меня есть статьи из этих источников: {sources}."
GREETING = (
    "Здравствуйте! Спросите меня о чём угодно из статей, которые я знаю, например "
    "<i>Кто выиграл Супербоул 50?</i>"
)
THANKS = "Не за что! Обращайтесь в любое время."
SLOW_DOWN = "Вопросы приходят быстрее, чем я успеваю хорошо отвечать; подождите несколько секунд."
BUTTON_MORE = "Ещё результаты ›"
BUTTON_NEWEST = "🕒 Сначала новые"
BUTTON_RELEVANT = "⭐ Самые подходящие"
BUTTON_HELPFUL = "👍"
BUTTON_UNHELPFUL = "👎"
FEEDBACK_THANKS = "Спасибо за отзыв!"
NOT_YOUR_ANSWER = "Эти кнопки — для того, кто задал вопрос; задайте свой."
ANSWER_GONE = "Этого ответа больше нет; спросите ещё раз."
NO_MORE = "Больше результатов нет."
SOURCES_HEADER = "<b>Что я знаю</b> (статей: {articles}, отрывков: {passages})"
SOURCES_LINE = "• {name}: {count} (самая новая — {newest})"
NO_SOURCES = "Статей пока нет."
STATS = (
    "<b>Статистика</b>\n"
    "Статей: {articles}\nОтрывков: {passages}\nОтрывков в индексе: {indexed}\n"
    "Отвечено вопросов: {answers}\nОтзывы: 👍 {helpful} · 👎 {unhelpful}\n"
    "Тем: {topics}\nРаботает: {uptime}"
)
STATS_NOT_ALLOWED = "Статистику бота видят только его админы."
INLINE_SLOW_DOWN = "Слишком много запросов: подождите немного"
INLINE_NOTHING = "Ничего подходящего: нажмите, чтобы спросить в чате"
# Words that greet or thank rather than ask (compared in lower case, without punctuation):
# English's sets plus more Russian, so a Russian catalogue never recognises less.
GREETINGS = _en.GREETINGS | frozenset(
    {"здравствуй", "доброе утро", "добрый вечер", "приветствую", "всем привет"}
)
THANK_YOUS = _en.THANK_YOUS | frozenset(
    {"спасибо большое", "большое спасибо", "благодарю", "спс", "спасибо за ответ"}
)

# /add и ленты (bot/render.py).
ADDED_STATUS = {
    "added": "✅ Добавлено",
    "updated": "🔄 Обновлено",
    "duplicate": "☑️ Уже в библиотеке",
}
ADDED_LINE = "{status}: {link} (фрагментов: {passages})"
ADD_FAILED = "❌ Не добавлено: {error}"
UNKNOWN_ERROR = "неизвестная ошибка"
FEED_LINE = "{id}. {link}: записей {entries}; последний успех {success}, следующий опрос {next}"
FEED_FAILING = "; сбои ({failures} подряд): {error}"
FEED_ADDED = (
    "✅ Слежу за лентой {id}: {link}\nСтатей проиндексировано сейчас: {added} (их сразу можно "
    "искать, о них не оповещают), уже было: {duplicate}, не удалось записей: {failed}."
)
FEED_RECOVERED = "✅ Лента {id} снова работает: {url}"
FEED_FAILING_REPORT = (
    "⚠️ Лента {id} несколько раз подряд не опрашивается: {url}\n{error}\n"
    "Её опрашивают реже, пока она не заработает; ничего не удаляется."
)
