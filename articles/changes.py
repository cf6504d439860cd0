"""The passage change log: written inside every write transaction, read without gaps.

A write transaction notes the passages it adds and removes (`note_added`, `note_removed`);
just before it commits, the session hook increments `library_version` and logs the notes
under the new version. The increment takes the counter row's lock until commit, so versions
commit in order and `changes_since(v)` never steps over a change that commits late (on
PostgreSQL, passage ids can commit out of order; versions cannot).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from articles.models import LibraryVersion, PassageChange

_PENDING = "articlebot.passage_changes"
_COMMITTED = "articlebot.committed_version"
_LOGGING = "_articlebot_logs_changes"


@dataclass(frozen=True)
class Changes:
    """What changed after a version, up to and including `version`."""

    version: int
    added: frozenset[int]
    removed: frozenset[int]


def note_added(session: Session, passage_ids: Iterable[int]) -> None:
    _note(session, passage_ids, added=True)


def note_removed(session: Session, passage_ids: Iterable[int]) -> None:
    _note(session, passage_ids, added=False)


def log_changes_on_commit(sessions: sessionmaker[Session]) -> None:
    """Make every session of `sessions` write its noted changes as its outermost transaction
    commits; what a rolled-back savepoint noted is dropped with it, and what a transaction
    that ends without commit noted is forgotten. Once per factory.

    Marked on the factory itself, not asked of `event.contains`: SQLAlchemy keys listeners
    by id(target), and a new factory born at a dead one's address (its class still awaiting
    the cycle collector) looked registered, so its commits logged nothing."""
    if getattr(sessions, _LOGGING, False):
        return
    event.listen(sessions, "before_commit", _write_log)
    event.listen(sessions, "after_soft_rollback", _drop_rolled_back)
    event.listen(sessions, "after_transaction_end", _forget_at_end)
    setattr(sessions, _LOGGING, True)


def committed_version(session: Session) -> int | None:
    """The version the session's last commit logged its changes under (None: it had none)."""
    version: int | None = session.info.get(_COMMITTED)
    return version


def current_version(session: Session) -> int:
    return session.scalar(select(LibraryVersion.version).where(LibraryVersion.id == 1)) or 0


def changes_since(session: Session, version: int) -> Changes:
    """Passages added and removed by the transactions after `version`, as one net change."""
    newest = current_version(session)
    added: set[int] = set()
    removed: set[int] = set()
    if newest > version:
        rows = session.execute(
            select(PassageChange.passage_id, PassageChange.added)
            .where(PassageChange.version > version, PassageChange.version <= newest)
            .order_by(PassageChange.id)
        )
        for passage_id, was_added in rows:
            if was_added:
                added.add(passage_id)
            else:
                added.discard(passage_id)  # ids are never reused: gone for good
                removed.add(passage_id)
    return Changes(newest, frozenset(added), frozenset(removed))


# A note: (the innermost transaction it was made in, passage id, added).
_Note = tuple[SessionTransaction, int, bool]


def _note(session: Session, passage_ids: Iterable[int], *, added: bool) -> None:
    # A note belongs to a transaction (begun now if none is): it ends with that transaction.
    transaction = session.get_nested_transaction() or session.get_transaction() or session.begin()
    pending: list[_Note] = session.info.setdefault(_PENDING, [])
    pending.extend((transaction, pid, added) for pid in passage_ids)


def _write_log(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released: its notes stay for the outer commit
    notes: list[_Note] | None = session.info.pop(_PENDING, None)
    pending = [(pid, added) for _, pid, added in notes or ()]
    if not pending:
        return
    session.flush()
    version = session.execute(
        update(LibraryVersion)
        .where(LibraryVersion.id == 1)
        .values(version=LibraryVersion.version + 1)
        .returning(LibraryVersion.version)
    ).scalar_one()
    session.add_all(
        PassageChange(version=version, passage_id=pid, added=added) for pid, added in pending
    )
    session.flush()
    session.info[_COMMITTED] = version


def _drop_rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    """A rolled-back savepoint (or transaction) takes back the notes made inside it."""
    notes: list[_Note] | None = session.info.get(_PENDING)
    if notes:
        session.info[_PENDING] = [
            note for note in notes if not _inside(note[0], previous_transaction)
        ]


def _forget_at_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost one: committed (logged) or not
        session.info.pop(_PENDING, None)


def _inside(transaction: SessionTransaction | None, outer: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is outer:
            return True
        transaction = transaction.parent
    return False
