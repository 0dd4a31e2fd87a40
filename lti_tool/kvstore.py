"""A small shared key-value store with expiry: Redis when FIELDSCHOOL_REDIS_URL is set, in-process otherwise.

It holds pylti1p3's launch data, state and login nonces, the used-nonce register that stops replays, and cached
platform key sets. Values are JSON. ``add`` is atomic (Redis ``SET NX``), which is what makes a nonce single-use
even when several workers receive the same id_token at once.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any, Protocol

from flask import current_app


class KeyValueStore(Protocol):
    def get(self, key: str) -> Any: ...
    def set(self, key: str, value: Any, ttl: int | None = None) -> None: ...
    def add(self, key: str, value: Any, ttl: int) -> bool: ...
    def delete(self, key: str) -> None: ...
    def incr(self, key: str, ttl: int) -> int: ...
    def ping(self) -> None: ...


def shared_store() -> KeyValueStore:
    """The app's store (made by the app factory with :func:`make_store`)."""
    return current_app.extensions["fieldschool_store"]


class MemoryStore:
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
        with self._lock:
            value = self._live(key)
        return None if value is None else json.loads(value)

    def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        with self._lock:
            self._writes += 1
            if self._writes % 1000 == 0:
                self._purge()
            self._data[key] = (time.monotonic() + ttl if ttl else None, json.dumps(value))

    def add(self, key: str, value: Any, ttl: int) -> bool:
        with self._lock:
            if self._live(key) is not None:
                return False
            self._data[key] = (time.monotonic() + ttl, json.dumps(value))
            return True

    def delete(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)

    def incr(self, key: str, ttl: int) -> int:
        """Add one to a counter that expires ``ttl`` seconds after its first increment; the new count."""
        with self._lock:
            current = self._live(key)
            count = (json.loads(current) if current is not None else 0) + 1
            expires = self._data[key][0] if current is not None else time.monotonic() + ttl
            self._data[key] = (expires, json.dumps(count))
            return count

    def ping(self) -> None:
        """Always reachable: it lives in this process."""


class RedisStore:
    """Redis-backed store shared by every worker and machine."""

    def __init__(self, url: str, prefix: str = "fieldschool:") -> None:
        import redis

        # Bounded waits: a Redis that does not answer fails a request (and /readyz) instead of hanging it.
        self._redis = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=10)
        self._prefix = prefix

    def get(self, key: str) -> Any:
        value = self._redis.get(self._prefix + key)
        return None if value is None else json.loads(value)

    def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        self._redis.set(self._prefix + key, json.dumps(value), ex=ttl or None)

    def add(self, key: str, value: Any, ttl: int) -> bool:
        return bool(self._redis.set(self._prefix + key, json.dumps(value), ex=ttl, nx=True))

    def delete(self, key: str) -> None:
        self._redis.delete(self._prefix + key)

    def incr(self, key: str, ttl: int) -> int:
        """Atomic INCR; the expiry is set with the first increment only (EXPIRE NX), in the same round trip."""
        pipe = self._redis.pipeline()
        pipe.incr(self._prefix + key)
        pipe.expire(self._prefix + key, ttl, nx=True)
        return int(pipe.execute()[0])

    def ping(self) -> None:
        """Raises when Redis cannot be reached."""
        self._redis.ping()


def make_store(redis_url: str | None, prefix: str) -> KeyValueStore:
    return RedisStore(redis_url, prefix) if redis_url else MemoryStore()
