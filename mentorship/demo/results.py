# ruff: noqa: E501  (the updates read as whole sentences in three languages)
"""Results of the demo's published recommendations, in progress.

The recommendations' seed publishes two recommendations through the pipeline, which
opens their results. Where nothing is published yet (a database without that seed),
two recommendations are published here, on the "Role Models & Mentors" and "Global
Data Deficit" groups, and the signal opens their results. Each result then gets an
owner (the group's chair), the status "in progress", its progress, three dated
updates, and links to a couple of the group's past meetings and actions, if any.
Run twice, nothing is added.
"""

import random
from datetime import timedelta

import sqlalchemy as sa

from ..core import translated
from ..core.models import Body
from ..db import db, utcnow
from ..groups.models import WorkingGroup
from ..recommendations.models import Recommendation, RecommendationStatus
from ..recommendations.signals import recommendation_published
from ..results import services
from ..results.models import ResultLink, ResultStatus, ResultUpdate

PUBLISHED_DAYS_AGO = 150

RECOMMENDATIONS = {
    "role-models-mentors": {
        "title": {
            "en": "Every member organisation runs a mentoring programme by 2028",
            "fr": "Chaque organisation membre anime un programme de mentorat d'ici 2028",
            "es": "Cada organización miembro tiene un programa de mentoría para 2028",
        },
        "summary": {
            "en": "Organisations without a programme pair up with one that has, share the Alliance's toolkit, and report each year.",
            "fr": "Les organisations sans programme s'associent à une organisation qui en a un, partagent la boîte à outils de l'Alliance et rendent compte chaque année.",
            "es": "Las organizaciones sin programa se asocian con una que lo tenga, comparten la guía de la Alianza e informan cada año.",
        },
    },
    "global-data-deficit": {
        "title": {
            "en": "Publish yearly sex-disaggregated workforce data",
            "fr": "Publier chaque année des données sur les effectifs ventilées par sexe",
            "es": "Publicar cada año datos de la plantilla desagregados por sexo",
        },
        "summary": {
            "en": "Member organisations collect the same five indicators and the Alliance publishes them once a year.",
            "fr": "Les organisations membres recueillent les cinq mêmes indicateurs et l'Alliance les publie une fois par an.",
            "es": "Las organizaciones miembro recogen los mismos cinco indicadores y la Alianza los publica una vez al año.",
        },
    },
}  # fmt: skip

UPDATES = [
    {
        "en": "The group agreed who does what and set the first milestones.",
        "fr": "Le groupe a réparti les tâches et fixé les premières étapes.",
        "es": "El grupo repartió las tareas y fijó los primeros hitos.",
    },
    {
        "en": "A first draft was shared with the member organisations for comments.",
        "fr": "Un premier projet a été transmis aux organisations membres pour commentaires.",
        "es": "Se compartió un primer borrador con las organizaciones miembro para recibir comentarios.",
    },
    {
        "en": "Comments are in; the group is preparing the version to roll out.",
        "fr": "Les commentaires sont arrivés ; le groupe prépare la version à déployer.",
        "es": "Llegaron los comentarios; el grupo prepara la versión que se aplicará.",
    },
]  # fmt: skip
PROGRESS = (15, 30, 45)
LINKED_MEETINGS = 2
LINKED_ACTIONS = 2


def seed_results(random_state=7):
    """Results in progress for the published recommendations; flushes."""
    rng = random.Random(random_state)
    if not _published():
        _publish_two()
    for recommendation in _published():
        result = services.open_result(recommendation)
        if result is None or result.updates:
            continue
        _follow(result, recommendation, rng)
    db.session.flush()


def _published():
    return db.session.scalars(
        sa.select(Recommendation)
        .where(Recommendation.status == RecommendationStatus.PUBLISHED)
        .order_by(Recommendation.id)
    ).all()


def _publish_two():
    """Two recommendations published here, when the pipeline published none."""
    now = utcnow()
    for slug, spec in RECOMMENDATIONS.items():
        group = db.session.scalar(
            sa.select(WorkingGroup).join(Body).where(Body.slug == slug)
        )
        if group is None:
            continue
        recommendation = Recommendation(
            group_id=group.id,
            status=RecommendationStatus.PUBLISHED,
            title=translated.new_text("en", **spec["title"]),
            summary=translated.new_text("en", **spec["summary"]),
            published_at=now - timedelta(days=PUBLISHED_DAYS_AGO),
        )
        db.session.add(recommendation)
        db.session.flush()
        recommendation_published.send(recommendation)


def _follow(result, recommendation, rng):
    """Owner, three dated updates, status in progress, links."""
    group = recommendation.group
    owner = result.owner or services.chair_of(group)
    result.owner_id = owner.id if owner else None
    start = (recommendation.published_at or utcnow()).date()
    today = utcnow().date()
    lang = (owner.locale if owner else None) or "en"
    for n, (texts, progress) in enumerate(zip(UPDATES, PROGRESS, strict=True)):
        on_date = min(start + timedelta(days=30 * (n + 1) + rng.randint(0, 9)), today)
        db.session.add(
            ResultUpdate(
                result=result,
                on_date=on_date,
                text=translated.new_text(lang if lang in texts else "en", **texts),
                author_id=owner.id if owner else None,
                new_status=ResultStatus.IN_PROGRESS if n == 0 else None,
                new_progress=progress,
            )
        )
    result.status = ResultStatus.IN_PROGRESS
    result.progress = PROGRESS[-1]
    result.revision += 1
    now = utcnow()
    meetings = [s for s in services.meetings_of(group) if s.starts_at < now]
    for session in meetings[:LINKED_MEETINGS]:
        db.session.add(ResultLink(result=result, session_id=session.id))
    for item in services.actions_of(group)[:LINKED_ACTIONS]:
        db.session.add(ResultLink(result=result, item_id=item.id))
