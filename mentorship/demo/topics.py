"""Shared concepts of mentoring conversations, each with paraphrases in en/fr/es.

Profiles of different people mention the same concept in different words and languages,
which is what gives the matcher's text similarity a real signal to find.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Concept:
    code: str
    tags: tuple[str, ...]
    # Disciplines for which this is expertise; empty: a career topic for anyone.
    disciplines: tuple[str, ...]
    en: tuple[str, ...]
    fr: tuple[str, ...]
    es: tuple[str, ...]

    def phrases(self, language):
        return getattr(self, language)


CONCEPTS = (
    Concept(
        "mine_closure",
        ("mine_closure", "environment"),
        ("environment", "mining_engineering", "community_relations", "legal"),
        (
            "mine closure planning",
            "progressive rehabilitation and closure",
            "planning for life after the mine",
        ),
        (
            "la planification de la fermeture des mines",
            "la réhabilitation progressive et la fermeture",
            "la préparation de l'après-mine",
        ),
        (
            "la planificación del cierre de minas",
            "la rehabilitación progresiva y el cierre",
            "la preparación para la vida después de la mina",
        ),
    ),
    Concept(
        "tailings",
        ("environment", "mining_engineering", "health_safety"),
        ("environment", "mining_engineering", "metallurgy", "health_safety"),
        (
            "tailings management",
            "tailings dam safety",
            "governance of tailings storage facilities",
        ),
        (
            "la gestion des résidus miniers",
            "la sécurité des digues à résidus",
            "la gouvernance des parcs à résidus",
        ),
        (
            "la gestión de relaves",
            "la seguridad de los depósitos de relaves",
            "la gobernanza de las presas de relaves",
        ),
    ),
    Concept(
        "multicultural_teams",
        ("leadership", "inclusive_workplace_design"),
        ("leadership", "human_resources", "mining_engineering"),
        (
            "leading multicultural teams",
            "managing diverse teams across sites",
            "leading people from many cultures",
        ),
        (
            "le management d'équipes multiculturelles",
            "la direction d'équipes diverses sur plusieurs sites",
            "le leadership interculturel",
        ),
        (
            "el liderazgo de equipos multiculturales",
            "la gestión de equipos diversos en varias faenas",
            "el liderazgo intercultural",
        ),
    ),
    Concept(
        "maternity_return",
        ("career_change", "inclusive_workplace_design"),
        (),
        (
            "returning from maternity leave",
            "coming back to site after parental leave",
            "balancing a mining career with young children",
        ),
        (
            "le retour de congé maternité",
            "la reprise sur site après un congé parental",
            "la conciliation d'une carrière minière et d'une vie de famille",
        ),
        (
            "el regreso tras la licencia de maternidad",
            "la vuelta a la faena después de la licencia parental",
            "la conciliación de la carrera minera con la maternidad",
        ),
    ),
    Concept(
        "site_to_corporate",
        ("career_change", "leadership"),
        (),
        (
            "moving from site to corporate roles",
            "the step from operations to head office",
            "career moves from the pit to the boardroom",
        ),
        (
            "le passage du site aux fonctions du siège",
            "la transition des opérations vers le siège",
            "l'évolution de carrière du terrain vers la direction",
        ),
        (
            "el paso de la faena a funciones corporativas",
            "la transición de operaciones a la oficina central",
            "el salto de la mina a la gerencia",
        ),
    ),
    Concept(
        "board_readiness",
        ("board_governance", "leadership"),
        ("leadership", "finance", "legal"),
        (
            "board readiness",
            "preparing for a first board seat",
            "non-executive directorships",
        ),
        (
            "la préparation aux conseils d'administration",
            "la préparation à un premier mandat d'administratrice",
            "les mandats d'administratrice indépendante",
        ),
        (
            "la preparación para directorios",
            "la preparación para un primer puesto en un directorio",
            "los cargos de directora independiente",
        ),
    ),
    Concept(
        "esg_reporting",
        ("esg", "finance"),
        ("finance", "environment", "legal", "community_relations"),
        (
            "ESG reporting",
            "sustainability disclosure and reporting",
            "reporting against ESG standards",
        ),
        (
            "le reporting ESG",
            "la publication d'informations extra-financières",
            "le reporting selon les normes ESG",
        ),
        (
            "los reportes ESG",
            "la divulgación de información de sostenibilidad",
            "los informes según estándares ESG",
        ),
    ),
    Concept(
        "geostatistics",
        ("geology", "data_digital"),
        ("geology", "data_digital", "mining_engineering"),
        ("geostatistics", "mineral resource estimation", "orebody modelling"),
        (
            "la géostatistique",
            "l'estimation des ressources minérales",
            "la modélisation des gisements",
        ),
        (
            "la geoestadística",
            "la estimación de recursos minerales",
            "el modelamiento de yacimientos",
        ),
    ),
    Concept(
        "community_engagement",
        ("community_relations", "esg"),
        ("community_relations", "environment", "legal", "leadership"),
        (
            "community engagement",
            "building trust with host communities",
            "the social licence to operate",
        ),
        (
            "le dialogue avec les communautés",
            "la relation de confiance avec les communautés locales",
            "l'acceptabilité sociale des projets",
        ),
        (
            "el relacionamiento comunitario",
            "la construcción de confianza con las comunidades",
            "la licencia social para operar",
        ),
    ),
    Concept(
        "safety_leadership",
        ("health_safety", "leadership"),
        ("health_safety", "mining_engineering", "leadership"),
        (
            "safety leadership",
            "critical risk management",
            "building a strong safety culture",
        ),
        (
            "le leadership en sécurité",
            "la maîtrise des risques critiques",
            "la culture de sécurité",
        ),
        (
            "el liderazgo en seguridad",
            "la gestión de riesgos críticos",
            "la cultura de seguridad",
        ),
    ),
    Concept(
        "negotiation",
        ("negotiation",),
        (),
        (
            "negotiating salary and promotion",
            "negotiation skills",
            "asking for the role you want",
        ),
        (
            "la négociation salariale",
            "les techniques de négociation",
            "l'art de demander une promotion",
        ),
        (
            "la negociación salarial",
            "las habilidades de negociación",
            "la negociación de un ascenso",
        ),
    ),
    Concept(
        "public_speaking",
        ("public_speaking", "role_models_mentors"),
        (),
        (
            "public speaking",
            "presenting at industry conferences",
            "finding my voice in meetings",
        ),
        (
            "la prise de parole en public",
            "les interventions en conférence",
            "l'affirmation de soi en réunion",
        ),
        (
            "la oratoria",
            "las presentaciones en congresos del sector",
            "la comunicación asertiva en reuniones",
        ),
    ),
    Concept(
        "energy_transition",
        ("energy_transition", "esg"),
        ("geology", "metallurgy", "finance", "leadership"),
        (
            "critical minerals for the energy transition",
            "battery metals supply chains",
            "decarbonising mine sites",
        ),
        (
            "les minerais critiques de la transition énergétique",
            "les chaînes d'approvisionnement des métaux pour batteries",
            "la décarbonation des sites miniers",
        ),
        (
            "los minerales críticos para la transición energética",
            "las cadenas de suministro de metales para baterías",
            "la descarbonización de las operaciones mineras",
        ),
    ),
    Concept(
        "entrepreneurship",
        ("entrepreneurship",),
        ("finance", "geology", "data_digital"),
        (
            "starting a mining services business",
            "launching a consultancy",
            "growing a small business in the supply chain",
        ),
        (
            "la création d'une entreprise de services miniers",
            "le lancement d'un cabinet de conseil",
            "le développement d'une PME fournisseuse",
        ),
        (
            "la creación de una empresa de servicios mineros",
            "el lanzamiento de una consultora",
            "el crecimiento de una pyme proveedora",
        ),
    ),
    Concept(
        "project_management",
        ("project_management",),
        ("mining_engineering", "metallurgy", "finance", "data_digital"),
        (
            "delivering capital projects",
            "project management",
            "running feasibility studies",
        ),
        (
            "la conduite de grands projets",
            "la gestion de projet",
            "le pilotage des études de faisabilité",
        ),
        (
            "la ejecución de proyectos de capital",
            "la gestión de proyectos",
            "la dirección de estudios de factibilidad",
        ),
    ),
    Concept(
        "digital_mining",
        ("data_digital",),
        ("data_digital", "mining_engineering", "geology"),
        (
            "automation and mine digitalisation",
            "data science for mining operations",
            "remote operations centres",
        ),
        (
            "l'automatisation et la numérisation des mines",
            "la science des données appliquée aux opérations",
            "les centres d'opérations à distance",
        ),
        (
            "la automatización y digitalización minera",
            "la ciencia de datos aplicada a operaciones",
            "los centros de operación remota",
        ),
    ),
    Concept(
        "stem_outreach",
        ("stem_women_in_mining", "role_models_mentors"),
        (),
        (
            "encouraging girls into STEM careers",
            "school outreach for geoscience",
            "being a visible role model",
        ),
        (
            "l'orientation des filles vers les filières scientifiques",
            "la promotion des géosciences auprès des écoles",
            "le rôle de modèle pour les plus jeunes",
        ),
        (
            "el fomento de carreras STEM entre las niñas",
            "la divulgación de las geociencias en colegios",
            "el rol de referente para las más jóvenes",
        ),
    ),
    Concept(
        "gender_data",
        ("global_data_deficit", "human_resources"),
        ("human_resources", "data_digital", "leadership"),
        (
            "gender-disaggregated workforce data",
            "measuring women's participation in mining",
            "diversity metrics that drive change",
        ),
        (
            "les données sexospécifiques sur les effectifs",
            "la mesure de la place des femmes dans les mines",
            "les indicateurs de diversité",
        ),
        (
            "los datos desagregados por género",
            "la medición de la participación femenina en minería",
            "los indicadores de diversidad",
        ),
    ),
    Concept(
        "processing",
        ("metallurgy",),
        ("metallurgy", "mining_engineering"),
        (
            "mineral processing plant optimisation",
            "metallurgical test work",
            "flotation and leaching circuits",
        ),
        (
            "l'optimisation des usines de traitement",
            "les essais métallurgiques",
            "les circuits de flottation et de lixiviation",
        ),
        (
            "la optimización de plantas de procesamiento",
            "las pruebas metalúrgicas",
            "los circuitos de flotación y lixiviación",
        ),
    ),
    Concept(
        "mining_finance",
        ("finance",),
        ("finance", "legal", "leadership"),
        ("mining project finance", "investor relations", "valuing mining assets"),
        (
            "le financement de projets miniers",
            "les relations investisseurs",
            "l'évaluation des actifs miniers",
        ),
        (
            "el financiamiento de proyectos mineros",
            "las relaciones con inversionistas",
            "la valoración de activos mineros",
        ),
    ),
    Concept(
        "inclusive_workplace",
        ("human_resources", "inclusive_workplace_design"),
        ("human_resources", "leadership", "health_safety"),
        (
            "inclusive recruitment",
            "designing inclusive workplaces",
            "facilities and PPE designed for women",
        ),
        (
            "le recrutement inclusif",
            "la conception de lieux de travail inclusifs",
            "des équipements de protection adaptés aux femmes",
        ),
        (
            "el reclutamiento inclusivo",
            "el diseño de lugares de trabajo inclusivos",
            "los equipos de protección adaptados a las mujeres",
        ),
    ),
    Concept(
        "permitting",
        ("legal",),
        ("legal", "environment", "community_relations"),
        (
            "mining law and permitting",
            "environmental permitting",
            "negotiating agreements with governments",
        ),
        (
            "le droit minier et les autorisations",
            "les autorisations environnementales",
            "la négociation de conventions avec l'État",
        ),
        (
            "el derecho minero y los permisos",
            "los permisos ambientales",
            "la negociación de convenios con el Estado",
        ),
    ),
    Concept(
        "exploration",
        ("geology",),
        ("geology",),
        (
            "greenfield exploration",
            "field geology and mapping",
            "drilling programme design",
        ),
        (
            "l'exploration de nouveaux gisements",
            "la géologie de terrain et la cartographie",
            "la conception de campagnes de forage",
        ),
        (
            "la exploración greenfield",
            "la geología de campo y el mapeo",
            "el diseño de campañas de perforación",
        ),
    ),
    Concept(
        "mine_planning",
        ("mining_engineering",),
        ("mining_engineering",),
        (
            "mine planning and scheduling",
            "underground mine design",
            "open-pit optimisation",
        ),
        (
            "la planification minière",
            "la conception de mines souterraines",
            "l'optimisation des fosses à ciel ouvert",
        ),
        (
            "la planificación minera",
            "el diseño de minas subterráneas",
            "la optimización de rajos abiertos",
        ),
    ),
)

BY_CODE = {concept.code: concept for concept in CONCEPTS}


def pick_concepts(rng, role, discipline, stage, k=3):
    """`k` distinct concepts, favouring her discipline (mentees: career topics)."""
    weights = [_weight(c, role, discipline, stage) for c in CONCEPTS]
    pool = list(CONCEPTS)
    chosen = []
    for _ in range(k):
        concept = rng.choices(pool, weights)[0]
        index = pool.index(concept)
        del pool[index], weights[index]
        chosen.append(concept)
    return tuple(chosen)


def _weight(concept, role, discipline, stage):
    if concept.code == "board_readiness" and stage in ("senior", "executive"):
        return 4.0
    if discipline in concept.disciplines:
        return 5.0
    if concept.disciplines:
        return 0.4
    if concept.code == "maternity_return" and stage in ("student", "executive"):
        return 0.1
    return 2.0 if role == "mentee" else 1.0
