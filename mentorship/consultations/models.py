"""Consultations addressed to organisations: a questionnaire, one response each.

The Secretariat writes a consultation (its title, introduction, questions and their
options are translated texts), declares its anonymity mode and opens it for a window
of UTC days. Each member organisation prepares one response (unique per
consultation and organisation) with several of its people, and its voting delegate,
alternate or leader submits it. An organisation may ask for a later deadline.

Anonymous consultations keep submitted answers apart from any organisation:
`AnonymousAnswer` rows carry a random id, a random ballot id (one per submission,
derived from nothing) and no time; the draft's answers and comments are deleted
when the response is submitted, and the response row only says that the
organisation answered.
"""

import enum
import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.translated import translated_field
from ..db import UTCDateTime, db, enum_check, utcnow


class ConsultationStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Anonymity(enum.StrEnum):
    ATTRIBUTED = "attributed"  # results published with the organisations' names
    CONFIDENTIAL = "confidential"  # aggregates published; the Secretariat sees who
    ANONYMOUS = "anonymous"  # answers kept unlinkable to any organisation


class QuestionKind(enum.StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    SCALE = "scale"
    TEXT = "text"


class ResponseStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class ExtensionStatus(enum.StrEnum):
    REQUESTED = "requested"
    GRANTED = "granted"
    REFUSED = "refused"


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class Consultation(db.Model):
    """A questionnaire addressed to the member organisations, with its window."""

    __tablename__ = "consultations"
    __table_args__ = (
        enum_check("status", ConsultationStatus),
        enum_check("anonymity", Anonymity),
        sa.CheckConstraint(
            "opens_on IS NULL OR closes_on IS NULL OR closes_on >= opens_on",
            name="window",
        ),
        sa.CheckConstraint(
            "status = 'draft' OR (opens_on IS NOT NULL AND closes_on IS NOT NULL"
            " AND opened_at IS NOT NULL)",
            name="opened",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(
        sa.String(12), default=ConsultationStatus.DRAFT, index=True
    )
    anonymity: Mapped[str] = mapped_column(
        sa.String(12), default=Anonymity.CONFIDENTIAL
    )
    title_id, title = translated_field()
    intro_id, intro = translated_field()
    opens_on: Mapped[date | None] = mapped_column()
    closes_on: Mapped[date | None] = mapped_column()
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cloned_from_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    questions: Mapped[list["Question"]] = relationship(
        back_populates="consultation",
        order_by="(Question.position, Question.id)",
        cascade="all, delete-orphan",
    )

    def window_state(self, today):
        """'draft', 'upcoming', 'open' or 'closed' (the general deadline)."""
        if self.status == ConsultationStatus.DRAFT:
            return "draft"
        if self.status == ConsultationStatus.CLOSED:
            return "closed"
        if today < self.opens_on:
            return "upcoming"
        return "open" if today <= self.closes_on else "past_deadline"


class Question(db.Model):
    """One item of the questionnaire; shown only if its condition holds."""

    __tablename__ = "consultation_questions"
    __table_args__ = (
        enum_check("kind", QuestionKind),
        sa.CheckConstraint(
            "kind <> 'scale' OR (scale_min IS NOT NULL AND scale_max IS NOT NULL"
            " AND scale_min < scale_max)",
            name="scale",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(sa.String(12))
    required: Mapped[bool] = mapped_column(default=False)
    label_id, label = translated_field()
    scale_min: Mapped[int | None] = mapped_column()
    scale_max: Mapped[int | None] = mapped_column()
    min_label_id, min_label = translated_field()
    max_label_id, max_label = translated_field()
    # "Show only if question X was answered with option Y": the option says both.
    condition_option_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey(
            "consultation_options.id",
            ondelete="SET NULL",
            use_alter=True,
            name="fk_consultation_questions_condition_option_id",
        ),
        index=True,
    )

    consultation: Mapped[Consultation] = relationship(back_populates="questions")
    options: Mapped[list["Option"]] = relationship(
        back_populates="question",
        order_by="(Option.position, Option.id)",
        cascade="all, delete-orphan",
        foreign_keys="Option.question_id",
    )
    condition_option: Mapped["Option | None"] = relationship(
        foreign_keys=[condition_option_id], post_update=True
    )

    @property
    def is_choice(self):
        return self.kind in CHOICE_KINDS


class Option(db.Model):
    """One choice of a single- or multiple-choice question."""

    __tablename__ = "consultation_options"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("consultation_questions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    label_id, label = translated_field()

    question: Mapped[Question] = relationship(
        back_populates="options", foreign_keys=[question_id]
    )


class Response(db.Model):
    """An organisation's one response (a draft until its voice submits it)."""

    __tablename__ = "consultation_responses"
    __table_args__ = (
        enum_check("status", ResponseStatus),
        sa.UniqueConstraint(
            "consultation_id", "organisation_id", name="uq_consultation_responses_once"
        ),
        sa.CheckConstraint(
            "(status = 'submitted') = (submitted_at IS NOT NULL)", name="submitted"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(12), default=ResponseStatus.DRAFT)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    consultation: Mapped[Consultation] = relationship()
    organisation = relationship("Organisation")
    submitted_by = relationship("User", foreign_keys=[submitted_by_id])
    updated_by = relationship("User", foreign_keys=[updated_by_id])
    answers: Mapped[list["Answer"]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )
    comments: Mapped[list["Comment"]] = relationship(
        back_populates="response",
        cascade="all, delete-orphan",
        order_by="Comment.id",
    )


class Answer(db.Model):
    """One answer of a response: an option chosen (one row per option of a
    multiple choice), a point on a scale, or a text."""

    __tablename__ = "consultation_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("consultation_responses.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("consultation_questions.id", ondelete="CASCADE"), index=True
    )
    option_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("consultation_options.id", ondelete="CASCADE"), index=True
    )
    scale_value: Mapped[int | None] = mapped_column()
    text: Mapped[str | None] = mapped_column(sa.Text)

    response: Mapped[Response] = relationship(back_populates="answers")


def _random_id():
    return uuid.uuid4().hex


class AnonymousAnswer(db.Model):
    """An answer of an anonymous consultation: no organisation, no response, no
    time, a random id (no insertion order to read) and a random ballot id that
    groups one submission's answers and leads nowhere."""

    __tablename__ = "consultation_anonymous_answers"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=_random_id)
    ballot: Mapped[str] = mapped_column(sa.String(32), index=True)
    consultation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("consultation_questions.id", ondelete="CASCADE"), index=True
    )
    option_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("consultation_options.id", ondelete="CASCADE"), index=True
    )
    scale_value: Mapped[int | None] = mapped_column()
    text: Mapped[str | None] = mapped_column(sa.Text)


class Comment(db.Model):
    """A note on the organisation's draft, for its own people."""

    __tablename__ = "consultation_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("consultation_responses.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    response: Mapped[Response] = relationship(back_populates="comments")
    author = relationship("User")


class Extension(db.Model):
    """An organisation's request for a later deadline, and the Secretariat's answer."""

    __tablename__ = "consultation_extensions"
    __table_args__ = (
        enum_check("status", ExtensionStatus),
        sa.UniqueConstraint(
            "consultation_id",
            "organisation_id",
            name="uq_consultation_extensions_once",
        ),
        sa.CheckConstraint(
            "status <> 'granted' OR granted_until IS NOT NULL", name="granted"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(
        sa.String(12), default=ExtensionStatus.REQUESTED
    )
    requested_until: Mapped[date] = mapped_column()
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    requested_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    granted_until: Mapped[date | None] = mapped_column()
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    consultation: Mapped[Consultation] = relationship()
    organisation = relationship("Organisation")
    requested_by = relationship("User", foreign_keys=[requested_by_id])
