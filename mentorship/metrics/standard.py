"""The Alliance's starting set of indicators, in three languages.

Seeded by `seed()`: idempotent (an existing code is left as the Secretariat edited
it). The demo calls it, and so may an installation (`flask shell`); it is not a
migration's data step because the registry is content the Secretariat edits and
translates, and tests start from an empty registry.
"""

from ..core import translated
from . import indicators
from .indicators import Definition

JOBS = ["country", "commodity", "operation_type"]
SOURCES = "National mining census; labour force survey; company sustainability reports"


def _edit(en, fr, es):
    return translated.Edit("en", {"en": en, "fr": fr, "es": es}, {"fr", "es"})


def _share(code, names, definitions, numerator, denominator, dims, endorsed):
    return (
        code,
        "count",
        endorsed,
        Definition(
            name=_edit(*names),
            definition=_edit(*definitions),
            numerator=numerator,
            denominator=denominator,
            unit="percent",
            entry="share",
            disaggregations=dims,
            reference_period="Calendar year (31 December headcount)",
            preferred_sources=SOURCES,
            methodology="Headcount, not full-time equivalents. Contractors are "
            "counted when on site more than half of the year.",
        ),
    )


SET = [
    _share(
        "WF_WOMEN_SHARE",
        (
            "Women in the mining workforce",
            "Femmes dans la main-d'œuvre minière",
            "Mujeres en la fuerza laboral minera",
        ),
        (
            "Share of women among all people employed in mining.",
            "Part des femmes parmi toutes les personnes employées dans les mines.",
            "Proporción de mujeres entre todas las personas empleadas en la minería.",
        ),
        "Women employed in mining",
        "All people employed in mining",
        [*JOBS, "job_level"],
        True,
    ),
    _share(
        "WF_TECHNICAL_SHARE",
        (
            "Women in technical roles",
            "Femmes dans les métiers techniques",
            "Mujeres en puestos técnicos",
        ),
        (
            "Share of women among engineers, geoscientists and technicians.",
            "Part des femmes parmi les ingénieurs, géoscientifiques et techniciens.",
            "Proporción de mujeres entre ingenieros, geocientíficos y técnicos.",
        ),
        "Women in technical and professional roles",
        "All people in technical and professional roles",
        JOBS,
        True,
    ),
    _share(
        "WF_MANAGEMENT_SHARE",
        (
            "Women in management",
            "Femmes aux postes de direction",
            "Mujeres en puestos de dirección",
        ),
        (
            "Share of women among managers and executives.",
            "Part des femmes parmi les cadres et dirigeants.",
            "Proporción de mujeres entre gerentes y ejecutivos.",
        ),
        "Women managers and executives",
        "All managers and executives",
        JOBS,
        True,
    ),
    _share(
        "BOARD_WOMEN_SHARE",
        (
            "Women on boards",
            "Femmes dans les conseils d'administration",
            "Mujeres en los consejos de administración",
        ),
        (
            "Share of women among board members of mining companies.",
            "Part des femmes parmi les administrateurs des sociétés minières.",
            "Proporción de mujeres entre los consejeros de empresas mineras.",
        ),
        "Women board members",
        "All board members",
        ["country", "commodity"],
        False,
    ),
    _share(
        "GRAD_WOMEN_SHARE",
        (
            "Women graduates in mining disciplines",
            "Diplômées dans les filières minières",
            "Egresadas en carreras mineras",
        ),
        (
            "Share of women among graduates in mining engineering, geology and "
            "metallurgy.",
            "Part des femmes parmi les diplômés en génie minier, géologie et "
            "métallurgie.",
            "Proporción de mujeres entre los egresados en ingeniería de minas, "
            "geología y metalurgia.",
        ),
        "Women graduates in the year",
        "All graduates in the year",
        ["country"],
        False,
    ),
    (
        "PAY_GAP",
        "magnitude",
        True,
        Definition(
            name=_edit(
                "Gender pay gap",
                "Écart de rémunération entre femmes et hommes",
                "Brecha salarial de género",
            ),
            definition=_edit(
                "Difference between men's and women's median gross hourly pay, as "
                "a percentage of men's.",
                "Différence entre les salaires horaires bruts médians des hommes et "
                "des femmes, en pourcentage de celui des hommes.",
                "Diferencia entre el salario bruto por hora mediano de hombres y "
                "mujeres, como porcentaje del de los hombres.",
            ),
            numerator="Men's median hourly pay minus women's median hourly pay",
            denominator="Men's median hourly pay",
            unit="percent",
            entry="value",
            disaggregations=["country", "job_level"],
            reference_period="Calendar year",
            preferred_sources="Payroll records; national wage statistics",
            methodology="Median of gross hourly pay, bonuses included.",
        ),
    ),
    (
        "HARASSMENT_INCIDENTS",
        "count",
        False,
        Definition(
            name=_edit(
                "Recordable incidents of harassment reported",
                "Signalements de harcèlement enregistrés",
                "Denuncias de acoso registradas",
            ),
            definition=_edit(
                "Number of harassment incidents reported through formal channels "
                "in the year.",
                "Nombre de cas de harcèlement signalés par les voies officielles "
                "dans l'année.",
                "Número de casos de acoso denunciados por canales formales en el año.",
            ),
            numerator="Incidents reported",
            unit="count",
            entry="value",
            disaggregations=["country", "operation_type"],
            reference_period="Calendar year",
            preferred_sources="Grievance mechanisms; regulators' registers",
            methodology="Every report counts once, whatever its outcome.",
            min_value=0,
            max_value=100000,
        ),
    ),
]


def seed(by=None):
    """Create the standard indicators whose codes are missing; returns them all."""
    made = []
    for code, kind, endorsed, definition in SET:
        indicator = indicators.by_code(code)
        if indicator is None:
            indicator = indicators.create(
                code, definition, by, kind=kind, endorsed=endorsed
            )
        made.append(indicator)
    return made
