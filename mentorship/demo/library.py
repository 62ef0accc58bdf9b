"""About thirty library resources across the themes, with real small files made at
seed time (PDF and Word documents built in code: no binary file is committed) in
one, two or three languages; some translations outdated by a newer source, some
drafts waiting for review, so the translation matrix is real. The starter kit's
four templates; a "Translators" body with two volunteer translators assigned.
Written as rows (no email is sent); idempotent: nothing is added when the library
already has resources."""

import random

import sqlalchemy as sa

from ..auth.models import User
from ..core import memberships, storage, translated
from ..core.extract import text_of
from ..core.models import Body
from ..db import db, utcnow
from ..library import services
from ..library.models import Resource, ResourceFile, TranslatorAssignment
from ..library.samples import make_docx, make_pdf
from ..organisations.models import Organisation, Theme
from .plan import STAFF_DOMAIN

LANGS = ("en", "fr", "es")

# (kind, starter kit, {lang: title}, {lang: tags})
STARTER = [
    (
        "template",
        {
            "en": "Statutes outline for a new WIM association",
            "fr": "Modèle de statuts pour une nouvelle association WIM",
            "es": "Plantilla de estatutos para una nueva asociación WIM",
        },
        {
            "en": "statutes, governance",
            "fr": "statuts, gouvernance",
            "es": "estatutos, gobernanza",
        },
    ),
    (
        "template",
        {
            "en": "Membership form",
            "fr": "Formulaire d'adhésion",
            "es": "Formulario de afiliación",
        },
        {
            "en": "membership, form",
            "fr": "adhésion, formulaire",
            "es": "afiliación, formulario",
        },
    ),
    (
        "template",
        {
            "en": "Event checklist",
            "fr": "Liste de contrôle pour un événement",
            "es": "Lista de verificación para eventos",
        },
        {"en": "events, checklist", "fr": "événements, liste", "es": "eventos, lista"},
    ),
    (
        "template",
        {
            "en": "Consultation response template",
            "fr": "Modèle de réponse à une consultation",
            "es": "Plantilla de respuesta a una consulta",
        },
        {
            "en": "consultation, response",
            "fr": "consultation, réponse",
            "es": "consulta, respuesta",
        },
    ),
]

SUBJECTS = [
    (
        "guide",
        "Mentoring programme guide",
        "Guide du programme de mentorat",
        "Guía del programa de mentoría",
    ),
    (
        "report",
        "Women in mining workforce report",
        "Rapport sur les femmes dans les effectifs miniers",
        "Informe sobre las mujeres en la fuerza laboral minera",
    ),
    (
        "toolkit",
        "Inclusive workplace design toolkit",
        "Boîte à outils pour un lieu de travail inclusif",
        "Caja de herramientas para un lugar de trabajo inclusivo",
    ),
    (
        "guide",
        "Personal protective equipment for women",
        "Équipements de protection individuelle pour les femmes",
        "Equipos de protección personal para mujeres",
    ),
    (
        "template",
        "Sexual harassment policy template",
        "Modèle de politique contre le harcèlement sexuel",
        "Plantilla de política contra el acoso sexual",
    ),
    (
        "report",
        "Gender-disaggregated data survey",
        "Enquête sur les données ventilées par genre",
        "Encuesta de datos desagregados por género",
    ),
    (
        "recording",
        "Round table on leadership",
        "Table ronde sur le leadership",
        "Mesa redonda sobre liderazgo",
    ),
    (
        "guide",
        "Fundraising for small associations",
        "Lever des fonds pour une petite association",
        "Recaudación de fondos para asociaciones pequeñas",
    ),
    (
        "template",
        "Annual report template",
        "Modèle de rapport annuel",
        "Plantilla de informe anual",
    ),
    (
        "toolkit",
        "Communications toolkit",
        "Boîte à outils de communication",
        "Caja de herramientas de comunicación",
    ),
    (
        "guide",
        "Running an annual general meeting",
        "Tenir une assemblée générale annuelle",
        "Celebrar una asamblea general anual",
    ),
    (
        "report",
        "Artisanal mining and women",
        "L'exploitation minière artisanale et les femmes",
        "La minería artesanal y las mujeres",
    ),
    (
        "link",
        "ILO convention on violence and harassment",
        "Convention de l'OIT sur la violence et le harcèlement",
        "Convenio de la OIT sobre la violencia y el acoso",
    ),
    (
        "template",
        "Partnership agreement template",
        "Modèle d'accord de partenariat",
        "Plantilla de acuerdo de colaboración",
    ),
    (
        "guide",
        "Return to work after maternity",
        "Retour au travail après la maternité",
        "Regreso al trabajo después de la maternidad",
    ),
    (
        "toolkit",
        "School outreach toolkit for STEM",
        "Boîte à outils pour les écoles (sciences)",
        "Caja de herramientas para escuelas (ciencias)",
    ),
    (
        "report",
        "Pay gap in the mining sector",
        "L'écart de rémunération dans le secteur minier",
        "La brecha salarial en el sector minero",
    ),
    (
        "guide",
        "Safe reporting channels",
        "Des canaux de signalement sûrs",
        "Canales de denuncia seguros",
    ),
    (
        "recording",
        "Global WIM Call: data deficit",
        "Appel mondial WIM : le déficit de données",
        "Llamada global WIM: el déficit de datos",
    ),
    (
        "template",
        "Code of conduct for events",
        "Code de conduite pour les événements",
        "Código de conducta para eventos",
    ),
    (
        "guide",
        "Volunteer management",
        "La gestion des bénévoles",
        "La gestión del voluntariado",
    ),
    (
        "toolkit",
        "Social media starter toolkit",
        "Boîte à outils pour les réseaux sociaux",
        "Caja de herramientas para redes sociales",
    ),
    (
        "report",
        "Mine closure and communities",
        "Fermeture des mines et communautés",
        "Cierre de minas y comunidades",
    ),
    (
        "guide",
        "Writing a grant proposal",
        "Rédiger une demande de subvention",
        "Redactar una solicitud de subvención",
    ),
    (
        "template",
        "Board meeting minutes template",
        "Modèle de procès-verbal de conseil",
        "Plantilla de acta de junta directiva",
    ),
    (
        "link",
        "UN Women: women in extractives",
        "ONU Femmes : les femmes dans les industries extractives",
        "ONU Mujeres: las mujeres en las industrias extractivas",
    ),
]

TRANSLATORS = ("fr", "es")


def seed_library(random_state=7):
    """Add the demo library (once)."""
    if db.session.scalar(sa.select(sa.func.count(Resource.id))):
        return
    rng = random.Random(random_state)
    themes = db.session.scalars(sa.select(Theme).order_by(Theme.slug)).all()
    organisations = db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.status == "member")
        .order_by(Organisation.slug)
        .limit(8)
    ).all()
    secretariat = db.session.scalar(
        sa.select(User).where(User.email == f"secretariat@{STAFF_DOMAIN}")
    )
    translators = _translators(rng)
    specs = [(kind, titles, tags, True) for kind, titles, tags in STARTER] + [
        (kind, {"en": en, "fr": fr, "es": es}, None, False)
        for kind, en, fr, es in SUBJECTS
    ]
    for n, (kind, titles, tags, starter) in enumerate(specs):
        source = "en" if n % 5 else rng.choice(("fr", "es"))
        langs = _langs(rng, source, starter)
        resource = Resource(
            kind=kind,
            status="published" if n % 11 != 10 else "in_review",
            visibility="members" if n % 7 == 6 else "public",
            licence=rng.choice(("cc_by", "cc_by_sa", "cc_by_nc")),
            source_lang=source,
            starter_kit=starter,
            owner_organisation_id=organisations[n % len(organisations)].id
            if organisations and n % 3 == 0
            else None,
            link_url="https://www.ilo.org/" if kind == "link" else "",
            title=translated.new_text(
                source, **{lang: titles[lang] for lang in (source, *langs)}
            ),
            summary=translated.new_text(
                source,
                **{lang: _summary(titles[lang], lang) for lang in (source, *langs)},
            ),
            tags=translated.new_text(source, **tags) if tags else None,
            proposed_by_id=secretariat.id if secretariat else None,
            published_at=utcnow(),
        )
        resource.themes = rng.sample(themes, k=min(len(themes), rng.randint(1, 2)))
        db.session.add(resource)
        db.session.flush()
        if kind != "link":
            _files(rng, resource, titles, source, langs, n)
        for lang, person in translators.items():
            if lang != source:
                db.session.add(
                    TranslatorAssignment(
                        resource_id=resource.id, lang=lang, user_id=person.id
                    )
                )
        db.session.flush()
        db.session.expire(resource, ["files"])
        services.reindex(resource)


def _langs(rng, source, starter):
    others = [lang for lang in LANGS if lang != source]
    if starter:
        return others
    return others[: rng.choice((0, 1, 2, 2))]


def _summary(title, lang):
    lead = {
        "en": "A resource shared by the International WIM Alliance:",
        "fr": "Une ressource partagée par l'International WIM Alliance :",
        "es": "Un recurso compartido por la International WIM Alliance:",
    }[lang]
    return f"{lead} {title}."


def _files(rng, resource, titles, source, langs, n):
    as_docx = resource.kind == "template"
    outdated = n % 4 == 1 and langs  # a second source version, translations behind
    _add(resource, source, 1, "source", None, titles[source], as_docx)
    if outdated:
        _add(resource, source, 2, "source", None, titles[source] + " (2)", as_docx)
    for index, lang in enumerate(langs):
        if outdated:
            status = "outdated"
        elif index == 1 and n % 3 == 2:
            status = "draft"
        else:
            status = "reviewed"
        _add(resource, lang, 1, status, 1, titles[lang], as_docx)


def _add(resource, lang, version, status, based_on, title, as_docx):
    lines = [
        "International WIM Alliance",
        {"en": "Version", "fr": "Version", "es": "Versión"}[lang] + f" {version}",
    ]
    if as_docx:
        data, ext, mime = (
            make_docx(title, lines),
            "docx",
            ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        )
    else:
        data, ext, mime = make_pdf(title, lines), "pdf", "application/pdf"
    key = storage.storage().put(data, ext)
    stem = "-".join(title.lower().split()[:4]).replace("'", "")
    db.session.add(
        ResourceFile(
            resource_id=resource.id,
            lang=lang,
            version=version,
            status=status,
            based_on=based_on,
            storage_key=key,
            filename=f"{stem}.{ext}"[:120],
            mime=mime,
            size=len(data),
            sha256="0" * 64,
            text=text_of(data, ext),
        )
    )


def _translators(rng):
    """The translators' body, and one volunteer each for French and Spanish."""
    body = db.session.scalar(sa.select(Body).where(Body.slug == "translators"))
    if body is None:
        body = Body(
            kind="translators",
            slug="translators",
            name=translated.new_text(
                "en", en="Translators", fr="Traductrices", es="Traductoras"
            ),
        )
        db.session.add(body)
        db.session.flush()
    chosen = {}
    for lang in TRANSLATORS:
        person = db.session.scalar(
            sa.select(User)
            .where(User.locale == lang, User.organisation_id.is_not(None))
            .order_by(User.id)
            .limit(1)
        )
        if person is not None:
            memberships.start(person, "member", body=body)
            chosen[lang] = person
    return chosen
