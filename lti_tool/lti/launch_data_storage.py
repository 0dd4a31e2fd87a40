"""pylti1p3 launch-data storage over the shared key-value store, so any worker can finish a launch another began."""

from __future__ import annotations

from typing import Any

from pylti1p3.launch_data_storage.cache import CacheDataStorage

from ..kvstore import KeyValueStore


class _StoreCache:
    """The ``get``/``set(key, value, exp)`` interface pylti1p3's cache storage expects."""

    def __init__(self, store: KeyValueStore) -> None:
        self._store = store

    def get(self, key: str) -> Any:
        return self._store.get(key)

    def set(self, key: str, value: Any, exp: int | None = None) -> None:
        self._store.set(key, value, exp)

    def delete(self, key: str) -> None:
        self._store.delete(key)


class StoreLaunchDataStorage(CacheDataStorage):
    """Launch data, OIDC state and login nonces in Redis or in-process memory, as configured.

    Keys are not prefixed with a per-browser session cookie (pylti1p3's ``lti1p3-session-id``): browsers that block
    third-party cookies would lose it inside the LMS iframe. What that cookie bound instead is bound by the OIDC
    state (checked by cookie or by the platform's postMessage storage, once), the single-use nonce, and the signed
    launch token that alone opens a launch's pages."""

    def get_session_cookie_name(self) -> None:
        return None

    def __init__(self, store: KeyValueStore) -> None:
        super().__init__()
        self._cache = _StoreCache(store)

    def delete_value(self, key: str) -> None:
        self._cache.delete(self._prepare_key(key))
