"""The record of answered data requests (a learner's export or deletion): what was done and when, with the learner
named only by an opaque keyed hash, so the tool can show it acted without keeping who asked."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models import utcnow

EXPORT = "export"
DELETE = "delete"


class DataRequest(db.Model):
    """One answered request. ``subject_hash`` is HMAC-SHA256 of the platform id and ``sub`` under the app's secret
    key: the same learner always gives the same hash, and the hash alone names nobody."""

    __tablename__ = "data_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    platform_id: Mapped[int] = mapped_column(Integer)  # no foreign key: the record outlives a removed platform
    subject_hash: Mapped[str] = mapped_column(String(64), index=True)
    detail_json: Mapped[str] = mapped_column(Text, default="{}")  # counts per kind of data, nothing personal
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def detail(self) -> dict:
        return json.loads(self.detail_json or "{}")
