"""Per-process caches of what is the same for every reader: a curriculum item's page model, keyed by a hash of the
item's content (so a changed item — a reloaded curriculum, an edited library experience — is built again, and an
unchanged one is not), the interface language and anything else its output depends on.

Only content goes in here, never a learner's data: the caller's key must name everything the value depends on.
Caches are bounded (least recently used entries go first) and digests are kept only for live objects, so a large
or often rebuilt library cannot grow them without end."""

from __future__ import annotations

import hashlib
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class BoundedCache(Generic[V]):
    """A thread-safe least-recently-used map holding at most ``max_entries`` values."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value kept for ``key``, else ``make()`` (called outside the lock) kept and returned."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        made = make()
        self.put(key, made)
        return made

    def put(self, key: Hashable, value: V) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


# The digest of each live item object by its id, computed once per object. The entry holds the object weakly and
# goes when the object does (a reloaded curriculum or a rebuilt library module leaves nothing behind), so this map
# is as large as the items alive, never more.
_DIGESTS: dict[int, tuple[weakref.ref, bytes]] = {}
_DIGESTS_LOCK = threading.Lock()


def content_digest(item: object) -> bytes:
    """A hash of a curriculum item's content (its dataclass ``repr``, which holds every field but source line
    numbers): equal for equal content, whichever object holds it."""
    key = id(item)
    held = _DIGESTS.get(key)
    if held is not None and held[0]() is item:
        return held[1]
    digest = hashlib.blake2b(repr(item).encode("utf-8", "surrogatepass"), digest_size=16).digest()
    try:
        ref = weakref.ref(item, lambda gone, key=key: _forget(key, gone))
    except TypeError:  # an object that takes no weak reference: hashed on every call, never kept
        return digest
    with _DIGESTS_LOCK:
        _DIGESTS[key] = (ref, digest)
    return digest


def _forget(key: int, gone: weakref.ref) -> None:
    with _DIGESTS_LOCK:
        if _DIGESTS.get(key, (None,))[0] is gone:
            del _DIGESTS[key]
