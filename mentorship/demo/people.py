"""Plausible people: name pools per culture, and where they live (city -> time zone)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Culture:
    country: str
    first_names: tuple[str, ...]
    surnames: tuple[str, ...]
    # Languages (ISO 639-1) spoken locally besides the interface language.
    local_languages: tuple[str, ...] = ()
    local_share: float = 0.0
    # Cities of `country` where this community lives (default: CITIES[country]).
    cities: tuple[tuple[str, str], ...] = ()
    # Spanish-speaking countries use two surnames (paternal, maternal).
    double_surname: bool = False


def _split(text):
    return tuple(name.strip() for name in text.split(",") if name.strip())


CULTURES = {
    "za": Culture(
        "ZA",
        _split(
            "Thandiwe, Nomvula, Lerato, Palesa, Zanele, Naledi, Ayanda, Busisiwe, "
            "Refilwe, Karabo, Anke, Marike, Charlize, Sarah, Fatima, Priya, Michelle, "
            "Nandi, Kgomotso, Mpho, Nokuthula, Lindiwe"
        ),
        _split(
            "Nkosi, Dlamini, Mokoena, Ndlovu, Khumalo, Mahlangu, Botha, Naidoo, "
            "van der Merwe, Pillay, Molefe, Sithole, Mthembu, Pretorius, Jacobs, Zulu, "
            "Mabaso, Steyn, Coetzee, Maseko, Mabuza, Radebe"
        ),
        ("zu", "xh", "af"),
        0.55,
    ),
    "ci": Culture(
        "CI",
        _split(
            "Aya, Adjoua, Affoué, Mariam, Fatoumata, Awa, Nadège, Christelle, Estelle, "
            "Aminata, Ramatou, Sandrine, Grâce, Bintou, Prisca, Akissi, Salimata"
        ),
        _split(
            "Kouassi, Koné, Traoré, Ouattara, Bamba, Yao, Konan, N'Guessan, Coulibaly, "
            "Diabaté, Touré, Kouamé, Diomandé, Soro, Kouadio, Aka, Ehui"
        ),
    ),
    "tz": Culture(
        "TZ",
        _split(
            "Neema, Rehema, Zawadi, Amani, Upendo, Faraja, Halima, Mwanaisha, Grace, "
            "Joyce, Esther, Happiness, Witness, Rose, Salma"
        ),
        _split(
            "Mushi, Mwakyusa, Kimaro, Massawe, Mollel, Mrema, Shirima, Lyimo, Komba, "
            "Mbwambo, Njau, Swai, Mtui, Temba"
        ),
        ("sw",),
        0.95,
    ),
    "au": Culture(
        "AU",
        _split(
            "Emily, Olivia, Sophie, Chloe, Jessica, Hannah, Megan, Kate, Rebecca, "
            "Lauren, Amelia, Georgia, Mei, Priya, Bronwyn, Tegan, Alinta"
        ),
        _split(
            "Smith, Nguyen, Williams, Brown, Wilson, Taylor, Anderson, Thompson, "
            "Walker, Mitchell, O'Brien, Kelly, Chen, Ryan, Harris, Campbell"
        ),
        ("zh", "vi"),
        0.08,
    ),
    "id": Culture(
        "ID",
        _split(
            "Siti, Dewi, Ayu, Rina, Putri, Indah, Sri, Fitri, Nurul, Ratna, Wulan, "
            "Intan, Lestari, Maya, Anisa"
        ),
        _split(
            "Wijaya, Santoso, Pratama, Hidayat, Saputra, Kusuma, Nugroho, Sari, "
            "Rahmawati, Utami, Siregar, Harahap, Simanjuntak, Lubis, Hakim"
        ),
        ("id",),
        0.95,
    ),
    "mn": Culture(
        "MN",
        _split(
            "Enkhjargal, Oyunchimeg, Sarangerel, Bolormaa, Altantsetseg, "
            "Narantsetseg, Munkhzul, Solongo"
        ),
        _split("Batbayar, Ganbold, Enkhbaatar, Tserendorj, Bat-Erdene, Dorj, Purev"),
        ("mn", "ru"),
        0.9,
    ),
    "gb": Culture(
        "GB",
        _split(
            "Charlotte, Eleanor, Harriet, Isobel, Lucy, Fiona, Rachel, Siobhan, Gemma, "
            "Aisha, Zara, Niamh, Catherine, Joanna, Imogen"
        ),
        _split(
            "Jones, Evans, Hughes, Davies, Clarke, Patel, Khan, Roberts, Wright, "
            "Green, Hall, Wood, Morgan, Reid, Fraser, MacLeod"
        ),
        ("ur", "hi"),
        0.05,
    ),
    "fr": Culture(
        "FR",
        _split(
            "Camille, Élodie, Manon, Claire, Juliette, Sophie, Amandine, Hélène, "
            "Margaux, Inès, Léa, Aurélie, Mathilde, Nathalie, Céline, Sarah"
        ),
        _split(
            "Martin, Bernard, Dubois, Lefèvre, Moreau, Laurent, Girard, Rousseau, "
            "Fontaine, Chevalier, Lambert, Mercier, Faure, Gauthier, Benali, Nguyen"
        ),
        ("ar", "de"),
        0.08,
    ),
    "pe": Culture(
        "PE",
        _split(
            "María, Rosa, Carmen, Lucía, Milagros, Ximena, Fiorella, Yesenia, Pilar, "
            "Gabriela, Andrea, Patricia, Flor, Lizbeth, Roxana, Katherine"
        ),
        _split(
            "Quispe, Mamani, Huamán, Flores, Rojas, Chávez, Torres, Vargas, Mendoza, "
            "Ramos, Condori, Gutiérrez, Salazar, Paredes, Cáceres, Apaza"
        ),
        ("qu", "ay"),
        0.25,
        double_surname=True,
    ),
    "cl": Culture(
        "CL",
        _split(
            "Francisca, Constanza, Javiera, Catalina, Valentina, Camila, Daniela, "
            "Paulina, Macarena, Fernanda, Ignacia, Josefina, Carolina, Verónica, "
            "Antonia"
        ),
        _split(
            "González, Muñoz, Rojas, Díaz, Pérez, Soto, Contreras, Silva, Martínez, "
            "Sepúlveda, Morales, Fuentes, Araya, Espinoza, Valenzuela, Tapia"
        ),
        ("ay",),
        0.03,
        double_surname=True,
    ),
    "sa": Culture(
        "SA",
        _split(
            "Noura, Sara, Lama, Reem, Hessa, Abeer, Hanan, Maha, Dana, Rawan, Shahad, "
            "Lujain, Mashael, Hind"
        ),
        _split(
            "Al-Harbi, Al-Qahtani, Al-Otaibi, Al-Shehri, Al-Zahrani, Al-Ghamdi, "
            "Al-Dosari, Al-Mutairi, Al-Rashidi, Al-Anazi, Al-Subaie"
        ),
        ("ar",),
        1.0,
    ),
    "ca_en": Culture(
        "CA",
        _split(
            "Jennifer, Ashley, Megan, Kaitlyn, Erin, Tara, Lindsay, Heather, Jasmine, "
            "Simran, Mackenzie, Courtney, Kirsten, Lisa, Autumn"
        ),
        _split(
            "MacDonald, Campbell, Stewart, Wong, Singh, Thompson, Martin, Robinson, "
            "Morrison, Fraser, Cardinal, Gill, Lee, McKay, Sinclair"
        ),
        ("zh", "hi"),
        0.06,
    ),
    "ca_fr": Culture(
        "CA",
        _split(
            "Geneviève, Marie-Ève, Isabelle, Catherine, Julie, Émilie, Véronique, "
            "Mélanie, Annie, Chantal, Josée, Karine, Stéphanie, Valérie"
        ),
        _split(
            "Tremblay, Gagnon, Roy, Côté, Bouchard, Gauthier, Morin, Lavoie, Fortin, "
            "Gagné, Ouellet, Pelletier, Bélanger, Lévesque"
        ),
        cities=(
            ("Val-d'Or", "America/Toronto"),
            ("Rouyn-Noranda", "America/Toronto"),
            ("Montréal", "America/Toronto"),
            ("Québec", "America/Toronto"),
        ),
    ),
    "br": Culture(
        "BR",
        _split(
            "Ana, Beatriz, Fernanda, Juliana, Larissa, Camila, Mariana, Luana, "
            "Gabriela, Renata"
        ),
        _split(
            "Silva, Santos, Oliveira, Souza, Costa, Pereira, Almeida, Ferreira, "
            "Carvalho, Ribeiro"
        ),
        ("pt",),
        1.0,
    ),
    "mx": Culture(
        "MX",
        _split(
            "Guadalupe, Alejandra, Mariana, Daniela, Itzel, Xóchitl, Paola, Verónica"
        ),
        _split("Hernández, García, López, Ramírez, Cruz, Sánchez, Reyes, Jiménez"),
        double_surname=True,
    ),
    "gh": Culture(
        "GH",
        _split("Abena, Akosua, Ama, Efua, Esi, Adwoa, Yaa, Afua"),
        _split("Mensah, Boateng, Asante, Owusu, Osei, Agyeman, Appiah, Darko"),
        ("ha", "yo"),
        0.2,
    ),
    "de": Culture(
        "DE",
        _split("Anna, Katharina, Julia, Lena, Sabine, Miriam, Franziska, Johanna"),
        _split("Müller, Schmidt, Schneider, Fischer, Weber, Becker, Wagner, Hoffmann"),
        ("de",),
        1.0,
    ),
}

# Where people live: (city, IANA time zone), so a profile's zone matches its country.
CITIES = {
    "ZA": (
        ("Johannesburg", "Africa/Johannesburg"),
        ("Rustenburg", "Africa/Johannesburg"),
        ("Kimberley", "Africa/Johannesburg"),
        ("Cape Town", "Africa/Johannesburg"),
    ),
    "BW": (("Gaborone", "Africa/Gaborone"), ("Jwaneng", "Africa/Gaborone")),
    "NA": (("Windhoek", "Africa/Windhoek"),),
    "ZW": (("Harare", "Africa/Harare"),),
    "MZ": (("Maputo", "Africa/Maputo"), ("Tete", "Africa/Maputo")),
    "CI": (
        ("Abidjan", "Africa/Abidjan"),
        ("Yamoussoukro", "Africa/Abidjan"),
        ("Bouaké", "Africa/Abidjan"),
    ),
    "BF": (("Ouagadougou", "Africa/Ouagadougou"),),
    "GH": (("Accra", "Africa/Accra"), ("Tarkwa", "Africa/Accra")),
    "ML": (("Bamako", "Africa/Bamako"),),
    "GN": (("Conakry", "Africa/Conakry"),),
    "TZ": (
        ("Dar es Salaam", "Africa/Dar_es_Salaam"),
        ("Geita", "Africa/Dar_es_Salaam"),
        ("Arusha", "Africa/Dar_es_Salaam"),
    ),
    "KE": (("Nairobi", "Africa/Nairobi"),),
    "UG": (("Kampala", "Africa/Kampala"),),
    "ZM": (("Lusaka", "Africa/Lusaka"), ("Kitwe", "Africa/Lusaka")),
    "AU": (
        ("Perth", "Australia/Perth"),
        ("Kalgoorlie", "Australia/Perth"),
        ("Brisbane", "Australia/Brisbane"),
        ("Mount Isa", "Australia/Brisbane"),
        ("Adelaide", "Australia/Adelaide"),
        ("Sydney", "Australia/Sydney"),
    ),
    "NZ": (("Auckland", "Pacific/Auckland"),),
    "PG": (("Port Moresby", "Pacific/Port_Moresby"),),
    "ID": (
        ("Jakarta", "Asia/Jakarta"),
        ("Balikpapan", "Asia/Makassar"),
        ("Makassar", "Asia/Makassar"),
        ("Timika", "Asia/Jayapura"),
    ),
    "MY": (("Kuala Lumpur", "Asia/Kuala_Lumpur"),),
    "PH": (("Manila", "Asia/Manila"),),
    "MN": (("Ulaanbaatar", "Asia/Ulaanbaatar"),),
    "GB": (
        ("London", "Europe/London"),
        ("Cornwall", "Europe/London"),
        ("Edinburgh", "Europe/London"),
    ),
    "IE": (("Dublin", "Europe/Dublin"),),
    "FR": (
        ("Paris", "Europe/Paris"),
        ("Nancy", "Europe/Paris"),
        ("Orléans", "Europe/Paris"),
    ),
    "BE": (("Brussels", "Europe/Brussels"),),
    "CH": (("Zurich", "Europe/Zurich"),),
    "DE": (("Freiberg", "Europe/Berlin"), ("Berlin", "Europe/Berlin")),
    "PE": (
        ("Lima", "America/Lima"),
        ("Arequipa", "America/Lima"),
        ("Cajamarca", "America/Lima"),
        ("Cusco", "America/Lima"),
    ),
    "BO": (("La Paz", "America/La_Paz"), ("Potosí", "America/La_Paz")),
    "EC": (("Quito", "America/Guayaquil"),),
    "CL": (
        ("Santiago", "America/Santiago"),
        ("Antofagasta", "America/Santiago"),
        ("Calama", "America/Santiago"),
        ("Copiapó", "America/Santiago"),
    ),
    "AR": (
        ("Salta", "America/Argentina/Salta"),
        ("San Juan", "America/Argentina/San_Juan"),
    ),
    "BR": (("Belo Horizonte", "America/Sao_Paulo"), ("Belém", "America/Belem")),
    "MX": (("Zacatecas", "America/Mexico_City"), ("Hermosillo", "America/Hermosillo")),
    "SA": (("Riyadh", "Asia/Riyadh"), ("Jeddah", "Asia/Riyadh")),
    "AE": (("Dubai", "Asia/Dubai"),),
    "OM": (("Muscat", "Asia/Muscat"),),
    "CA": (
        ("Toronto", "America/Toronto"),
        ("Sudbury", "America/Toronto"),
        ("Vancouver", "America/Vancouver"),
        ("Saskatoon", "America/Regina"),
        ("Yellowknife", "America/Edmonton"),
        ("Halifax", "America/Halifax"),
    ),
    "US": (
        ("Denver", "America/Denver"),
        ("Elko", "America/Los_Angeles"),
        ("Tucson", "America/Phoenix"),
    ),
}

# What is mined around her: the commodity of a profile depends on where she lives.
COMMODITIES_BY_COUNTRY = {
    "ZA": ("platinum_group_metals", "platinum_group_metals", "gold", "coal", "iron_ore")
    + ("diamonds",),
    "BW": ("diamonds", "copper"),
    "NA": ("uranium", "diamonds", "gold"),
    "ZW": ("gold", "platinum_group_metals", "lithium"),
    "MZ": ("coal", "rare_earths", "industrial_minerals"),
    "CI": ("gold", "gold", "nickel", "other"),
    "BF": ("gold",),
    "GH": ("gold", "bauxite_aluminium"),
    "ML": ("gold", "lithium"),
    "GN": ("bauxite_aluminium", "iron_ore", "gold"),
    "TZ": ("gold", "gold", "diamonds", "industrial_minerals", "other"),
    "KE": ("gold", "industrial_minerals"),
    "UG": ("gold", "copper"),
    "ZM": ("copper", "copper", "other"),
    "AU": ("iron_ore", "iron_ore", "lithium", "gold", "coal", "nickel", "rare_earths")
    + ("bauxite_aluminium",),
    "NZ": ("gold", "coal"),
    "PG": ("gold", "copper"),
    "ID": ("nickel", "nickel", "coal", "copper", "gold", "bauxite_aluminium"),
    "MY": ("bauxite_aluminium", "rare_earths"),
    "PH": ("nickel", "gold", "copper"),
    "MN": ("copper", "coal", "gold"),
    "GB": ("gold", "copper", "industrial_minerals", "other", "lithium"),
    "IE": ("zinc_lead",),
    "FR": ("lithium", "nickel", "uranium", "industrial_minerals", "gold"),
    "BE": ("other",),
    "CH": ("other", "copper"),
    "DE": ("lithium", "coal", "industrial_minerals"),
    "PE": ("copper", "copper", "gold", "zinc_lead", "other"),
    "BO": ("zinc_lead", "lithium", "other"),
    "EC": ("gold", "copper"),
    "CL": ("copper", "copper", "copper", "lithium", "gold"),
    "AR": ("lithium", "gold", "copper"),
    "BR": ("iron_ore", "iron_ore", "gold", "bauxite_aluminium", "nickel"),
    "MX": ("gold", "other", "copper", "zinc_lead"),
    "SA": ("gold", "bauxite_aluminium", "industrial_minerals", "other"),
    "AE": ("industrial_minerals",),
    "OM": ("copper", "industrial_minerals"),
    "CA": ("gold", "gold", "nickel", "uranium", "copper", "iron_ore", "diamonds")
    + ("industrial_minerals",),
    "US": ("gold", "copper", "lithium", "coal"),
}
