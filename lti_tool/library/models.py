"""Tables of the experience library: experiences with their versions, audited transitions and attachments, the
library's editors, and the Cup's rounds, entries, jurors, assignments and scores."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models import utcnow


class LibraryExperience(db.Model):
    """An experience as its author last saved it (``data``), with the facts the library filters on copied out."""

    __tablename__ = "library_experience"
    # PostgreSQL's full-text search reads this index (SQLite searches through its FTS5 index file instead).
    __table_args__ = (Index("ix_library_experience_fts", text("to_tsvector('simple', search_text)"),
                            postgresql_using="gin").ddl_if(dialect="postgresql"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("lti_user.id", ondelete="SET NULL"), nullable=True,
                                                  index=True)
    resource_link_id: Mapped[int | None] = mapped_column(ForeignKey("resource_link.id", ondelete="SET NULL"),
                                                         nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    # A translation: the same experience (facts, figures, consent) in another language, with its own workflow.
    translation_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("library_experience.id", ondelete="CASCADE", name="fk_library_experience_translation_of_id"),
        nullable=True, index=True)
    data: Mapped[str] = mapped_column(Text, default="{}")
    version: Mapped[int] = mapped_column(Integer, default=0)  # the last submitted version's number
    language: Mapped[str] = mapped_column(String(8), default="en")
    title: Mapped[str] = mapped_column(String(512), default="")
    organisation: Mapped[str] = mapped_column(String(255), default="")
    country: Mapped[str] = mapped_column(String(128), default="")
    commodity: Mapped[str] = mapped_column(String(128), default="")
    organisation_type: Mapped[str] = mapped_column(String(128), default="")
    competency_area: Mapped[str] = mapped_column(String(64), default="")
    maturity: Mapped[str] = mapped_column(String(64), default="")
    public: Mapped[bool] = mapped_column(Boolean, default=False)  # consent to publish and not "jury only"
    search_text: Mapped[str] = mapped_column(Text, default="")  # every word of it, for full-text search
    editor_comment: Mapped[str] = mapped_column(Text, default="")
    checklist: Mapped[str] = mapped_column(Text, default="{}")  # full systematisation of a Cup winner
    cup_year: Mapped[int | None] = mapped_column(Integer, nullable=True)  # set when confirmed a winner
    cup_place: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(nullable=True)

    def payload(self) -> dict[str, Any]:
        return json.loads(self.data or "{}")

    @property
    def licence_key(self) -> str:
        return str(self.payload().get("licence") or "")


class LibraryVersion(db.Model):
    """Each submitted version, kept."""

    __tablename__ = "library_version"
    __table_args__ = (UniqueConstraint("experience_id", "number", name="uq_library_version_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    experience_id: Mapped[int] = mapped_column(ForeignKey("library_experience.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    data: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LibraryTransition(db.Model):
    """The audit trail: every change of state, with who made it, in which role, when and why."""

    __tablename__ = "library_transition"

    id: Mapped[int] = mapped_column(primary_key=True)
    experience_id: Mapped[int] = mapped_column(ForeignKey("library_experience.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("lti_user.id", ondelete="SET NULL"), nullable=True)
    actor_label: Mapped[str] = mapped_column(String(255), default="")
    role: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class LibraryAttachment(db.Model):
    """A photo or document attached to an experience (checked by content like peer attachments)."""

    __tablename__ = "library_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    experience_id: Mapped[int] = mapped_column(ForeignKey("library_experience.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(128))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LibraryEditor(db.Model):
    """A user made a library editor by hand (``fieldschool library editors add``)."""

    __tablename__ = "library_editor"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lti_user.id", ondelete="CASCADE"), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CupRound(db.Model):
    """One year's Cup of excellent experiences."""

    __tablename__ = "cup_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    closes_at: Mapped[datetime] = mapped_column()
    rubric_item: Mapped[str | None] = mapped_column(String(128), nullable=True)  # None: the shipped jury rubric
    jurors_per_entry: Mapped[int] = mapped_column(Integer, default=3)
    exclude_country: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | confirmed
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(nullable=True)


class CupEntry(db.Model):
    """An experience entered in a round (nominated by its author or an organiser); its result once confirmed."""

    __tablename__ = "cup_entry"
    __table_args__ = (UniqueConstraint("round_id", "experience_id", name="uq_cup_entry_experience"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("cup_round.id", ondelete="CASCADE"), index=True)
    experience_id: Mapped[int] = mapped_column(ForeignKey("library_experience.id", ondelete="CASCADE"))
    nominated_by_id: Mapped[int | None] = mapped_column(ForeignKey("lti_user.id", ondelete="SET NULL"), nullable=True)
    result: Mapped[str] = mapped_column(String(16), default="entered")  # entered | shortlisted | winner
    place: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CupJuror(db.Model):
    """A juror of a round, with the organisation and country that decide which entries they may not score."""

    __tablename__ = "cup_juror"
    __table_args__ = (UniqueConstraint("round_id", "user_id", name="uq_cup_juror_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("cup_round.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lti_user.id", ondelete="CASCADE"))
    organisation: Mapped[str] = mapped_column(String(255), default="")
    country: Mapped[str] = mapped_column(String(128), default="")


class CupScore(db.Model):
    """A juror's assignment to an entry, then their rubric levels and comment (seen by that juror alone)."""

    __tablename__ = "cup_score"
    __table_args__ = (UniqueConstraint("entry_id", "juror_id", name="uq_cup_score_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("cup_entry.id", ondelete="CASCADE"), index=True)
    juror_id: Mapped[int] = mapped_column(ForeignKey("cup_juror.id", ondelete="CASCADE"), index=True)
    levels: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON {criterion: level index}
    comment: Mapped[str] = mapped_column(Text, default="")
    scored_at: Mapped[datetime | None] = mapped_column(nullable=True)

    def level_map(self) -> dict[str, int]:
        return json.loads(self.levels) if self.levels else {}
