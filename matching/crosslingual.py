"""A fixed test set: goals in French, Spanish or Portuguese, expertise in English.

Each of the 30 goals was written as a mentee would write it; its intended mentor
describes her expertise in English. Every goal is ranked against 191 mentors who
tie on every criterion but the text: the 30 intended mentors (the other 29 are
plausible but wrong) and 161 distractors from :func:`~matching.datasets`'s text
generator, in all four languages and with their framing sentences ("Mi
experiencia es en ..."), on other topics than the goal's (``tag``). The glossary
was not written from these sentences, and they avoid its exact phrasings where a
person would.

:func:`evaluate` runs the real vectorizer and returns the rank of each intended
mentor.
"""

import numpy as np

from .datasets import _text
from .profiles import MenteeProfile, MentorProfile
from .vocabulary import TAGS

# (language, tag of the topic, goal, intended mentor's expertise in English)
GOALS = (
    ("fr", "mine_closure",
     "Notre site va fermer dans cinq ans et je dois préparer la fermeture de la"
     " mine et la remise en état des terrains.",
     "Mine closure and rehabilitation: closure plans, post-mining land use and"
     " relinquishment."),
    ("fr", "environment",
     "Je m'occupe de la digue à résidus de notre usine et je veux mieux comprendre"
     " sa stabilité.",
     "Tailings dam engineering and tailings storage facility governance."),
    ("fr", "geology",
     "Je suis géologue junior et je veux progresser en estimation des ressources et"
     " en krigeage.",
     "Resource estimation, geostatistics and ore body modelling for gold and copper"
     " deposits."),
    ("fr", "finance",
     "Je prépare une levée de fonds pour un projet aurifère et je cherche de l'aide"
     " sur le financement de projets.",
     "Project finance for mining: raising capital, lenders and equity for new"
     " mines."),
    ("fr", "leadership",
     "On vient de me nommer cheffe d'équipe et je dois apprendre à diriger une"
     " équipe de vingt personnes.",
     "Leading teams and people leadership for first-time managers in operations."),
    ("fr", "negotiation",
     "Je veux oser négocier mon salaire lors de ma prochaine évaluation annuelle.",
     "Salary negotiation and asking for a raise with confidence."),
    ("fr", "community_relations",
     "Je travaille avec les communautés riveraines de la mine et les autorités"
     " coutumières.",
     "Community engagement and social licence to operate around mine sites."),
    ("fr", "health_safety",
     "Je veux renforcer la culture de sécurité dans nos ateliers souterrains.",
     "Safety culture and occupational health and safety leadership underground."),
    ("fr", "data_digital",
     "J'aimerais utiliser l'apprentissage automatique sur les données de nos"
     " capteurs d'usine.",
     "Machine learning and data analytics on plant sensor data."),
    ("fr", "career_change",
     "Après dix ans dans la banque, j'envisage une reconversion vers le secteur"
     " minier.",
     "Career transition into mining from other industries; switching fields."),
    ("es", "mine_closure",
     "Quiero aprender sobre cierre de minas y cómo rehabilitar los terrenos.",
     "Closure planning and land rehabilitation after mining."),
    ("es", "metallurgy",
     "Trabajo en la planta concentradora y quiero mejorar la recuperación en"
     " flotación.",
     "Froth flotation and mineral processing plant optimisation."),
    ("es", "environment",
     "Me preocupa el manejo de relaves y la seguridad de nuestro tranque.",
     "Tailings management and the safety of tailings dams."),
    ("es", "legal",
     "Necesito entender las concesiones mineras y el derecho minero en Chile.",
     "Mining law, mineral rights and mining titles."),
    ("es", "human_resources",
     "Quiero mejorar nuestros procesos de reclutamiento y retención de talento"
     " femenino.",
     "Recruitment and talent management with a focus on female talent."),
    ("es", "public_speaking",
     "Me pongo muy nerviosa al exponer en conferencias y quiero ganar soltura"
     " hablando en público.",
     "Public speaking and presentation skills for technical women."),
    ("es", "esg",
     "Mi empresa debe publicar su primer reporte de sostenibilidad el próximo año.",
     "Sustainability reporting and ESG disclosure."),
    ("es", "entrepreneurship",
     "Sueño con crear mi propia empresa de servicios para la minería.",
     "Entrepreneurship: founding a mining services start-up."),
    ("es", "mining_engineering",
     "Soy ingeniera de minas y quiero especializarme en planificación minera de"
     " largo plazo.",
     "Long-term mine planning and life of mine scheduling."),
    ("es", "stem_women_in_mining",
     "Quiero impulsar a más mujeres en la minería y en carreras de ciencia.",
     "Women in mining outreach and getting girls into science careers."),
    ("pt", "mine_closure",
     "Estou envolvida no fechamento de mina de uma operação de ouro e preciso de"
     " orientação.",
     "Mine closure planning and decommissioning of gold operations."),
    ("pt", "environment",
     "Quero aprender sobre gestão de recursos hídricos e tratamento de água na"
     " mineração.",
     "Water management and water treatment on mine sites."),
    ("pt", "health_safety",
     "Sou técnica de segurança do trabalho e quero crescer na área de saúde"
     " ocupacional.",
     "Occupational health and workplace safety management."),
    ("pt", "geology",
     "Trabalho com sondagem e descrição de testemunhos e quero evoluir para"
     " exploração mineral.",
     "Mineral exploration and drill core logging."),
    ("pt", "finance",
     "Quero entender melhor a avaliação econômica e o estudo de viabilidade de"
     " projetos.",
     "Financial modelling, valuation and feasibility studies."),
    ("pt", "inclusive_workplace_design",
     "Estou liderando o comitê de diversidade e inclusão da minha empresa.",
     "Diversity and inclusion programmes and inclusive workplace design."),
    ("pt", "board_governance",
     "Meu sonho é ocupar uma cadeira em um conselho de administração.",
     "Board governance and preparing for a non-executive director role."),
    ("pt", "energy_transition",
     "Quero trabalhar com minerais críticos para a transição energética, como o"
     " lítio.",
     "Critical minerals and the energy transition: lithium and battery metals."),
    ("pt", "project_management",
     "Fui promovida a gerente de projetos e preciso organizar cronogramas e"
     " orçamentos.",
     "Project management of capital projects: scheduling and budgets."),
    ("pt", "role_models_mentors",
     "Depois da licença-maternidade quero voltar ao trabalho com confiança.",
     "Returning to work after a career break or maternity leave."),
)  # fmt: skip

N_DISTRACTORS = 161
_POOL = 400


def _distractors(seed=0):
    """Mentor texts in all four languages, each with the tags it is about."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(_POOL):
        tags = tuple(TAGS[t] for t in rng.choice(len(TAGS), 2, replace=False))
        language = ("en", "fr", "es", "pt")[rng.integers(4)]
        out.append((tags, _text("mentor", tags, (language,), rng) or tags[0]))
    return out


def _person(cls, id, text, **fields):
    text_field = "goals" if cls is MenteeProfile else "expertise"
    return cls(
        id=id,
        organisation_id=cls.__name__,
        languages=("en", "fr", "es", "pt"),
        **{text_field: text},
        **fields,
    )


def cohort(seed=0):
    """The test set as profiles.

    Returns
    -------
    mentees : list of MenteeProfile
        One per goal, ids ``goal-0 .. goal-29``.
    mentors : list of MentorProfile
        Intended mentors (``intended-k``) and the distractor pool (``other-k``).
    pools : dict
        Goal id to the ids of its 191 mentors, the intended one last (so that a
        tie counts against it).
    """
    mentees = [
        _person(MenteeProfile, f"goal-{k}", goal)
        for k, (_lang, _tag, goal, _exp) in enumerate(GOALS)
    ]
    intended = [
        _person(MentorProfile, f"intended-{k}", expertise)
        for k, (_lang, _tag, _goal, expertise) in enumerate(GOALS)
    ]
    pool = _distractors(seed)
    others = [
        _person(MentorProfile, f"other-{k}", text) for k, (_, text) in enumerate(pool)
    ]
    pools = {}
    for k, (_lang, tag, _goal, _exp) in enumerate(GOALS):
        off_topic = [
            f"other-{d}" for d, (tags, _) in enumerate(pool) if tag not in tags
        ]
        rivals = [f"intended-{j}" for j in range(len(GOALS)) if j != k]
        pools[f"goal-{k}"] = rivals + off_topic[:N_DISTRACTORS] + [f"intended-{k}"]
    return mentees, intended + others, pools


def evaluate(encode=None, seed=0):
    """Rank of each goal's intended mentor when the text alone decides.

    Parameters
    ----------
    encode : callable, optional
        ``encode(mentees, mentors) -> (A, B)`` feature matrices whose row dot
        products are the scores; default: :class:`~matching.ProfileVectorizer`
        fitted on all the profiles, as :func:`~matching.propose` does.

    Returns
    -------
    dict
        ``ranks`` per goal (1 = first), ``top1`` and ``top5`` counts, and the
        same per language.
    """
    mentees, mentors, pools = cohort(seed)
    if encode is None:
        from .features import ProfileVectorizer

        def encode(a, b):
            vectorizer = ProfileVectorizer(random_state=0)
            features = vectorizer.fit_transform(list(a) + list(b))
            return features[: len(a)], features[len(a) :]

    A, B = encode(mentees, mentors)
    position = {m.id: j for j, m in enumerate(mentors)}
    ranks = {}
    for i, mentee in enumerate(mentees):
        cols = np.array([position[m] for m in pools[mentee.id]])
        scores = B[cols] @ A[i]
        # rank of the last column (the intended mentor); ties count against it
        ranks[mentee.id] = int(np.sum(scores >= scores[-1]))
    by_language = {}
    for (language, *_), rank in zip(GOALS, ranks.values(), strict=True):
        counts = by_language.setdefault(language, {"top1": 0, "top5": 0, "n": 0})
        counts["n"] += 1
        counts["top1"] += rank == 1
        counts["top5"] += rank <= 5
    return {
        "ranks": ranks,
        "top1": sum(r == 1 for r in ranks.values()),
        "top5": sum(r <= 5 for r in ranks.values()),
        "n_goals": len(GOALS),
        "n_mentors_per_goal": len(next(iter(pools.values()))),
        "by_language": by_language,
    }
