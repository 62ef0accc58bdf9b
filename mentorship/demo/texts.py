"""Headline, bio and focus texts in the person's language, composed from templates."""

# Job titles (feminine where the language marks gender) and fields of study.
TITLES = {
    "geology": ("geologist", "géologue", "geóloga"),
    "mining_engineering": (
        "mining engineer",
        "ingénieure des mines",
        "ingeniera de minas",
    ),
    "metallurgy": ("metallurgist", "métallurgiste", "metalurgista"),
    "environment": (
        "environmental specialist",
        "spécialiste de l'environnement",
        "especialista ambiental",
    ),
    "health_safety": (
        "health and safety lead",
        "responsable santé-sécurité",
        "jefa de seguridad y salud",
    ),
    "finance": ("mining finance analyst", "analyste financière", "analista financiera"),
    "human_resources": (
        "HR business partner",
        "responsable RH",
        "jefa de recursos humanos",
    ),
    "legal": ("mining lawyer", "juriste en droit minier", "abogada minera"),
    "community_relations": (
        "community relations adviser",
        "chargée des relations communautaires",
        "especialista en relaciones comunitarias",
    ),
    "data_digital": ("data scientist", "data scientist", "científica de datos"),
    "leadership": (
        "operations manager",
        "directrice des opérations",
        "gerenta de operaciones",
    ),
}

FIELDS = {
    "geology": ("geology", "géologie", "geología"),
    "mining_engineering": ("mining engineering", "génie minier", "ingeniería de minas"),
    "metallurgy": ("metallurgy", "métallurgie", "metalurgia"),
    "environment": (
        "environmental science",
        "sciences de l'environnement",
        "ciencias ambientales",
    ),
    "health_safety": (
        "occupational health and safety",
        "santé et sécurité au travail",
        "seguridad y salud ocupacional",
    ),
    "finance": ("finance", "finance", "finanzas"),
    "human_resources": ("human resources", "ressources humaines", "recursos humanos"),
    "legal": ("law", "droit", "derecho"),
    "community_relations": (
        "social sciences",
        "sciences sociales",
        "ciencias sociales",
    ),
    "data_digital": ("data science", "science des données", "ciencia de datos"),
    "leadership": ("management", "management", "gestión"),
}

COMMODITIES = {
    "gold": ("gold", "or", "oro"),
    "copper": ("copper", "cuivre", "cobre"),
    "iron_ore": ("iron ore", "minerai de fer", "mineral de hierro"),
    "coal": ("coal", "charbon", "carbón"),
    "lithium": ("lithium", "lithium", "litio"),
    "nickel": ("nickel", "nickel", "níquel"),
    "diamonds": ("diamond", "diamants", "diamantes"),
    "platinum_group_metals": (
        "platinum group metals",
        "métaux du groupe du platine",
        "metales del grupo del platino",
    ),
    "bauxite_aluminium": ("bauxite", "bauxite", "bauxita"),
    "zinc_lead": ("zinc and lead", "zinc et plomb", "zinc y plomo"),
    "uranium": ("uranium", "uranium", "uranio"),
    "rare_earths": ("rare earth", "terres rares", "tierras raras"),
    "industrial_minerals": (
        "industrial minerals",
        "minéraux industriels",
        "minerales industriales",
    ),
    "other": ("mixed-commodity", "divers minerais", "diversos minerales"),
}

OPERATIONS = {
    "underground": (
        "underground mining",
        "les mines souterraines",
        "minería subterránea",
    ),
    "open_pit": (
        "open-pit operations",
        "les mines à ciel ouvert",
        "operaciones a rajo abierto",
    ),
    "processing": (
        "processing plants",
        "les usines de traitement",
        "plantas de procesamiento",
    ),
    "corporate": (
        "corporate roles",
        "des fonctions au siège",
        "funciones corporativas",
    ),
    "consulting": ("consulting", "le conseil", "consultoría"),
    "academia": (
        "research and teaching",
        "la recherche et l'enseignement",
        "investigación y docencia",
    ),
    "government": ("the public sector", "le secteur public", "el sector público"),
}

LANGUAGES = ("en", "fr", "es")

# Stage-dependent job titles: {title} and {field} are filled in, then capitalised.
STAGE_TITLES = {
    "en": {
        "student": "{field} student",
        "early_career": "junior {title}",
        "mid_career": "{title}",
        "senior": "senior {title}",
        "executive": "mining executive",
    },
    "fr": {
        "student": "étudiante en {field}",
        "early_career": "jeune {title}",
        "mid_career": "{title}",
        "senior": "{title} senior",
        "executive": "dirigeante minière",
    },
    "es": {
        "student": "estudiante de {field}",
        "early_career": "{title} junior",
        "mid_career": "{title}",
        "senior": "{title} sénior",
        "executive": "ejecutiva minera",
    },
}

HEADLINES = {
    ("mentor", "en"): (
        "{Title} with {years} years' experience: {t1}",
        "{Title}, happy to share what I know about {t1}",
        "{Title} | {t1} and {t2}",
    ),
    ("mentor", "fr"): (
        "{Title}, {years} ans d'expérience : {t1}",
        "{Title}, je partage volontiers mon expérience sur {t1}",
        "{Title} | {t1} et {t2}",
    ),
    ("mentor", "es"): (
        "{Title} con {years} años de experiencia: {t1}",
        "{Title}, comparto con gusto mi experiencia en {t1}",
        "{Title} | {t1} y {t2}",
    ),
    ("mentee", "en"): (
        "{Title} looking for guidance on {t1}",
        "{Title} keen to learn about {t1}",
        "{Title} seeking a mentor for {t1}",
    ),
    ("mentee", "fr"): (
        "{Title} à la recherche de conseils sur {t1}",
        "{Title} souhaitant progresser sur {t1}",
        "{Title}, cherche une mentore pour {t1}",
    ),
    ("mentee", "es"): (
        "{Title} en busca de orientación sobre {t1}",
        "{Title} con ganas de aprender sobre {t1}",
        "{Title}, busco mentora para {t1}",
    ),
}

INTRODUCTIONS = {
    "en": (
        "I am {a} {title} based in {city}, with {years} years of experience in "
        "{operation}, mostly on {commodity} projects."
    ),
    "fr": (
        "Je suis {title}, basée à {city}, avec {years} ans d'expérience dans "
        "{operation}, surtout sur des projets {de_commodity}."
    ),
    "es": (
        "Soy {title} en {city}, con {years} años de experiencia en {operation}, "
        "sobre todo en proyectos de {commodity}."
    ),
}

STUDENT_INTRODUCTIONS = {
    "en": "I am {a} {field} student in {city} and did my internship in {operation}.",
    "fr": (
        "Je suis étudiante en {field} à {city} et j'ai fait mon stage dans {operation}."
    ),
    "es": "Soy estudiante de {field} en {city} e hice mis prácticas en {operation}.",
}

WORK = {
    ("mentor", "en"): "Today my work centres on {topics}.",
    ("mentor", "fr"): "Aujourd'hui, mon travail porte surtout sur {topics}.",
    ("mentor", "es"): "Hoy mi trabajo se centra en {topics}.",
    ("mentee", "en"): "In my current role I am involved in {topics}.",
    ("mentee", "fr"): "Dans mon poste actuel, je travaille sur {topics}.",
    ("mentee", "es"): "En mi puesto actual trabajo en {topics}.",
}

STUDIES = {
    "en": "My studies focus on {topics}.",
    "fr": "Mes études portent sur {topics}.",
    "es": "Mis estudios se centran en {topics}.",
}

AND = {"en": " and ", "fr": " et ", "es": " y "}

CLOSINGS = {
    ("mentor", "en"): (
        "I have mentored {k} women so far and love seeing them find their own path.",
        "Others opened doors for me, and I want to do the same.",
        "I believe in respect and inclusion, on site and in the boardroom.",
    ),
    ("mentor", "fr"): (
        "J'ai déjà accompagné {k} femmes et j'aime les voir trouver leur propre voie.",
        "D'autres m'ont ouvert des portes ; je souhaite faire de même.",
        "Je crois au respect et à l'inclusion, sur le terrain comme au siège.",
    ),
    ("mentor", "es"): (
        "Ya he acompañado a {k} mujeres y me encanta verlas encontrar su camino.",
        "Otras personas me abrieron puertas y quiero hacer lo mismo.",
        "Creo en el respeto y la inclusión, en la faena y en el directorio.",
    ),
    ("mentee", "en"): (
        "I would like to build confidence and a network beyond my own organisation.",
        "I am looking for a mentor abroad who has faced similar challenges.",
        "In the next two years I hope to take on more responsibility.",
    ),
    ("mentee", "fr"): (
        "J'aimerais gagner en assurance et élargir mon réseau professionnel.",
        "Je cherche une mentore d'un autre pays ayant vécu des défis similaires.",
        "Dans les deux prochaines années, j'espère prendre plus de responsabilités.",
    ),
    ("mentee", "es"): (
        "Quiero ganar confianza y ampliar mi red más allá de mi organización.",
        "Busco una mentora de otro país que haya enfrentado desafíos parecidos.",
        "En los próximos dos años espero asumir más responsabilidades.",
    ),
}

FOCUSES = {
    ("mentor", "en"): (
        "I can help with {t1}, {t2} and {t3}.",
        "Happy to mentor on {t1}, {t2} and {t3}.",
        "Where I can help: {t1}; {t2}; {t3}.",
    ),
    ("mentor", "fr"): (
        "Je peux vous accompagner sur {t1}, {t2} et {t3}.",
        "Domaines où je peux aider : {t1} ; {t2} ; {t3}.",
    ),
    ("mentor", "es"): (
        "Puedo ayudar con {t1}, {t2} y {t3}.",
        "Temas en los que puedo acompañar: {t1}; {t2}; {t3}.",
    ),
    ("mentee", "en"): (
        "My goals: {t1}; {t2}; {t3}.",
        "I would like support with {t1} and {t2}, and to learn more about {t3}.",
    ),
    ("mentee", "fr"): (
        "Mes objectifs : {t1} ; {t2} ; {t3}.",
        "J'aimerais être accompagnée sur {t1} et {t2}, et en savoir plus sur {t3}.",
    ),
    ("mentee", "es"): (
        "Mis objetivos: {t1}; {t2}; {t3}.",
        "Me gustaría recibir apoyo en {t1} y {t2}, y aprender más sobre {t3}.",
    ),
}

HEADLINE_MAX = 140


def compose(rng, *, role, language, person, concepts):
    """(headline, bio, focus) for one profile, written in `language`."""
    topics = [rng.choice(concept.phrases(language)) for concept in concepts]
    title = job_title(language, person["career_stage"], person["discipline"])
    headline = _headline(rng, role, language, title, person, topics)
    # Her current work can only be about expertise, not about career topics.
    expertise = [t for t, c in zip(topics, concepts, strict=True) if c.disciplines]
    bio = " ".join(
        sentence
        for sentence in (
            _introduction(language, title, person),
            _work(role, language, person["career_stage"], expertise),
            rng.choice(CLOSINGS[role, language]).format(k=rng.randint(2, 12)),
        )
        if sentence
    )
    # The focus paraphrases the same concepts afresh, as a person would.
    again = [rng.choice(concept.phrases(language)) for concept in concepts]
    focus = rng.choice(FOCUSES[role, language]).format(
        t1=again[0], t2=again[1], t3=again[2]
    )
    return headline, bio, focus


def job_title(language, stage, discipline):
    index = LANGUAGES.index(language)
    return STAGE_TITLES[language][stage].format(
        title=TITLES[discipline][index], field=FIELDS[discipline][index]
    )


def _headline(rng, role, language, title, person, topics):
    template = rng.choice(HEADLINES[role, language])
    fields = {"Title": _capitalise(title), "years": person["years_experience"]}
    headline = template.format(t1=topics[0], t2=topics[1], **fields)
    if len(headline) > HEADLINE_MAX:
        headline = f"{fields['Title']} | {topics[0]}"
    return headline[:HEADLINE_MAX]


def _work(role, language, stage, expertise):
    if not expertise:
        return ""
    if stage == "student":
        return STUDIES[language].format(topics=expertise[0])
    topics = AND[language].join(expertise[:2] if role == "mentor" else expertise[:1])
    return WORK[role, language].format(topics=topics)


def _introduction(language, title, person):
    index = LANGUAGES.index(language)
    operation = OPERATIONS[person["operation_type"]][index]
    if person["career_stage"] == "student":
        field = FIELDS[person["discipline"]][index]
        return STUDENT_INTRODUCTIONS[language].format(
            a=_english_article(field),
            field=field,
            city=person["city"],
            operation=operation,
        )
    commodity = COMMODITIES[person["commodity"]][index]
    return INTRODUCTIONS[language].format(
        a=_english_article(title),
        title=title,
        city=person["city"],
        years=person["years_experience"],
        operation=operation,
        commodity=commodity,
        de_commodity=_french_de(commodity),
    )


def _english_article(noun):
    return "an" if noun[0] in "aeiou" or noun.startswith("HR") else "a"


def _french_de(noun):
    return f"d'{noun}" if noun[0] in "aeiouyéèêh" else f"de {noun}"


def _capitalise(text):
    return text[:1].upper() + text[1:]
