"""Resources of the library, their files (one per language, with versions) and the
volunteer translators assigned to them.

A resource's source file is in its `source_lang`; every upload is a new numbered
version of that language's file, the older ones kept as history. A translation
records the source version it was made from (`based_on`); uploading a new source
version marks the translations of older ones outdated, in the same transaction.
"""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.translated import translated_field
from ..db import UTCDateTime, db, enum_check, utcnow


class ResourceKind(enum.StrEnum):
    TEMPLATE = "template"
    GUIDE = "guide"
    REPORT = "report"
    TOOLKIT = "toolkit"
    RECORDING = "recording"
    LINK = "link"


class ResourceStatus(enum.StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class Visibility(enum.StrEnum):
    PUBLIC = "public"
    MEMBERS = "members"
    WORKING_GROUP = "working_group"


class Licence(enum.StrEnum):
    CC_BY = "cc_by"
    CC_BY_SA = "cc_by_sa"
    CC_BY_NC = "cc_by_nc"
    PUBLIC_DOMAIN = "public_domain"
    ALL_RIGHTS = "all_rights"


class FileStatus(enum.StrEnum):
    SOURCE = "source"
    DRAFT = "draft"
    REVIEWED = "reviewed"
    OUTDATED = "outdated"


resource_themes = sa.Table(
    "library_resource_themes",
    db.metadata,
    sa.Column(
        "resource_id",
        sa.ForeignKey("library_resources.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "theme_id", sa.ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True
    ),
)

resource_groups = sa.Table(
    "library_resource_groups",
    db.metadata,
    sa.Column(
        "resource_id",
        sa.ForeignKey("library_resources.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "body_id", sa.ForeignKey("bodies.id", ondelete="CASCADE"), primary_key=True
    ),
)


class Resource(db.Model):
    """A resource or template: texts in three languages, a file per language."""

    __tablename__ = "library_resources"
    __table_args__ = (
        enum_check("kind", ResourceKind),
        enum_check("status", ResourceStatus),
        enum_check("visibility", Visibility),
        enum_check("licence", Licence),
        sa.CheckConstraint(
            "visibility <> 'working_group' OR group_id IS NOT NULL", name="group"
        ),
        sa.Index("ix_library_resources_status", "status", "visibility"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(12), default=ResourceKind.TEMPLATE)
    status: Mapped[str] = mapped_column(sa.String(12), default=ResourceStatus.DRAFT)
    visibility: Mapped[str] = mapped_column(sa.String(16), default=Visibility.PUBLIC)
    group_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("bodies.id", ondelete="SET NULL"), index=True
    )
    owner_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    owner_body_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("bodies.id", ondelete="SET NULL"), index=True
    )
    licence: Mapped[str] = mapped_column(sa.String(16), default=Licence.CC_BY)
    link_url: Mapped[str] = mapped_column(sa.String(500), default="")
    source_lang: Mapped[str] = mapped_column(sa.String(8), default="en")
    starter_kit: Mapped[bool] = mapped_column(default=False)
    downloads: Mapped[int] = mapped_column(default=0)
    title_id, title = translated_field(nullable=False)
    summary_id, summary = translated_field()
    tags_id, tags = translated_field()
    proposed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    files: Mapped[list["ResourceFile"]] = relationship(
        back_populates="resource",
        order_by="(ResourceFile.lang, ResourceFile.version)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    themes = relationship("Theme", secondary=resource_themes, lazy="selectin")
    groups = relationship(
        "Body", secondary=resource_groups, lazy="selectin", foreign_keys=None
    )
    owner_organisation = relationship("Organisation")
    owner_body = relationship("Body", foreign_keys=[owner_body_id])
    group = relationship("Body", foreign_keys=[group_id])

    def latest(self):
        """{lang: its latest file}."""
        latest = {}
        for file in self.files:
            if file.lang not in latest or file.version > latest[file.lang].version:
                latest[file.lang] = file
        return latest

    def source_file(self):
        return self.latest().get(self.source_lang)

    def status_in(self, lang):
        """source, missing, draft, reviewed or outdated: its file in `lang`."""
        file = self.latest().get(lang)
        if file is None:
            return "missing"
        return file.status

    def __repr__(self):
        return f"<Resource {self.id} {self.status}>"


class ResourceFile(db.Model):
    """One version of a resource's file in one language."""

    __tablename__ = "library_files"
    __table_args__ = (
        sa.UniqueConstraint("resource_id", "lang", "version"),
        enum_check("status", FileStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(
        sa.ForeignKey("library_resources.id", ondelete="CASCADE"), index=True
    )
    lang: Mapped[str] = mapped_column(sa.String(8))
    version: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(sa.String(10), default=FileStatus.DRAFT)
    based_on: Mapped[int | None] = mapped_column()  # the source version translated
    storage_key: Mapped[str] = mapped_column(sa.String(60), unique=True)
    filename: Mapped[str] = mapped_column(sa.String(130))
    mime: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(sa.String(64))
    text: Mapped[str] = mapped_column(sa.Text, default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    reviewed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    resource: Mapped[Resource] = relationship(back_populates="files")

    def __repr__(self):
        return f"<ResourceFile {self.resource_id} {self.lang} v{self.version}>"


class TranslatorAssignment(db.Model):
    """A volunteer translator assigned to a resource's language."""

    __tablename__ = "library_translators"
    __table_args__ = (sa.UniqueConstraint("resource_id", "lang", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(
        sa.ForeignKey("library_resources.id", ondelete="CASCADE"), index=True
    )
    lang: Mapped[str] = mapped_column(sa.String(8))
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User")
