"""Search indexing beside the import: a thread with its own database connection.

Indexing a piece (two full-text parses of its text, GIN entries, lexicon counts)
costs PostgreSQL about three times what writing its rows does. Done in the
writer's transaction it runs one batch after another on one core; here the
writer commits a batch with the search triggers deferred and its ids in the
backlog table, hands the ids over, and goes on with the next batch while this
thread's connection indexes the last one on the other core. A bounded queue
keeps the index at most a few batches behind; ``finish()`` waits for it to
catch up, so the pieces are searchable when the import returns.

Should the process die in between, the committed pieces stay in the backlog
(articles_searchbacklog) and the next import indexes them first.
"""

from __future__ import annotations

import threading
from queue import Queue

from django.db import connections, transaction

from archive.changes import rows_written
from articles.search import index as search_index
from articles.search.models import SearchDocument

# As many as the writer's batches: a statement stays well inside the statement timeout.
IDS_PER_TRANSACTION = 500
_DONE = None


class BackgroundIndexer:
    def __init__(self, *, queued_batches: int = 4):
        self.error: BaseException | None = None
        self._queue: Queue[list[int] | None] = Queue(maxsize=queued_batches)
        # Started with the first batch, not here: the importer may fork its parser
        # process first, and a fork should not copy a thread in the middle of a query.
        self._thread = threading.Thread(target=self._run, name="search-indexer", daemon=True)

    def submit(self, article_ids: list[int]) -> None:
        """Index these committed pieces (blocks while the indexer is a full queue behind)."""
        if article_ids:
            self._start()
            self._queue.put(list(article_ids))

    def finish(self) -> None:
        """Wait until everything submitted is indexed (or the indexer has failed)."""
        self._start()
        self._queue.put(_DONE)
        self._thread.join()

    def _start(self) -> None:
        if self._thread.ident is None:  # not started yet
            self._thread.start()

    def _run(self) -> None:
        try:
            for chunk in search_index.backlog(IDS_PER_TRANSACTION):
                self._index(chunk)  # what an interrupted import left
            while (ids := self._queue.get()) is not _DONE:
                self._index(ids)
        except BaseException as exc:  # noqa: BLE001  (reported by the importer)
            self.error = exc
            # Keep taking ids so the writer never blocks on a dead indexer; they stay
            # in the backlog for the next import.
            while self._queue.get() is not _DONE:
                pass
        finally:
            connections.close_all()  # this thread's connections only

    def _index(self, ids: list[int]) -> None:
        search_index.index_queued(ids)
        # Search results changed after the writer's commit: cached result pages too.
        rows_written.send(sender=SearchDocument)

    def queue_on_commit(self, article_ids: list[int]) -> None:
        """In the writer's transaction: put these pieces in the backlog, and hand
        them over once (and only if) the transaction commits."""
        search_index.queue_documents(article_ids)
        transaction.on_commit(lambda: self.submit(article_ids))
