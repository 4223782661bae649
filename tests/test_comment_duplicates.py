"""Identical comments sent at the same moment (a double-click reaching several
workers) are stored once.

Real concurrency: each thread has its own PostgreSQL connection and calls the
service at the same instant (a barrier), so the duplicate check of one runs
while another's insert is not yet committed. Without the lock the service
takes, some rounds store two or more copies; the test repeats rounds so that a
missing lock fails it every time, not now and then.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from articles.comments.service import DuplicateComment, comment_create
from articles.models import Comment
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)

SENDERS = 12
ROUNDS = 8


def send_at_once(article, body: str) -> list[str]:
    """SENDERS threads post the same text together; what each was told."""
    start_line = threading.Barrier(SENDERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def send(number: int) -> None:
        try:
            start_line.wait()
            try:
                comment_create(
                    article=article,
                    name="Double Clicker",
                    email="double.clicker@example.org",
                    body=body,
                    ip=f"192.0.2.{number + 1}",
                )
                outcome = "stored"
            except DuplicateComment:
                outcome = "duplicate"
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                outcome = f"error: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_identical_comments_sent_at_once_are_stored_once():
    article = ArticleFactory()
    copies_per_round = []
    for number in range(ROUNDS):
        body = f"Sent twice by an impatient finger, round {number}."

        outcomes = send_at_once(article, body)

        assert sorted(outcomes) == ["duplicate"] * (SENDERS - 1) + ["stored"], outcomes
        copies_per_round.append(Comment.objects.filter(article=article, body=body).count())
    assert copies_per_round == [1] * ROUNDS


def test_different_comments_sent_at_once_are_all_stored():
    """The lock is per text: it must not turn different comments into duplicates."""
    article = ArticleFactory()
    start_line = threading.Barrier(SENDERS)
    errors = []

    def send(number: int) -> None:
        try:
            start_line.wait()
            comment_create(
                article=article,
                name=f"Reader {number}",
                email=f"reader{number}@example.org",
                body=f"My own remark, number {number}.",
            )
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert Comment.objects.filter(article=article).count() == SENDERS
