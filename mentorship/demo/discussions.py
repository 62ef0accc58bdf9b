# ruff: noqa: E501  (the messages read as whole sentences)
"""Discussion in the four demo groups: two threads each with replies, in English,
French and Spanish; most are for the members only, one in "Role Models & Mentors"
is readable by the whole Alliance, and one thread is locked by its chair.

Lucía (lucia.mentor@…) chairs "Role Models & Mentors": she sees the moderation
tools there. Written straight into the tables: the demo sends no email.
"""

from datetime import timedelta

import sqlalchemy as sa

from ..auth.models import User
from ..core import memberships
from ..core.models import Body, Membership
from ..db import db, utcnow
from ..discussions.models import Post, Thread
from ..groups.models import WorkingGroup

# slug -> [(title, visibility, locked, [(days ago, message), ...])]; the first
# message opens the thread; authors are taken in turn from the group's members.
THREADS = {
    "role-models-mentors": [
        (
            "Role-model campaign for International Women in Engineering Day",
            "alliance",
            False,
            [
                (12, "Shall we run one campaign across the Alliance this year?\nEach organisation would nominate two role models, and we publish their stories in three languages."),
                (11, "Oui ! Au Québec nous avons déjà cinq portraits prêts, nous pouvons les traduire."),
                (10, "En Perú podemos sumar tres historias de ingenieras de planta. ¿Cuál es la fecha límite?"),
                (9, "Let's say the end of next month, so the translators have two weeks."),
            ],
        ),
        (
            "Mentor recognition: certificates or a ceremony?",
            "members",
            False,
            [
                (6, "Our mentors asked how the Alliance thanks them. A certificate is easy; a short online ceremony is warmer."),
                (5, "Les deux ? Un certificat pour tous, et une cérémonie en ligne une fois par an."),
            ],
        ),
    ],
    "stem-women-in-mining": [
        (
            "Mapa de becas: ¿qué países faltan?",
            "members",
            False,
            [
                (15, "Ya tenemos becas de Chile, Perú y México. Faltan los países de África austral y Canadá."),
                (14, "I can add the South African scholarships this week."),
                (13, "Je m'occupe du Canada, avec les bourses provinciales."),
            ],
        ),
        (
            "School-visit kit: first draft",
            "members",
            True,
            [
                (30, "The first draft of the school-visit kit is in the library. Comments by Friday, please."),
                (28, "Looks good. The safety slide needs a photo of a woman in full PPE."),
                (27, "Thanks all: the comments are in, I lock this thread and we continue at the meeting."),
            ],
        ),
    ],
    "inclusive-workplace-design": [
        (
            "Retours sur les EPI adaptés aux femmes",
            "members",
            False,
            [
                (8, "Nous recueillons les témoignages sur les équipements de protection mal ajustés. Partagez vos exemples ici."),
                (7, "Gloves are our main problem: the smallest size is still too large for many women."),
                (6, "En nuestras faenas también: los arneses no vienen en tallas pequeñas."),
            ],
        ),
        (
            "Site facilities checklist",
            "members",
            False,
            [
                (3, "Here is the list so far: separate changing rooms, lockable toilets on every level, lactation room.\nWhat is missing?"),
            ],
        ),
    ],
    "global-data-deficit": [
        (
            "Indicators for the yearly data release",
            "members",
            False,
            [
                (20, "Proposal: headcount by role, share of women in technical roles, and share in leadership. Three indicators, every country."),
                (19, "Attention aux petits effectifs : il faut supprimer les cases de moins de cinq personnes."),
                (18, "Agreed, we suppress small cells as the outcomes pages do."),
            ],
        ),
        (
            "¿Datos abiertos o por solicitud?",
            "members",
            False,
            [
                (4, "Algunas organizaciones prefieren compartir los datos solo con la Alianza. ¿Publicamos todo o por solicitud?"),
                (2, "Open by default, with an opt-out per organisation, seems the fairest."),
            ],
        ),
    ],
}  # fmt: skip


def seed_discussions(random_state=7):
    """Add the threads of each demo group once; flushes, the caller commits."""
    now = utcnow().replace(microsecond=0)
    for slug, threads in THREADS.items():
        group = db.session.scalar(
            sa.select(WorkingGroup)
            .join(Body, Body.id == WorkingGroup.body_id)
            .where(Body.slug == slug)
        )
        if group is None or _has_threads(group):
            continue
        people = _authors(group)
        if not people:
            continue
        turn = 0
        for title, visibility, locked, messages in threads:
            thread = None
            for days_ago, text in messages:
                author = people[turn % len(people)]
                turn += 1
                when = now - timedelta(days=days_ago)
                if thread is None:
                    thread = Thread(
                        group_id=group.id,
                        title=title,
                        visibility=visibility,
                        author_id=author.id,
                        created_at=when,
                        last_posted_at=when,
                    )
                    db.session.add(thread)
                db.session.add(
                    Post(thread=thread, author_id=author.id, body=text, created_at=when)
                )
                thread.last_posted_at = when
            if locked:
                thread.locked_at = thread.last_posted_at
                thread.locked_by_id = thread.author_id
    db.session.flush()


def _has_threads(group):
    return db.session.scalar(
        sa.select(sa.func.count(Thread.id)).where(Thread.group_id == group.id)
    )


def _authors(group):
    """Its current members who write: the chair first, then by id (the
    Secretariat's liaison reads)."""
    return db.session.scalars(
        sa.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.body_id == group.body_id,
            Membership.position != "liaison",
            memberships.current(),
        )
        .order_by((Membership.position != "chair"), User.id)
    ).all()
