"""A small shared key-value store with expiry: Redis when FIELDSCHOOL_REDIS_URL is set, in-process otherwise.

It holds pylti1p3's launch data, state and login nonces, the used-nonce register that stops replays, and cached
platform key sets. Values are JSON. ``add`` is atomic (Redis ``SET NX``), which is what makes a nonce single-use
even when several workers receive the same id_token at once.

A launch needs a handful of keys; three helpers keep it to a few round trips (the in-process store behaves the same,
without the round trips): :meth:`~KeyValueStore.prefetch` reads several keys at once for the rest of the request
(each prefetched value answers one ``get``, then the store is asked again), :meth:`~KeyValueStore.add_all` adds
several single-use keys in one atomic step (all or none, and only while some other keys exist), and
:meth:`~KeyValueStore.deferred_writes` holds a block's ``set`` calls and sends them together when it ends without
an error.
"""

from __future__ import annotations

import json
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from flask import current_app, g, has_app_context


class KeyValueStore(Protocol):
    def get(self, key: str) -> Any: ...
    def set(self, key: str, value: Any, ttl: int | None = None) -> None: ...
    def add(self, key: str, value: Any, ttl: int) -> bool: ...
    def delete(self, key: str) -> None: ...
    def incr(self, key: str, ttl: int) -> int: ...
    def ping(self) -> None: ...
    def prefetch(self, keys: Iterable[str]) -> None: ...
    def add_all(self, entries: Sequence[tuple[str, Any, int]], delete: Sequence[str] = (),
                require: Sequence[str] = ()) -> str | None: ...
    def deferred_writes(self) -> Any: ...


def shared_store() -> KeyValueStore:
    """The app's store (made by the app factory with :func:`make_store`)."""
    return current_app.extensions["fieldschool_store"]


_MISSING = object()


class _RequestScoped(ABC):
    """Prefetched values and deferred writes, kept per request (per app context) and per store."""

    def _scope(self) -> dict | None:
        if not has_app_context():
            return None
        scopes = g.setdefault("_fieldschool_store_scope", {})
        return scopes.setdefault(id(self), {"prefetched": {}, "deferred": None})

    def _take_prefetched(self, key: str) -> Any:
        scope = self._scope()
        if scope is None:
            return _MISSING
        if scope["deferred"] is not None and key in scope["deferred"]:
            return scope["deferred"][key][0]  # read your own deferred write
        return scope["prefetched"].pop(key, _MISSING)

    def _forget(self, key: str) -> None:
        scope = self._scope()
        if scope is not None:
            scope["prefetched"].pop(key, None)
            if scope["deferred"] is not None:
                scope["deferred"].pop(key, None)

    def _defer(self, key: str, value: Any, ttl: int | None) -> bool:
        """Queue a ``set`` when a :meth:`deferred_writes` block is open; False when it must be written now."""
        scope = self._scope()
        if scope is None or scope["deferred"] is None:
            return False
        scope["prefetched"].pop(key, None)
        scope["deferred"][key] = (value, ttl)
        return True

    def prefetch(self, keys: Iterable[str]) -> None:
        """Read ``keys`` in one round trip; each value found answers the request's next ``get`` of its key."""
        scope = self._scope()
        wanted = [k for k in dict.fromkeys(keys) if k]
        if scope is None or not wanted:
            return
        scope["prefetched"].update(zip(wanted, self._get_many(wanted), strict=True))

    @contextmanager
    def deferred_writes(self) -> Iterator[None]:
        """Hold the block's ``set`` calls (reads see them) and send them together when it ends without an error;
        an error drops them. ``add``, ``delete`` and ``incr`` are never held."""
        scope = self._scope()
        if scope is None or scope["deferred"] is not None:
            yield
            return
        scope["deferred"] = {}
        try:
            yield
            queued = scope["deferred"]
        finally:
            scope["deferred"] = None
        if queued:
            self._set_many([(key, value, ttl) for key, (value, ttl) in queued.items()])

    @abstractmethod
    def _get_many(self, keys: list[str]) -> list[Any]:
        """The stored values of ``keys`` (None where missing), in one round trip."""

    @abstractmethod
    def _set_many(self, items: list[tuple[str, Any, int | None]]) -> None:
        """Store every (key, value, seconds to live) in one round trip."""


class MemoryStore(_RequestScoped):
    """In-process store for one process (a laptop, the tests)."""

    def __init__(self) -> None:
        self._data: dict[str, tuple[float | None, str]] = {}
        self._lock = threading.Lock()
        self._writes = 0

    def _live(self, key: str) -> str | None:
        entry = self._data.get(key)
        if entry is None:
            return None
        expires, value = entry
        if expires is not None and expires <= time.monotonic():
            del self._data[key]
            return None
        return value

    def _purge(self) -> None:
        now = time.monotonic()
        for key in [k for k, (exp, _) in self._data.items() if exp is not None and exp <= now]:
            del self._data[key]

    def get(self, key: str) -> Any:
        found = self._take_prefetched(key)
        if found is not _MISSING:
            return found
        with self._lock:
            value = self._live(key)
        return None if value is None else json.loads(value)

    def _get_many(self, keys: list[str]) -> list[Any]:
        with self._lock:
            values = [self._live(key) for key in keys]
        return [None if value is None else json.loads(value) for value in values]

    def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        if not self._defer(key, value, ttl):
            self._set_many([(key, value, ttl)])

    def _set_many(self, items: list[tuple[str, Any, int | None]]) -> None:
        with self._lock:
            for key, value, ttl in items:
                self._writes += 1
                if self._writes % 1000 == 0:
                    self._purge()
                self._data[key] = (time.monotonic() + ttl if ttl else None, json.dumps(value))

    def add(self, key: str, value: Any, ttl: int) -> bool:
        return self.add_all([(key, value, ttl)]) is None

    def add_all(self, entries: Sequence[tuple[str, Any, int]], delete: Sequence[str] = (),
                require: Sequence[str] = ()) -> str | None:
        """Atomically: when every key in ``require`` exists and no key of ``entries`` does, add the entries and
        delete the keys in ``delete`` (None); otherwise change nothing and return the first key that stopped it (a
        missing required key, else a present entry)."""
        for key in (*(k for k, _, _ in entries), *delete):
            self._forget(key)
        with self._lock:
            for key in require:
                if self._live(key) is None:
                    return key
            for key, _value, _ttl in entries:
                if self._live(key) is not None:
                    return key
            for key, value, ttl in entries:
                self._data[key] = (time.monotonic() + ttl, json.dumps(value))
            for key in delete:
                self._data.pop(key, None)
            return None

    def delete(self, key: str) -> None:
        self._forget(key)
        with self._lock:
            self._data.pop(key, None)

    def incr(self, key: str, ttl: int) -> int:
        """Add one to a counter that expires ``ttl`` seconds after its first increment; the new count."""
        self._forget(key)
        with self._lock:
            current = self._live(key)
            count = (json.loads(current) if current is not None else 0) + 1
            expires = self._data[key][0] if current is not None else time.monotonic() + ttl
            self._data[key] = (expires, json.dumps(count))
            return count

    def ping(self) -> None:
        """Always reachable: it lives in this process."""


# KEYS: the required keys, the keys to add, the keys to delete; ARGV: how many required keys, how many to add, then
# the value and ttl of each key to add. Returns the (1-based) index in KEYS of the key that stopped it, or 0.
_ADD_ALL = """
local required, adding = tonumber(ARGV[1]), tonumber(ARGV[2])
for i = 1, required do
  if redis.call('EXISTS', KEYS[i]) == 0 then return i end
end
for i = required + 1, required + adding do
  if redis.call('EXISTS', KEYS[i]) == 1 then return i end
end
for i = 1, adding do
  redis.call('SET', KEYS[required + i], ARGV[1 + 2 * i], 'EX', ARGV[2 + 2 * i])
end
for i = required + adding + 1, #KEYS do redis.call('DEL', KEYS[i]) end
return 0
"""


class RedisStore(_RequestScoped):
    """Redis-backed store shared by every worker and machine."""

    def __init__(self, url: str, prefix: str = "fieldschool:") -> None:
        import redis

        # Bounded waits: a Redis that does not answer fails a request (and /readyz) instead of hanging it.
        self._redis = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=10)
        self._prefix = prefix
        self._add_all = self._redis.register_script(_ADD_ALL)

    def get(self, key: str) -> Any:
        found = self._take_prefetched(key)
        if found is not _MISSING:
            return found
        value = self._redis.get(self._prefix + key)
        return None if value is None else json.loads(value)

    def _get_many(self, keys: list[str]) -> list[Any]:
        values = self._redis.mget([self._prefix + key for key in keys])
        return [None if value is None else json.loads(value) for value in values]

    def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        if not self._defer(key, value, ttl):
            self._redis.set(self._prefix + key, json.dumps(value), ex=ttl or None)

    def _set_many(self, items: list[tuple[str, Any, int | None]]) -> None:
        pipe = self._redis.pipeline(transaction=False)
        for key, value, ttl in items:
            pipe.set(self._prefix + key, json.dumps(value), ex=ttl or None)
        pipe.execute()

    def add(self, key: str, value: Any, ttl: int) -> bool:
        self._forget(key)
        return bool(self._redis.set(self._prefix + key, json.dumps(value), ex=ttl, nx=True))

    def add_all(self, entries: Sequence[tuple[str, Any, int]], delete: Sequence[str] = (),
                require: Sequence[str] = ()) -> str | None:
        """Atomically (one Lua script): when every key in ``require`` exists and no key of ``entries`` does, add
        the entries and delete the keys in ``delete`` (None); otherwise change nothing and return the first key that
        stopped it (a missing required key, else a present entry)."""
        keys = [*require, *(k for k, _, _ in entries), *delete]
        for key in keys:
            self._forget(key)
        args: list[Any] = [len(require), len(entries)]
        for _, value, ttl in entries:
            args += [json.dumps(value), int(ttl)]
        stopped = int(self._add_all(keys=[self._prefix + k for k in keys], args=args))
        return keys[stopped - 1] if stopped else None

    def delete(self, key: str) -> None:
        self._forget(key)
        self._redis.delete(self._prefix + key)

    def incr(self, key: str, ttl: int) -> int:
        """Atomic INCR; the expiry is set with the first increment only (EXPIRE NX), in the same round trip."""
        self._forget(key)
        pipe = self._redis.pipeline()
        pipe.incr(self._prefix + key)
        pipe.expire(self._prefix + key, ttl, nx=True)
        return int(pipe.execute()[0])

    def ping(self) -> None:
        """Raises when Redis cannot be reached."""
        self._redis.ping()


def make_store(redis_url: str | None, prefix: str) -> KeyValueStore:
    return RedisStore(redis_url, prefix) if redis_url else MemoryStore()
