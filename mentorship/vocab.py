"""Curated vocabularies: stored as codes, translated at display time.

The codes of the profile vocabularies (tags, disciplines, stages...) are defined once,
by the `matching` library (`matching/vocabulary.py`, through the adapter); this module
adds only their translated labels, in the library's order. `_labelled` refuses a code
without a label or a label without a code, and a test checks every table.
Country and language names come from CLDR through Babel, already in every language.
"""

from zoneinfo import available_timezones

from babel import Locale
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from .matches.adapter import vocabulary as codes


def _labelled(code_list, labels):
    """{code: label} in the library's order; every code labelled, no label extra."""
    if set(code_list) != set(labels):
        raise ValueError(f"codes and labels differ: {set(code_list) ^ set(labels)}")
    return {code: labels[code] for code in code_list}


DISCIPLINES = _labelled(
    codes.DISCIPLINES,
    {
        "geology": _l("Geology"),
        "mining_engineering": _l("Mining engineering"),
        "metallurgy": _l("Metallurgy and processing"),
        "environment": _l("Environment"),
        "health_safety": _l("Health and safety"),
        "finance": _l("Finance"),
        "human_resources": _l("Human resources"),
        "legal": _l("Legal"),
        "community_relations": _l("Community relations"),
        "data_digital": _l("Data and digital"),
        "leadership": _l("Leadership"),
    },
)

THEMES = _labelled(
    codes.THEMES,
    {
        "stem_women_in_mining": _l("STEM Women in Mining"),
        "inclusive_workplace_design": _l("Inclusive Workplace Design"),
        "global_data_deficit": _l("Global Data Deficit"),
        "role_models_mentors": _l("Role Models & Mentors"),
    },
)

TOPICS = _labelled(
    codes.TOPICS,
    {
        "mine_closure": _l("Mine closure"),
        "esg": _l("ESG and sustainability"),
        "energy_transition": _l("Energy transition"),
        "entrepreneurship": _l("Entrepreneurship"),
        "career_change": _l("Career change"),
        "negotiation": _l("Negotiation"),
        "public_speaking": _l("Public speaking"),
        "board_governance": _l("Boards and governance"),
        "project_management": _l("Project management"),
    },
)

TAGS = _labelled(codes.TAGS, {**DISCIPLINES, **THEMES, **TOPICS})

CAREER_STAGES = _labelled(
    codes.CAREER_STAGES,
    {
        "student": _l("Student"),
        "early_career": _l("Early career (0-5 years)"),
        "mid_career": _l("Mid career (5-15 years)"),
        "senior": _l("Senior (15+ years)"),
        "executive": _l("Executive or board"),
    },
)

COMMODITIES = _labelled(
    codes.COMMODITIES,
    {
        "gold": _l("Gold"),
        "copper": _l("Copper"),
        "iron_ore": _l("Iron ore"),
        "coal": _l("Coal"),
        "lithium": _l("Lithium"),
        "nickel": _l("Nickel"),
        "diamonds": _l("Diamonds"),
        "platinum_group_metals": _l("Platinum group metals"),
        "bauxite_aluminium": _l("Bauxite and aluminium"),
        "zinc_lead": _l("Zinc and lead"),
        "uranium": _l("Uranium"),
        "rare_earths": _l("Rare earths"),
        "industrial_minerals": _l("Industrial minerals"),
        "other": _l("Other"),
    },
)

OPERATION_TYPES = _labelled(
    codes.OPERATION_TYPES,
    {
        "underground": _l("Underground"),
        "open_pit": _l("Open pit"),
        "processing": _l("Processing"),
        "corporate": _l("Corporate"),
        "consulting": _l("Consulting"),
        "academia": _l("Academia"),
        "government": _l("Government"),
    },
)

REGIONS = _labelled(
    codes.REGIONS,
    {
        "africa": _l("Africa"),
        "asia_pacific": _l("Asia-Pacific"),
        "europe": _l("Europe"),
        "latin_america_caribbean": _l("Latin America & Caribbean"),
        "middle_east": _l("Middle East"),
        "north_america": _l("North America"),
    },
)

MEETING_MODES = _labelled(
    codes.MEETING_MODES,
    {
        "online": _l("Online"),
        "in_person": _l("In person"),
        "either": _l("Online or in person"),
    },
)

ORGANISATION_STATUSES = {
    "applicant": _l("Applicant"),
    "member": _l("Member"),
    "paused": _l("Paused"),
    "left": _l("Left the Alliance"),
}

SIZE_BANDS = {
    "under_25": _l("Fewer than 25 members"),
    "25_99": _l("25 to 99 members"),
    "100_499": _l("100 to 499 members"),
    "500_plus": _l("500 members or more"),
}

LINK_KINDS = {
    "linkedin": "LinkedIn",
    "x": "X",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "other": _l("Other link"),
}

AFFILIATION_KINDS = {
    "chamber_of_mines": _l("National chamber of mines"),
    "industry_association": _l("Industry association"),
    "international_network": _l("International network"),
    "other": _l("Other"),
}

ROLES = {
    "member": _l("Member"),
    "coordinator": _l("Coordinator"),
    "secretariat": _l("Secretariat"),
    "steering": _l("Steering Committee"),
    "admin": _l("Administrator"),
}

PROFILE_ROLES = {"mentor": _l("Mentor"), "mentee": _l("Mentee")}

# Positions held for a term (core.memberships): in an organisation, then in a body.
POSITIONS = {
    "coordinator": _l("Coordinator"),
    "leader": _l("Leader"),
    "voting_delegate": _l("Voting delegate"),
    "alternate_delegate": _l("Alternate delegate"),
    "data_submitter": _l("Data submitter"),
    "event_contact": _l("Event contact"),
    "chair": _l("Chair"),
    "champion": _l("Champion"),
    "member": _l("Member"),
    "liaison": _l("Secretariat liaison"),
    "officer": _l("Officer"),
}

# Languages offered for "languages spoken": the Alliance's working languages first,
# then those most spoken in mining regions. Names are rendered by CLDR.
SPOKEN_LANGUAGES = [
    "en",
    "fr",
    "es",
    "pt",
    "de",
    "it",
    "nl",
    "sv",
    "fi",
    "no",
    "pl",
    "ru",
    "uk",
    "tr",
    "ar",
    "fa",
    "he",
    "hi",
    "ur",
    "bn",
    "ta",
    "zh",
    "ja",
    "ko",
    "id",
    "ms",
    "tl",
    "vi",
    "th",
    "sw",
    "am",
    "zu",
    "xh",
    "af",
    "yo",
    "ha",
    "ig",
    "qu",
    "ay",
    "mn",
    "kk",
]

TIMEZONES = sorted(
    tz
    for tz in available_timezones()
    if "/" in tz and not tz.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
)

COUNTRIES = sorted(
    code
    for code in Locale("en").territories
    if len(code) == 2
    and code.isalpha()
    and code not in {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"}
)


def label(table, code):
    """Display label of a code, in the reader's language; unknown codes shown as is."""
    value = table.get(code)
    return str(value) if value is not None else code


def choices(table):
    """Options for a select field; labels stay lazy until rendered."""
    return [SelectChoice(code, label) for code, label in table.items()]
