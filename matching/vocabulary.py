"""The Alliance's controlled vocabularies and multilingual concept phrases.

The one definition of the codes: :mod:`matching.profiles` validates against them,
:mod:`matching.datasets` generates from them, and the web layer (`mentorship/vocab.py`)
adds only translated labels keyed on them (a test checks both sides agree).
"""

DISCIPLINES = (
    "geology", "mining_engineering", "metallurgy", "environment", "health_safety",
    "finance", "human_resources", "legal", "community_relations", "data_digital",
    "leadership",
)  # fmt: skip
THEMES = (
    "stem_women_in_mining", "inclusive_workplace_design", "global_data_deficit",
    "role_models_mentors",
)  # fmt: skip
"""The Alliance's four themes."""
TOPICS = (
    "mine_closure", "esg", "energy_transition", "entrepreneurship", "career_change",
    "negotiation", "public_speaking", "board_governance", "project_management",
)  # fmt: skip
TAGS = DISCIPLINES + THEMES + TOPICS
CAREER_STAGES = ("student", "early_career", "mid_career", "senior", "executive")
COMMODITIES = (
    "gold", "copper", "iron_ore", "coal", "lithium", "nickel", "diamonds",
    "platinum_group_metals", "bauxite_aluminium", "zinc_lead", "uranium",
    "rare_earths", "industrial_minerals", "other",
)  # fmt: skip
OPERATION_TYPES = (
    "underground", "open_pit", "processing", "corporate", "consulting", "academia",
    "government",
)  # fmt: skip
REGIONS = (
    "africa", "asia_pacific", "europe", "latin_america_caribbean", "middle_east",
    "north_america",
)  # fmt: skip
MEETING_MODES = ("online", "in_person", "either")

# country: (region, UTC offsets, primary language, second language or "")
COUNTRIES = {
    "ZA": ("africa", (2,), "en", "af"),
    "GH": ("africa", (0,), "en", ""),
    "CD": ("africa", (1, 2), "fr", "sw"),
    "TZ": ("africa", (3,), "sw", "en"),
    "SN": ("africa", (0,), "fr", ""),
    "AU": ("asia_pacific", (8, 9.5, 10), "en", ""),
    "ID": ("asia_pacific", (7, 8, 9), "id", "en"),
    "CN": ("asia_pacific", (8,), "zh", "en"),
    "IN": ("asia_pacific", (5.5,), "en", "hi"),
    "GB": ("europe", (0,), "en", ""),
    "FR": ("europe", (1,), "fr", ""),
    "DE": ("europe", (1,), "de", "en"),
    "RU": ("europe", (3, 5, 7), "ru", ""),
    "CL": ("latin_america_caribbean", (-4,), "es", ""),
    "PE": ("latin_america_caribbean", (-5,), "es", ""),
    "BR": ("latin_america_caribbean", (-3, -4), "pt", "es"),
    "MX": ("latin_america_caribbean", (-6,), "es", ""),
    "SA": ("middle_east", (3,), "ar", "en"),
    "AE": ("middle_east", (4,), "ar", "en"),
    "CA": ("north_america", (-8, -7, -5, -4), "en", "fr"),
    "US": ("north_america", (-8, -7, -6, -5), "en", "es"),
}

TEXT_LANGUAGES = ("en", "fr", "es", "pt")

# tag: one string per language of TEXT_LANGUAGES, paraphrases separated by "; "
CONCEPTS = {
    "geology": (
        "geology; geological mapping; exploration geology; ore body modelling",
        "géologie; cartographie géologique; géologie d'exploration",
        "geología; cartografía geológica; geología de exploración",
        "geologia; mapeamento geológico; geologia de exploração",
    ),
    "mining_engineering": (
        "mining engineering; mine planning; mine design; drill and blast",
        "ingénierie minière; planification minière; conception de mine",
        "ingeniería de minas; planificación minera; diseño de minas",
        "engenharia de minas; planejamento de lavra; projeto de mina",
    ),
    "metallurgy": (
        "metallurgy; mineral processing; extractive metallurgy; flotation",
        "métallurgie; traitement des minerais; hydrométallurgie",
        "metalurgia; procesamiento de minerales; flotación",
        "metalurgia; processamento mineral; beneficiamento",
    ),
    "environment": (
        "environmental management; water stewardship; biodiversity; tailings",
        "gestion environnementale; gestion de l'eau; biodiversité; résidus miniers",
        "gestión ambiental; manejo del agua; biodiversidad; relaves",
        "gestão ambiental; gestão da água; biodiversidade; rejeitos",
    ),
    "health_safety": (
        "health and safety; occupational safety; safety culture; risk assessment",
        "santé et sécurité; sécurité au travail; culture de sécurité",
        "salud y seguridad; seguridad ocupacional; cultura de seguridad",
        "saúde e segurança; segurança do trabalho; cultura de segurança",
    ),
    "finance": (
        "mining finance; project finance; financial modelling; investment",
        "finance minière; financement de projets; modélisation financière",
        "finanzas mineras; financiamiento de proyectos; modelos financieros",
        "finanças da mineração; financiamento de projetos; investimento",
    ),
    "human_resources": (
        "human resources; talent management; recruitment; workforce planning",
        "ressources humaines; gestion des talents; recrutement",
        "recursos humanos; gestión del talento; reclutamiento",
        "recursos humanos; gestão de talentos; recrutamento",
    ),
    "legal": (
        "mining law; legal compliance; contracts; regulatory affairs",
        "droit minier; conformité juridique; contrats",
        "derecho minero; cumplimiento legal; contratos",
        "direito minerário; conformidade legal; contratos",
    ),
    "community_relations": (
        "community relations; stakeholder engagement; indigenous partnerships",
        "relations communautaires; dialogue avec les parties prenantes",
        "relaciones comunitarias; relacionamiento con comunidades",
        "relações comunitárias; engajamento de partes interessadas",
    ),
    "data_digital": (
        "data science; digital transformation; automation; geostatistics",
        "science des données; transformation numérique; automatisation",
        "ciencia de datos; transformación digital; automatización",
        "ciência de dados; transformação digital; automação",
    ),
    "leadership": (
        "leadership; leading teams; people management; executive presence",
        "leadership; direction d'équipes; management",
        "liderazgo; dirección de equipos; gestión de personas",
        "liderança; gestão de equipes; gestão de pessoas",
    ),
    "stem_women_in_mining": (
        "women in STEM; girls in science; women in mining outreach",
        "femmes en sciences; femmes dans les mines",
        "mujeres en ciencia; mujeres en minería",
        "mulheres na ciência; mulheres na mineração",
    ),
    "inclusive_workplace_design": (
        "inclusive workplace design; diversity and inclusion; equity at work",
        "lieu de travail inclusif; diversité et inclusion",
        "lugar de trabajo inclusivo; diversidad e inclusión",
        "ambiente de trabalho inclusivo; diversidade e inclusão",
    ),
    "global_data_deficit": (
        "gender data gap; sex disaggregated data; global data deficit",
        "données genrées; manque de données sur les femmes",
        "brecha de datos de género; datos desagregados por sexo",
        "lacuna de dados de gênero; dados desagregados por sexo",
    ),
    "role_models_mentors": (
        "role models; mentoring; sponsorship; coaching",
        "modèles féminins; mentorat; parrainage",
        "referentes; mentoría; acompañamiento",
        "referências femininas; mentoria; apadrinhamento",
    ),
    "mine_closure": (
        "mine closure; rehabilitation; closure planning; post-mining land use",
        "fermeture de mine; réhabilitation; après-mine",
        "cierre de minas; rehabilitación; plan de cierre",
        "fechamento de mina; reabilitação; plano de fechamento",
    ),
    "esg": (
        "ESG; sustainability reporting; responsible mining; social licence",
        "ESG; rapport de durabilité; mine responsable",
        "ESG; reportes de sostenibilidad; minería responsable",
        "ESG; relatório de sustentabilidade; mineração responsável",
    ),
    "energy_transition": (
        "energy transition; critical minerals; decarbonisation; renewables",
        "transition énergétique; minéraux critiques; décarbonation",
        "transición energética; minerales críticos; descarbonización",
        "transição energética; minerais críticos; descarbonização",
    ),
    "entrepreneurship": (
        "entrepreneurship; starting a business; mining services startup",
        "entrepreneuriat; création d'entreprise",
        "emprendimiento; crear una empresa",
        "empreendedorismo; abrir uma empresa",
    ),
    "career_change": (
        "career change; career transition; returning to work",
        "reconversion professionnelle; transition de carrière",
        "cambio de carrera; transición profesional",
        "mudança de carreira; transição profissional",
    ),
    "negotiation": (
        "negotiation; salary negotiation; contract negotiation",
        "négociation; négociation salariale",
        "negociación; negociación salarial",
        "negociação; negociação salarial",
    ),
    "public_speaking": (
        "public speaking; presentation skills; communication",
        "prise de parole en public; communication",
        "hablar en público; comunicación efectiva",
        "falar em público; comunicação",
    ),
    "board_governance": (
        "board governance; non-executive director; corporate governance",
        "gouvernance; conseil d'administration",
        "gobierno corporativo; directorio",
        "governança corporativa; conselho de administração",
    ),
    "project_management": (
        "project management; project delivery; scheduling; capital projects",
        "gestion de projet; pilotage de projets",
        "gestión de proyectos; dirección de proyectos",
        "gestão de projetos; gerenciamento de projetos",
    ),
}

SENTENCES = {
    "mentee": {
        "en": ("I work in {0}.", "I would like to learn about {1} and {2}."),
        "fr": ("Je travaille en {0}.", "J'aimerais progresser en {1} et {2}."),
        "es": ("Trabajo en {0}.", "Me gustaría aprender sobre {1} y {2}."),
        "pt": ("Trabalho com {0}.", "Gostaria de aprender sobre {1} e {2}."),
    },
    "mentor": {
        "en": ("My background is {0}.", "I can help with {1} and {2}."),
        "fr": ("Mon parcours: {0}.", "Je peux accompagner en {1} et {2}."),
        "es": ("Mi experiencia es en {0}.", "Puedo ayudar con {1} y {2}."),
        "pt": ("Minha experiência é em {0}.", "Posso ajudar com {1} e {2}."),
    },
}
