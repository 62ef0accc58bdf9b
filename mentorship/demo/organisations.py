"""The demo's member organisations: fictional, modelled on real WIM organisations.

Each entry says who its members are: `cultures` are (name pool, interface language,
weight) triples from `people.CULTURES`; `size` is a relative weight, so the biggest
organisation has about seven times the members of the smallest.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class OrganisationSpec:
    slug: str
    name: str
    country: str
    region: str
    status: str
    size: int
    cultures: tuple[tuple[str, str, int], ...]
    neighbours: tuple[str, ...]
    description_en: str
    description_fr: str = ""
    description_es: str = ""

    @property
    def website(self):
        return f"https://{self.slug}.example.org"


ORGANISATIONS = (
    OrganisationSpec(
        slug="wim-south-africa",
        name="Women in Mining South Africa",
        country="ZA",
        region="africa",
        status="member",
        size=60,
        cultures=(("za", "en", 1),),
        neighbours=("BW", "NA", "ZW", "MZ"),
        description_en=(
            "A national network of women working across South Africa's platinum, gold, "
            "coal and diamond operations. We run mentoring circles in Rustenburg, "
            "Johannesburg and the Northern Cape and advocate for safe, inclusive sites."
        ),
    ),
    OrganisationSpec(
        slug="femmes-mines-cote-divoire",
        name="Femmes des Mines de Côte d'Ivoire",
        country="CI",
        region="africa",
        status="member",
        size=18,
        cultures=(("ci", "fr", 1),),
        neighbours=("BF", "GH", "ML", "GN"),
        description_en=(
            "Women geologists, engineers and community officers in Côte d'Ivoire's "
            "fast-growing gold sector, sharing experience across companies and regions."
        ),
        description_fr=(
            "Le réseau des géologues, ingénieures et chargées des relations "
            "communautaires du secteur aurifère ivoirien, en pleine croissance. Nous "
            "favorisons le partage d'expérience entre entreprises et régions."
        ),
    ),
    OrganisationSpec(
        slug="tanzania-wim",
        name="Tanzania Women in Mining Association",
        country="TZ",
        region="africa",
        status="member",
        size=14,
        cultures=(("tz", "en", 1),),
        neighbours=("KE", "UG", "ZM"),
        description_en=(
            "From artisanal gold and gemstone miners to engineers at large operations, "
            "we support women at every step of the Tanzanian mining value chain."
        ),
    ),
    OrganisationSpec(
        slug="wim-australia",
        name="Women in Resources Australia",
        country="AU",
        region="asia_pacific",
        status="member",
        size=45,
        cultures=(("au", "en", 1),),
        neighbours=("NZ", "PG"),
        description_en=(
            "Connecting women in iron ore, lithium, gold and coal from the Pilbara to "
            "the Bowen Basin: mentoring, site networks and a strong voice on flexible "
            "rosters and safe accommodation."
        ),
    ),
    OrganisationSpec(
        slug="wim-indonesia",
        name="Perempuan Tambang Indonesia",
        country="ID",
        region="asia_pacific",
        status="member",
        size=16,
        cultures=(("id", "en", 1),),
        neighbours=("MY", "PH"),
        description_en=(
            "Women in Indonesia's nickel, copper, coal and gold industries, from "
            "Sulawesi smelters to Papua's highlands, learning from one another."
        ),
    ),
    OrganisationSpec(
        slug="wim-mongolia",
        name="Women in Mining Mongolia",
        country="MN",
        region="asia_pacific",
        status="applicant",
        size=0,
        cultures=(("mn", "en", 1),),
        neighbours=(),
        description_en=(
            "A young association of women in Mongolia's copper, coal and gold sector, "
            "applying to join the Alliance."
        ),
    ),
    OrganisationSpec(
        slug="wim-uk",
        name="Women in Mining UK",
        country="GB",
        region="europe",
        status="member",
        size=30,
        cultures=(("gb", "en", 1),),
        neighbours=("IE",),
        description_en=(
            "A London-based community of women in mining finance, law, consulting and "
            "the corporate offices of global miners, with members on every continent."
        ),
    ),
    OrganisationSpec(
        slug="femmes-mines-france",
        name="Femmes et Mines France",
        country="FR",
        region="europe",
        status="member",
        size=12,
        cultures=(("fr", "fr", 1),),
        neighbours=("BE", "CH"),
        description_en=(
            "Women engineers and geoscientists in France's mining schools, "
            "consultancies and critical-minerals projects."
        ),
        description_fr=(
            "Ingénieures et géoscientifiques des écoles des mines, des bureaux "
            "d'études et des projets de métaux critiques en France. Nous organisons "
            "des rencontres, du mentorat et des visites de sites."
        ),
    ),
    OrganisationSpec(
        slug="mujeres-mineria-peru",
        name="Mujeres en Minería Perú",
        country="PE",
        region="latin_america_caribbean",
        status="member",
        size=40,
        cultures=(("pe", "es", 1),),
        neighbours=("BO", "EC"),
        description_en=(
            "Peru's network of women in copper, gold and zinc mining, from Andean "
            "operations to Lima's corporate offices."
        ),
        description_es=(
            "La red de mujeres de la minería del cobre, el oro y el zinc en el Perú, "
            "desde las operaciones andinas hasta las oficinas de Lima. Promovemos la "
            "mentoría, la seguridad y el liderazgo femenino."
        ),
    ),
    OrganisationSpec(
        slug="mujeres-mineria-chile",
        name="Mujeres en Minería Chile",
        country="CL",
        region="latin_america_caribbean",
        status="member",
        size=25,
        cultures=(("cl", "es", 1),),
        neighbours=("AR", "BO"),
        description_en=(
            "Women in Chile's copper and lithium industry, from the Atacama to "
            "Santiago, working for more diverse and sustainable mining."
        ),
        description_es=(
            "Mujeres de la industria del cobre y el litio de Chile, desde Atacama "
            "hasta Santiago, que trabajan por una minería más diversa y sostenible."
        ),
    ),
    OrganisationSpec(
        slug="wim-saudi-arabia",
        name="Women in Mining Saudi Arabia",
        country="SA",
        region="middle_east",
        status="member",
        size=8,
        cultures=(("sa", "en", 1),),
        neighbours=("AE", "OM"),
        description_en=(
            "A new network for the women building Saudi Arabia's mining sector in "
            "phosphate, gold, bauxite and exploration."
        ),
    ),
    OrganisationSpec(
        slug="wim-canada",
        name="Women in Mining Canada",
        country="CA",
        region="north_america",
        status="member",
        size=50,
        cultures=(("ca_en", "en", 3), ("ca_fr", "fr", 1)),
        neighbours=("US",),
        description_en=(
            "A national organisation with chapters from British Columbia to Quebec, "
            "working for women in exploration, operations and the supply chain."
        ),
        description_fr=(
            "Un organisme national présent de la Colombie-Britannique au Québec, au "
            "service des femmes de l'exploration, de l'exploitation et des "
            "fournisseurs miniers."
        ),
    ),
)

# A few percent of members register on their own, with no organisation.
INDEPENDENT_CULTURES = (
    ("br", "en", 3),
    ("mx", "es", 3),
    ("gh", "en", 2),
    ("de", "en", 2),
    ("mn", "en", 1),
)
