"""Counters every web worker shares: flood control and the admin sign-in lockout.

A count kept in one process's memory is no limit at all under several gunicorn
workers, and a count kept in the page cache is pushed out by the pages a
crawler requests. So counters live in a store of their own:

- PostgreSQL (the default): one row per counter (``archive.models.Counter``),
  incremented by a single upsert, so concurrent workers never lose a count.
- Redis, for flood control, when ``COUNTERS_REDIS_URL`` is set: a Redis that
  must not evict keys (``maxmemory-policy noeviction``), never the page cache's.

Every counter is a fixed window: the first hit starts it, later hits only add.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

# One hit in this many also deletes expired rows, so the table stays small
# without a scheduled job.
PURGE_ONE_IN = 200


@dataclass(frozen=True)
class Hit:
    count: int  # hits in the current window, this one included
    retry_after: int  # whole seconds until the window ends


class PostgresCounters:
    """Counters in the ``archive_counter`` table of the primary database."""

    def _connection(self):
        # Always the primary, past the replica router: a replica lags behind, and
        # counting is not a write that should pin this visitor to the primary.
        return connections[DEFAULT_DB_ALIAS]

    def hit(self, key: str, seconds: int) -> Hit:
        connection = self._connection()
        if connection.in_atomic_block:
            return self._hit(connection, key, seconds)
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                # A count lost in a crash costs nothing, so this commit does not
                # wait for the disk. Only outside a caller's transaction: there it
                # would make the caller's own commit asynchronous too.
                cursor.execute("SET LOCAL synchronous_commit = off")
            return self._hit(connection, key, seconds)

    def _hit(self, connection, key: str, seconds: int) -> Hit:
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO archive_counter AS c (key, count, expires_at)
                VALUES (%s, 1, clock_timestamp() + make_interval(secs => %s))
                ON CONFLICT (key) DO UPDATE SET
                    count = CASE WHEN c.expires_at <= clock_timestamp() THEN 1
                                 ELSE c.count + 1 END,
                    expires_at = CASE WHEN c.expires_at <= clock_timestamp()
                                      THEN EXCLUDED.expires_at ELSE c.expires_at END
                RETURNING count,
                    ceil(extract(epoch FROM expires_at - clock_timestamp()))::int
                """,
                [key, seconds],
            )
            count, retry_after = cursor.fetchone()
            if random.randrange(PURGE_ONE_IN) == 0:  # noqa: S311 - not security
                cursor.execute("DELETE FROM archive_counter WHERE expires_at < clock_timestamp()")
        return Hit(count=count, retry_after=max(1, retry_after))

    def counts(self, keys: list[str]) -> dict[str, int]:
        from archive.models import Counter

        rows = Counter.objects.using(self._connection().alias).live().filter(key__in=keys)
        return dict(rows.values_list("key", "count"))

    def clear(self, keys: list[str]) -> None:
        from archive.models import Counter

        Counter.objects.using(self._connection().alias).filter(key__in=keys).delete()


# INCR, then start the window if this hit created the key (or an old one somehow
# lost its expiry): one atomic step on the server.
HIT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 or redis.call('PTTL', KEYS[1]) < 0 then
    redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return {count, redis.call('PTTL', KEYS[1])}
"""


class RedisCounters:
    """Counters in a Redis of their own (``COUNTERS_REDIS_URL``), under a key prefix."""

    def __init__(self, url: str, prefix: str = "counters:"):
        self.url = url
        self.prefix = prefix
        self._client = None
        self._hit = None

    @property
    def client(self):
        # Made on first use, so each gunicorn worker opens its own connections
        # after the fork instead of sharing the master's.
        if self._client is None:
            import redis

            self._client = redis.Redis.from_url(
                self.url, socket_timeout=2, socket_connect_timeout=2
            )
            self._hit = self._client.register_script(HIT_SCRIPT)
        return self._client

    def hit(self, key: str, seconds: int) -> Hit:
        self.client  # noqa: B018 - connects and registers the script
        count, milliseconds = self._hit(keys=[self.prefix + key], args=[seconds * 1000])
        return Hit(count=int(count), retry_after=max(1, -(-int(milliseconds) // 1000)))

    def counts(self, keys: list[str]) -> dict[str, int]:
        values = self.client.mget([self.prefix + key for key in keys])
        return {key: int(value) for key, value in zip(keys, values, strict=True) if value}

    def clear(self, keys: list[str]) -> None:
        if keys:
            self.client.delete(*(self.prefix + key for key in keys))


_stores: dict[tuple[str, str], RedisCounters] = {}
database = PostgresCounters()


def shared():
    """The store for high-rate counters: the counters' Redis if configured, else PostgreSQL."""
    url = settings.COUNTERS_REDIS_URL
    if not url:
        return database
    where = (url, settings.COUNTERS_REDIS_PREFIX)
    if where not in _stores:
        _stores[where] = RedisCounters(*where)
    return _stores[where]
