"""Full-text search of the public library behind one interface: PostgreSQL's text search when the tool runs on
PostgreSQL, SQLite FTS5 otherwise (an index file in the instance folder, rebuilt from the database whenever the
published entries have changed, so it can never drift)."""

from __future__ import annotations

import re
import sqlite3
import threading
from pathlib import Path
from typing import Protocol

from flask import current_app
from sqlalchemy import func, select, text

from ..extensions import db
from .models import LibraryExperience

_WORD = re.compile(r"\w+", re.UNICODE)


class LibrarySearch(Protocol):
    def search(self, query: str) -> list[int]:
        """Ids of public experiences matching every word of ``query``, best match first."""


class PostgresSearch:
    """``to_tsvector`` / ``websearch_to_tsquery`` with the 'simple' configuration (entries are in four languages)."""

    def search(self, query: str) -> list[int]:
        rows = db.session.execute(text(
            "SELECT id FROM library_experience WHERE status = 'published' AND public "
            "AND to_tsvector('simple', search_text) @@ websearch_to_tsquery('simple', :q) "
            "ORDER BY ts_rank(to_tsvector('simple', search_text), websearch_to_tsquery('simple', :q)) DESC, id"),
            {"q": query}).all()
        return [row[0] for row in rows]


class Fts5Search:
    """SQLite FTS5 (diacritics folded: "cafe" finds "café")."""

    _lock = threading.Lock()

    def __init__(self, path: Path) -> None:
        self.path = path

    def _stamp(self) -> str:
        count, updated, published = db.session.execute(
            select(func.count(LibraryExperience.id), func.max(LibraryExperience.updated_at),
                   func.max(LibraryExperience.published_at))
            .where(LibraryExperience.status == "published", LibraryExperience.public)).one()
        return f"{count}|{updated}|{published}"

    def _fresh(self, conn: sqlite3.Connection, stamp: str) -> None:
        conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS entries USING fts5(body, "
                     "tokenize = 'unicode61 remove_diacritics 2')")
        conn.execute("CREATE TABLE IF NOT EXISTS stamp (value TEXT)")
        current = conn.execute("SELECT value FROM stamp").fetchone()
        if current and current[0] == stamp:
            return
        rows = db.session.execute(select(LibraryExperience.id, LibraryExperience.search_text)
                                  .where(LibraryExperience.status == "published", LibraryExperience.public)).all()
        conn.execute("DELETE FROM entries")
        conn.executemany("INSERT INTO entries (rowid, body) VALUES (?, ?)", rows)
        conn.execute("DELETE FROM stamp")
        conn.execute("INSERT INTO stamp (value) VALUES (?)", (stamp,))

    def search(self, query: str) -> list[int]:
        words = _WORD.findall(query)
        if not words:
            return []
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        stamp = self._stamp()
        with self._lock, sqlite3.connect(self.path) as conn:
            self._fresh(conn, stamp)
            return [row[0] for row in conn.execute("SELECT rowid FROM entries WHERE entries MATCH ? ORDER BY rank",
                                                   (match,))]


def library_search() -> LibrarySearch:
    """The search the tool's database calls for (``LIBRARY_SEARCH`` may force 'postgresql' or 'fts5')."""
    choice = current_app.config.get("LIBRARY_SEARCH") or "auto"
    if choice == "postgresql" or (choice == "auto" and db.engine.dialect.name == "postgresql"):
        return PostgresSearch()
    return Fts5Search(Path(current_app.instance_path) / "library_search.sqlite")
