"""The Alliance's multilingual concept vocabulary, kept as data.

``GLOSSARY`` maps a concept code to its terms in English, French, Spanish and
Portuguese (paraphrases separated by ``"; "``). Free text is scanned for these
terms (accents, case, plurals and small function words ignored) and each hit
adds the concept, so "cierre de minas", "fermeture de mine", "fechamento de
mina" and "mine closure" all meet on ``mine_closure``. ``BOILERPLATE`` lists the
phrases of each language that say nothing about the topic ("I would like to
learn about", "Mi experiencia es en"), and ``STOPWORDS`` the function words;
both are removed before words are compared, so that two texts in the same
language do not match on their framing.
"""

LANGUAGES = ("en", "fr", "es", "pt")

# concept: (English; ..., French; ..., Spanish; ..., Portuguese; ...)
GLOSSARY = {
    # --- geoscience and exploration ---
    "geology": (
        "geology; geologist; geoscience; earth sciences",
        "géologie; géologue; géosciences; sciences de la terre",
        "geología; geólogo; geóloga; geociencias; ciencias de la tierra",
        "geologia; geólogo; geóloga; geociências; ciências da terra",
    ),
    "exploration": (
        "mineral exploration; exploration geology; prospecting; greenfield exploration",
        "exploration minière; prospection; géologie d'exploration",
        "exploración minera; prospección; geología de exploración",
        "exploração mineral; prospecção; pesquisa mineral",
    ),
    "geological_mapping": (
        "geological mapping; field mapping; structural geology",
        "cartographie géologique; levé géologique; géologie structurale",
        "cartografía geológica; mapeo geológico; geología estructural",
        "mapeamento geológico; cartografia geológica; geologia estrutural",
    ),
    "resource_estimation": (
        "resource estimation; reserve estimation; ore body modelling; resource model;"
        " mineral resources; ore reserves",
        "estimation des ressources; estimation des réserves; modélisation du gisement;"
        " ressources minérales",
        "estimación de recursos; estimación de reservas; modelamiento del yacimiento;"
        " recursos minerales",
        "estimativa de recursos; estimativa de reservas; modelagem do depósito;"
        " recursos minerais",
    ),
    "geostatistics": (
        "geostatistics; kriging; variography",
        "géostatistique; krigeage",
        "geoestadística; kriging",
        "geoestatística; krigagem",
    ),
    "geophysics": (
        "geophysics; geophysical survey; seismic survey",
        "géophysique; levé géophysique",
        "geofísica; levantamiento geofísico",
        "geofísica; levantamento geofísico",
    ),
    "geochemistry": (
        "geochemistry; geochemical sampling",
        "géochimie; échantillonnage géochimique",
        "geoquímica; muestreo geoquímico",
        "geoquímica; amostragem geoquímica",
    ),
    "drilling": (
        "drilling; core drilling; diamond drilling; drill core; core logging",
        "forage; forage carotté; carottes de forage",
        "perforación; sondaje; sondajes; testigos de perforación",
        "sondagem; perfuração; furos de sondagem; testemunhos",
    ),
    "hydrogeology": (
        "hydrogeology; groundwater; aquifer; dewatering",
        "hydrogéologie; eaux souterraines; nappe phréatique; dénoyage",
        "hidrogeología; aguas subterráneas; acuífero; drenaje de la mina",
        "hidrogeologia; água subterrânea; aquífero; rebaixamento do lençol",
    ),
    # --- mining engineering and operations ---
    "mining_engineering": (
        "mining engineering; mining engineer",
        "ingénierie minière; génie minier; ingénieure des mines; ingénieur minier",
        "ingeniería de minas; ingeniería minera; ingeniera de minas",
        "engenharia de minas; engenheira de minas",
    ),
    "mine_planning": (
        "mine planning; mine design; mine scheduling; life of mine plan; pit design",
        "planification minière; conception de mine; plan minier",
        "planificación minera; planeamiento minero; diseño de mina; plan minero",
        "planejamento de lavra; planejamento de mina; projeto de mina; plano de lavra",
    ),
    "underground_mining": (
        "underground mining; underground mine; stoping; tunnelling",
        "mine souterraine; exploitation souterraine; galeries",
        "minería subterránea; mina subterránea; túneles",
        "mineração subterrânea; mina subterrânea; lavra subterrânea; túneis",
    ),
    "open_pit_mining": (
        "open pit mining; open pit; open cut; surface mining; strip mining",
        "mine à ciel ouvert; exploitation à ciel ouvert",
        "minería a cielo abierto; rajo abierto; tajo abierto",
        "mineração a céu aberto; mina a céu aberto; lavra a céu aberto",
    ),
    "drill_and_blast": (
        "drill and blast; blasting; explosives; blast design",
        "forage et dynamitage; abattage à l'explosif; explosifs; tir de mines",
        "perforación y tronadura; voladura; tronadura; explosivos",
        "perfuração e desmonte; desmonte de rocha; detonação; explosivos",
    ),
    "geotechnics": (
        "geotechnical engineering; geotechnics; rock mechanics; slope stability;"
        " ground control",
        "géotechnique; mécanique des roches; stabilité des pentes",
        "geotecnia; mecánica de rocas; estabilidad de taludes",
        "geotecnia; mecânica das rochas; estabilidade de taludes",
    ),
    "ventilation": (
        "mine ventilation; ventilation",
        "ventilation minière; aérage",
        "ventilación de minas; ventilación minera",
        "ventilação de mina; ventilação subterrânea",
    ),
    "mine_operations": (
        "mine operations; production management; operations management;"
        " shift supervision; site operations",
        "exploitation minière; opérations minières; gestion de la production;"
        " chef de poste",
        "operaciones mineras; operación minera; gestión de la producción;"
        " jefa de turno; supervisión de turno",
        "operações de mina; operação de mina; gestão da produção;"
        " supervisão de turno",
    ),
    "maintenance": (
        "maintenance; asset management; reliability engineering; fleet maintenance",
        "maintenance; gestion des actifs; fiabilité des équipements",
        "mantenimiento; mantención; gestión de activos; confiabilidad",
        "manutenção; gestão de ativos; confiabilidade",
    ),
    "mining_equipment": (
        "mining equipment; haul trucks; heavy equipment; mobile equipment",
        "équipements miniers; engins miniers; camions de roulage",
        "equipos mineros; camiones de extracción; maquinaria pesada",
        "equipamentos de mineração; caminhões fora de estrada; máquinas pesadas",
    ),
    "automation": (
        "automation; autonomous haulage; robotics; remote operations",
        "automatisation; robotique; camions autonomes; opérations à distance",
        "automatización; robótica; camiones autónomos; operación remota",
        "automação; robótica; caminhões autônomos; operação remota",
    ),
    "quarrying": (
        "quarrying; quarry; aggregates",
        "carrière; carrières; granulats",
        "canteras; cantera; áridos",
        "pedreira; pedreiras; agregados",
    ),
    "artisanal_mining": (
        "artisanal mining; small-scale mining; artisanal and small-scale mining",
        "exploitation artisanale; orpaillage; mine artisanale",
        "minería artesanal; pequeña minería; minería informal",
        "garimpo; mineração artesanal; pequena mineração",
    ),
    # --- processing and metallurgy ---
    "metallurgy": (
        "metallurgy; metallurgist; extractive metallurgy",
        "métallurgie; métallurgiste; métallurgie extractive",
        "metalurgia; metalurgista; metalurgia extractiva",
        "metalurgia; metalurgista; metalurgia extrativa",
    ),
    "mineral_processing": (
        "mineral processing; ore processing; beneficiation; concentrator;"
        " processing plant; comminution; crushing and grinding",
        "traitement des minerais; minéralurgie; usine de traitement; concassage"
        " et broyage; enrichissement",
        "procesamiento de minerales; concentradora; planta de procesos;"
        " chancado y molienda; conminución",
        "processamento mineral; tratamento de minérios; beneficiamento;"
        " usina de beneficiamento; britagem e moagem",
    ),
    "flotation": (
        "flotation; froth flotation",
        "flottation",
        "flotación",
        "flotação",
    ),
    "hydrometallurgy": (
        "hydrometallurgy; leaching; heap leaching; solvent extraction",
        "hydrométallurgie; lixiviation; lixiviation en tas",
        "hidrometalurgia; lixiviación; lixiviación en pilas",
        "hidrometalurgia; lixiviação; lixiviação em pilha",
    ),
    "pyrometallurgy": (
        "pyrometallurgy; smelting; smelter; refinery; refining",
        "pyrométallurgie; fonderie; fusion; affinage; raffinerie",
        "pirometalurgia; fundición; refinería; refinación",
        "pirometalurgia; fundição; refinaria; refino",
    ),
    "laboratory": (
        "laboratory; assay laboratory; sample preparation; chemical analysis",
        "laboratoire; laboratoire d'analyses; préparation des échantillons",
        "laboratorio; laboratorio químico; preparación de muestras",
        "laboratório; laboratório químico; preparação de amostras",
    ),
    # --- environment, closure, water ---
    "environment": (
        "environmental management; environment; environmental engineering;"
        " environmental monitoring",
        "gestion environnementale; environnement; suivi environnemental",
        "gestión ambiental; medio ambiente; monitoreo ambiental",
        "gestão ambiental; meio ambiente; monitoramento ambiental",
    ),
    "environmental_permitting": (
        "environmental impact assessment; permitting; environmental licensing;"
        " environmental approvals",
        "étude d'impact environnemental; permis environnemental; autorisations",
        "evaluación de impacto ambiental; estudio de impacto ambiental;"
        " permisos ambientales",
        "estudo de impacto ambiental; licenciamento ambiental; licença ambiental",
    ),
    "mine_closure": (
        "mine closure; closure planning; post-mining land use; decommissioning;"
        " mine rehabilitation; mine reclamation; closed mines",
        "fermeture de mine; fermeture des mines; après-mine; plan de fermeture;"
        " réhabilitation des sites miniers; réaménagement",
        "cierre de minas; cierre de faenas; plan de cierre; cierre minero;"
        " rehabilitación de minas",
        "fechamento de mina; fechamento de minas; plano de fechamento;"
        " descomissionamento; recuperação de áreas degradadas",
    ),
    "rehabilitation": (
        "rehabilitation; land rehabilitation; revegetation; reclamation",
        "réhabilitation; revégétalisation; remise en état",
        "rehabilitación; revegetación; restauración de suelos",
        "reabilitação; revegetação; recuperação ambiental",
    ),
    "tailings": (
        "tailings; tailings management; tailings dam; tailings storage facility",
        "résidus miniers; stériles; digue à résidus; parc à résidus",
        "relaves; tranque de relaves; depósito de relaves; presa de jales; jales",
        "rejeitos; barragem de rejeitos; gestão de rejeitos",
    ),
    "water_management": (
        "water management; water stewardship; water treatment; water balance",
        "gestion de l'eau; gestion des eaux; traitement des eaux",
        "gestión del agua; gestión hídrica; manejo del agua; tratamiento de aguas",
        "gestão da água; gestão hídrica; gestão de recursos hídricos;"
        " tratamento de água",
    ),
    "acid_drainage": (
        "acid mine drainage; acid rock drainage",
        "drainage minier acide; drainage acide",
        "drenaje ácido de mina; drenaje ácido",
        "drenagem ácida de mina; drenagem ácida",
    ),
    "biodiversity": (
        "biodiversity; ecology; conservation; offsets",
        "biodiversité; écologie; conservation",
        "biodiversidad; ecología; conservación",
        "biodiversidade; ecologia; conservação",
    ),
    "climate_decarbonisation": (
        "decarbonisation; decarbonization; carbon emissions; net zero; climate change;"
        " greenhouse gas",
        "décarbonation; décarbonisation; émissions de carbone; changement"
        " climatique; neutralité carbone",
        "descarbonización; emisiones de carbono; cambio climático; carbono neutral",
        "descarbonização; emissões de carbono; mudanças climáticas;"
        " neutralidade de carbono",
    ),
    "energy_transition": (
        "energy transition; critical minerals; battery metals; renewables;"
        " renewable energy",
        "transition énergétique; minéraux critiques; métaux pour batteries;"
        " énergies renouvelables",
        "transición energética; minerales críticos; metales para baterías;"
        " energías renovables",
        "transição energética; minerais críticos; metais para baterias;"
        " energias renováveis",
    ),
    "circular_economy": (
        "circular economy; recycling; reprocessing; waste reduction",
        "économie circulaire; recyclage; valorisation des déchets",
        "economía circular; reciclaje; reprocesamiento",
        "economia circular; reciclagem; reaproveitamento de resíduos",
    ),
    # --- health and safety ---
    "health_safety": (
        "health and safety; occupational health and safety; workplace safety;"
        " safety management; safety culture",
        "santé et sécurité; sécurité au travail; santé au travail; culture de"
        " sécurité",
        "salud y seguridad; seguridad y salud ocupacional; seguridad laboral;"
        " prevención de riesgos; cultura de seguridad",
        "saúde e segurança; segurança do trabalho; saúde ocupacional;"
        " cultura de segurança",
    ),
    "risk_management": (
        "risk management; risk assessment; critical controls; hazard identification",
        "gestion des risques; évaluation des risques; analyse des risques",
        "gestión de riesgos; evaluación de riesgos; análisis de riesgos",
        "gestão de riscos; avaliação de riscos; análise de riscos",
    ),
    "emergency_response": (
        "emergency response; mine rescue; crisis management",
        "intervention d'urgence; sauvetage minier; gestion de crise",
        "respuesta a emergencias; rescate minero; gestión de crisis",
        "resposta a emergências; resgate em mina; gestão de crise",
    ),
    "psychosocial_safety": (
        "psychosocial safety; harassment prevention; mental health; wellbeing;"
        " fatigue management",
        "risques psychosociaux; prévention du harcèlement; santé mentale;"
        " bien-être",
        "riesgos psicosociales; prevención del acoso; salud mental; bienestar",
        "riscos psicossociais; prevenção do assédio; saúde mental; bem-estar",
    ),
    "ppe_fit": (
        "personal protective equipment; PPE for women; protective gear",
        "équipements de protection individuelle; EPI adaptés aux femmes",
        "equipos de protección personal; EPP para mujeres",
        "equipamentos de proteção individual; EPI para mulheres",
    ),
    # --- business, finance, law ---
    "finance": (
        "mining finance; corporate finance; financial analysis; accounting",
        "finance minière; finance d'entreprise; analyse financière; comptabilité",
        "finanzas mineras; finanzas corporativas; análisis financiero;"
        " contabilidad",
        "finanças da mineração; finanças corporativas; análise financeira;"
        " contabilidade",
    ),
    "project_finance": (
        "project finance; project financing; raising capital; funding",
        "financement de projets; levée de fonds; financement",
        "financiamiento de proyectos; financiación de proyectos;"
        " levantamiento de capital",
        "financiamento de projetos; captação de recursos",
    ),
    "valuation": (
        "financial modelling; valuation; feasibility study; economic evaluation;"
        " discounted cash flow",
        "modélisation financière; évaluation économique; étude de faisabilité",
        "modelos financieros; modelamiento financiero; valorización;"
        " estudio de factibilidad; evaluación económica",
        "modelagem financeira; avaliação econômica; estudo de viabilidade;"
        " valuation",
    ),
    "investment": (
        "investment; investor relations; capital markets; mining investment",
        "investissement; relations investisseurs; marchés financiers",
        "inversión; inversiones; relación con inversionistas; mercado de capitales",
        "investimento; relações com investidores; mercado de capitais",
    ),
    "commodity_markets": (
        "commodity markets; commodity trading; metal prices; marketing of"
        " concentrates",
        "marchés des matières premières; négoce de métaux; prix des métaux",
        "mercados de commodities; comercialización de concentrados; precios de"
        " los metales",
        "mercado de commodities; comercialização de minérios; preços dos metais",
    ),
    "procurement": (
        "procurement; supply chain; purchasing; contract management;"
        " local procurement",
        "achats; approvisionnement; chaîne d'approvisionnement; gestion des contrats",
        "abastecimiento; adquisiciones; cadena de suministro; compras;"
        " gestión de contratos",
        "suprimentos; compras; cadeia de suprimentos; gestão de contratos",
    ),
    "legal": (
        "mining law; legal affairs; lawyer; legal counsel; mining title;"
        " mineral rights",
        "droit minier; affaires juridiques; juriste; avocate; titre minier",
        "derecho minero; asuntos legales; abogada; concesiones mineras",
        "direito minerário; assuntos jurídicos; advogada; direitos minerários",
    ),
    "regulatory_compliance": (
        "regulatory compliance; compliance; regulation; mining code;"
        " government relations",
        "conformité réglementaire; conformité; réglementation; code minier",
        "cumplimiento normativo; cumplimiento regulatorio; normativa; regulación",
        "conformidade regulatória; compliance; regulação; código de mineração",
    ),
    "contracts": (
        "contracts; contract negotiation; commercial agreements",
        "contrats; négociation de contrats; accords commerciaux",
        "contratos; negociación de contratos; acuerdos comerciales",
        "contratos; negociação de contratos; acordos comerciais",
    ),
    "tax_royalties": (
        "mining taxation; royalties; fiscal regime",
        "fiscalité minière; redevances minières",
        "tributación minera; regalías mineras; royalty",
        "tributação mineral; royalties; CFEM",
    ),
    "entrepreneurship": (
        "entrepreneurship; start-up; startup; founding a company; own business;"
        " mining services company",
        "entrepreneuriat; création d'entreprise; start-up; créer mon entreprise;"
        " ma propre entreprise",
        "emprendimiento; emprender; crear una empresa; mi propia empresa;"
        " startup",
        "empreendedorismo; empreender; abrir uma empresa; minha própria empresa;"
        " startup",
    ),
    "consulting": (
        "consulting; consultancy; independent consultant",
        "conseil; consultante; consultante indépendante",
        "consultoría; consultora; consultora independiente",
        "consultoria; consultora; consultora independente",
    ),
    # --- ESG, communities, governance ---
    "esg": (
        "ESG; sustainability; sustainability reporting; responsible mining;"
        " responsible sourcing",
        "ESG; développement durable; durabilité; rapport de durabilité;"
        " mine responsable",
        "ESG; sostenibilidad; sustentabilidad; reportes de sostenibilidad;"
        " minería responsable",
        "ESG; sustentabilidade; relatório de sustentabilidade;"
        " mineração responsável",
    ),
    "community_relations": (
        "community relations; community engagement; stakeholder engagement;"
        " social licence to operate; social license",
        "relations communautaires; relations avec les communautés; dialogue avec"
        " les parties prenantes; acceptabilité sociale",
        "relaciones comunitarias; relacionamiento comunitario; relación con las"
        " comunidades; licencia social para operar; licencia social",
        "relações comunitárias; relacionamento com comunidades; engajamento de"
        " partes interessadas; licença social para operar",
    ),
    "indigenous_relations": (
        "indigenous relations; indigenous peoples; first nations; free prior and"
        " informed consent",
        "relations avec les peuples autochtones; peuples autochtones; premières"
        " nations; consentement préalable",
        "pueblos indígenas; comunidades indígenas; consulta indígena;"
        " consulta previa",
        "povos indígenas; comunidades indígenas; comunidades tradicionais;"
        " consulta prévia",
    ),
    "human_rights": (
        "human rights; social impact assessment; resettlement",
        "droits humains; droits de l'homme; étude d'impact social; réinstallation",
        "derechos humanos; impacto social; reasentamiento",
        "direitos humanos; impacto social; reassentamento",
    ),
    "social_investment": (
        "social investment; local development; shared value; local employment",
        "investissement social; développement local; emploi local",
        "inversión social; desarrollo local; valor compartido; empleo local",
        "investimento social; desenvolvimento local; valor compartilhado;"
        " emprego local",
    ),
    "board_governance": (
        "board governance; corporate governance; board of directors; non-executive"
        " director; board seat",
        "gouvernance d'entreprise; conseil d'administration; administratrice;"
        " siéger à un conseil",
        "gobierno corporativo; directorio; consejo de administración; directora"
        " independiente",
        "governança corporativa; conselho de administração; conselheira",
    ),
    "public_policy": (
        "public policy; government; ministry of mines; mining policy",
        "politique publique; administration publique; ministère des mines;"
        " politique minière",
        "políticas públicas; sector público; ministerio de minería; política minera",
        "políticas públicas; setor público; ministério de minas; política mineral",
    ),
    # --- data and technology ---
    "data_science": (
        "data science; data analytics; machine learning; artificial intelligence;"
        " data analysis",
        "science des données; analyse de données; apprentissage automatique;"
        " intelligence artificielle",
        "ciencia de datos; analítica de datos; aprendizaje automático;"
        " inteligencia artificial; análisis de datos",
        "ciência de dados; análise de dados; aprendizado de máquina;"
        " inteligência artificial",
    ),
    "digital_transformation": (
        "digital transformation; digitalisation; digital mine; digital twin;"
        " information technology",
        "transformation numérique; transformation digitale; numérisation;"
        " jumeau numérique; informatique",
        "transformación digital; digitalización; mina digital; gemelo digital;"
        " tecnologías de la información",
        "transformação digital; digitalização; mina digital; gêmeo digital;"
        " tecnologia da informação",
    ),
    "gis_remote_sensing": (
        "GIS; geographic information systems; remote sensing; drones; surveying",
        "SIG; systèmes d'information géographique; télédétection; topographie",
        "SIG; sistemas de información geográfica; teledetección; topografía;"
        " drones",
        "SIG; sistemas de informação geográfica; sensoriamento remoto;"
        " topografia; drones",
    ),
    "cybersecurity": (
        "cybersecurity; cyber security; OT security",
        "cybersécurité; sécurité informatique",
        "ciberseguridad; seguridad informática",
        "cibersegurança; segurança da informação",
    ),
    "innovation": (
        "innovation; research and development; new technologies",
        "innovation; recherche et développement; nouvelles technologies",
        "innovación; investigación y desarrollo; nuevas tecnologías",
        "inovação; pesquisa e desenvolvimento; novas tecnologias",
    ),
    # --- people, careers and leadership ---
    "leadership": (
        "leadership; leading teams; team leader; people leadership;"
        " managing people; executive presence",
        "leadership; direction d'équipe; diriger une équipe; encadrement;"
        " gestion d'équipe; management",
        "liderazgo; liderar equipos; dirigir equipos; gestión de personas;"
        " gestión de equipos; jefatura",
        "liderança; liderar equipes; gestão de pessoas; gestão de equipes;"
        " chefia",
    ),
    "first_management_role": (
        "first management role; new manager; first-time manager; becoming a"
        " supervisor; promotion to manager",
        "premier poste de manager; nouvelle manager; devenir cheffe d'équipe;"
        " première responsabilité d'encadrement",
        "primer cargo de jefatura; nueva jefa; primer puesto de gerencia;"
        " ascenso a supervisora",
        "primeiro cargo de gestão; nova gestora; primeira chefia;"
        " promoção a supervisora",
    ),
    "executive_leadership": (
        "executive leadership; general manager; C-suite; senior leadership;"
        " chief executive",
        "direction générale; comité de direction; cadre dirigeante",
        "alta dirección; gerencia general; gerenta general; alta gerencia",
        "alta liderança; diretoria executiva; diretora executiva; alta gestão",
    ),
    "human_resources": (
        "human resources; HR; talent management; recruitment; workforce planning;"
        " talent acquisition",
        "ressources humaines; RH; gestion des talents; recrutement",
        "recursos humanos; RRHH; gestión del talento; reclutamiento; selección de"
        " personal",
        "recursos humanos; RH; gestão de talentos; recrutamento; seleção",
    ),
    "training_development": (
        "training; learning and development; upskilling; skills development",
        "formation; développement des compétences; montée en compétences",
        "capacitación; formación; desarrollo de competencias",
        "capacitação; treinamento; desenvolvimento de competências",
    ),
    "diversity_inclusion": (
        "diversity and inclusion; inclusion; equity; gender equality;"
        " inclusive workplace; gender diversity",
        "diversité et inclusion; inclusion; égalité femmes-hommes; égalité des"
        " genres; mixité",
        "diversidad e inclusión; inclusión; equidad de género; igualdad de género",
        "diversidade e inclusão; inclusão; equidade de gênero; igualdade de gênero",
    ),
    "women_in_mining": (
        "women in mining; women in STEM; women engineers; girls in science;"
        " female talent",
        "femmes dans les mines; femmes dans le secteur minier; femmes en sciences;"
        " femmes ingénieures",
        "mujeres en minería; mujeres en la minería; mujeres en ciencia;"
        " mujeres ingenieras",
        "mulheres na mineração; mulheres na ciência; mulheres engenheiras",
    ),
    "gender_data": (
        "gender data gap; sex-disaggregated data; gender pay gap",
        "données genrées; données ventilées par sexe; écart salarial",
        "brecha de datos de género; datos desagregados por sexo; brecha salarial",
        "lacuna de dados de gênero; dados desagregados por sexo;"
        " diferença salarial",
    ),
    "mentoring": (
        "mentoring; mentorship; sponsorship; coaching; role models",
        "mentorat; parrainage; coaching; modèles féminins",
        "mentoría; mentorías; padrinazgo; coaching; referentes",
        "mentoria; apadrinhamento; coaching; referências femininas",
    ),
    "career_change": (
        "career change; career transition; changing careers; switching fields",
        "reconversion professionnelle; reconversion; changer de métier;"
        " transition de carrière",
        "cambio de carrera; transición profesional; reconversión profesional;"
        " cambiar de rubro",
        "mudança de carreira; transição de carreira; transição profissional;"
        " recolocação",
    ),
    "career_return": (
        "returning to work; career break; return from maternity leave; re-entry",
        "retour au travail; retour de congé maternité; reprise après une pause",
        "reincorporación laboral; volver a trabajar; regreso después de la"
        " maternidad; licencia de maternidad",
        "retorno ao trabalho; volta da licença-maternidade; pausa na carreira",
    ),
    "career_progression": (
        "career progression; career development; promotion; career plan;"
        " career path; career growth",
        "évolution de carrière; progression de carrière; promotion; plan de"
        " carrière",
        "desarrollo profesional; crecimiento profesional; ascenso; plan de carrera",
        "desenvolvimento de carreira; crescimento profissional; promoção;"
        " plano de carreira",
    ),
    "work_life_balance": (
        "work-life balance; flexible work; parenting; family and career;"
        " fly-in fly-out; rosters",
        "équilibre vie professionnelle et vie personnelle; conciliation travail"
        " famille; travail flexible; maternité",
        "conciliación de la vida laboral y familiar; conciliación; equilibrio"
        " entre trabajo y familia; maternidad; turnos",
        "equilíbrio entre vida pessoal e profissional; conciliação entre trabalho"
        " e família; maternidade; escalas de trabalho",
    ),
    "negotiation": (
        "negotiation; negotiating; salary negotiation; negotiating a raise",
        "négociation; négocier; négociation salariale; négocier mon salaire",
        "negociación; negociar; negociación salarial; negociar mi sueldo",
        "negociação; negociar; negociação salarial; negociar meu salário",
    ),
    "public_speaking": (
        "public speaking; presentation skills; speaking at conferences;"
        " presenting to executives",
        "prise de parole en public; prendre la parole; présentations;"
        " parler en public",
        "hablar en público; oratoria; presentaciones; exponer en conferencias",
        "falar em público; oratória; apresentações; apresentar em conferências",
    ),
    "communication": (
        "communication; communications; stakeholder communication; storytelling",
        "communication; communication d'entreprise",
        "comunicación; comunicaciones; comunicación efectiva",
        "comunicação; comunicação corporativa",
    ),
    "confidence": (
        "confidence; self-confidence; impostor syndrome; assertiveness;"
        " personal brand; visibility",
        "confiance en soi; syndrome de l'imposteur; affirmation de soi;"
        " visibilité",
        "confianza en mí misma; autoconfianza; síndrome del impostor;"
        " asertividad; visibilidad",
        "autoconfiança; confiança; síndrome do impostor; assertividade;"
        " visibilidade",
    ),
    "networking": (
        "networking; professional network; building a network",
        "réseautage; réseau professionnel; développer mon réseau",
        "networking; red de contactos; red profesional",
        "networking; rede de contatos; rede profissional",
    ),
    "project_management": (
        "project management; project manager; project delivery; capital projects;"
        " scheduling; PMP",
        "gestion de projet; gestion de projets; cheffe de projet; pilotage de"
        " projets",
        "gestión de proyectos; dirección de proyectos; jefa de proyectos;"
        " proyectos de capital",
        "gestão de projetos; gerenciamento de projetos; gerente de projetos",
    ),
    "strategy": (
        "strategy; strategic planning; business strategy",
        "stratégie; planification stratégique",
        "estrategia; planificación estratégica; planeamiento estratégico",
        "estratégia; planejamento estratégico",
    ),
    "change_management": (
        "change management; organisational change; transformation",
        "conduite du changement; gestion du changement",
        "gestión del cambio; cambio organizacional",
        "gestão de mudanças; gestão da mudança; mudança organizacional",
    ),
    "conflict_resolution": (
        "conflict resolution; difficult conversations; managing conflict",
        "gestion des conflits; résolution de conflits; conversations difficiles",
        "resolución de conflictos; manejo de conflictos; conversaciones difíciles",
        "resolução de conflitos; gestão de conflitos; conversas difíceis",
    ),
    "international_career": (
        "international career; working abroad; expatriation; global mobility",
        "carrière internationale; travailler à l'étranger; expatriation",
        "carrera internacional; trabajar en el extranjero; expatriación",
        "carreira internacional; trabalhar no exterior; expatriação",
    ),
    "academia_research": (
        "academic research; PhD; doctorate; research career; university",
        "recherche académique; doctorat; thèse; carrière de chercheuse; université",
        "investigación académica; doctorado; tesis; universidad",
        "pesquisa acadêmica; doutorado; tese; universidade",
    ),
    "students_graduates": (
        "graduate programme; internship; first job; students; graduates",
        "stage; premier emploi; jeunes diplômées; étudiantes",
        "práctica profesional; pasantía; primer empleo; recién egresada;"
        " estudiantes",
        "estágio; primeiro emprego; recém-formada; estudantes; trainee",
    ),
    # --- commodities ---
    "gold": ("gold; gold mining", "aurifère; mine d'or; exploitation aurifère",
             "oro; minería de oro",
             "ouro; mineração de ouro"),
    "copper": ("copper; copper mining", "cuivre; mine de cuivre",
               "cobre; minería del cobre", "cobre; mineração de cobre"),
    "lithium": ("lithium; lithium brine", "lithium", "litio; salares",
                "lítio"),
    "iron_ore": ("iron ore; iron ore mining", "minerai de fer",
                 "mineral de hierro; hierro", "minério de ferro"),
    "coal": ("coal; coal mining", "charbon; mine de charbon",
             "carbón; minería del carbón", "carvão; mineração de carvão"),
    "nickel_cobalt": ("nickel; cobalt", "nickel; cobalt", "níquel; cobalto",
                      "níquel; cobalto"),
    "diamonds": ("diamonds; gemstones", "diamants; pierres précieuses",
                 "diamantes; piedras preciosas", "diamantes; pedras preciosas"),
    "rare_earths": ("rare earths; rare earth elements", "terres rares",
                    "tierras raras", "terras raras"),
    "uranium": ("uranium", "uranium", "uranio", "urânio"),
    "bauxite_aluminium": ("bauxite; aluminium; aluminum", "bauxite; aluminium",
                          "bauxita; aluminio", "bauxita; alumínio"),
}  # fmt: skip

BOILERPLATE = {
    "en": (
        "i would like to learn more about; i would like to learn about;"
        " i would like to learn; i would like to; i'd like to; i want to learn;"
        " i am looking for a mentor; looking for a mentor; i am looking for;"
        " i hope to; i want to; i work in; i work on; my background is in;"
        " my background is; i can help with; i can help; happy to help with;"
        " i have experience in; i have experience with; years of experience;"
        " my experience is in; my goal is to; i am interested in; interested in"
    ),
    "fr": (
        "j'aimerais en apprendre davantage sur; j'aimerais apprendre;"
        " j'aimerais progresser en; j'aimerais progresser; j'aimerais;"
        " je voudrais apprendre; je voudrais; je souhaite apprendre; je souhaite;"
        " je cherche une mentore; je cherche un mentor; je cherche; mon objectif est"
        " de; mon objectif est; je travaille en; je travaille dans; je travaille sur;"
        " mon parcours; je peux accompagner en; je peux accompagner; je peux aider;"
        " mon expérience est en; j'ai de l'expérience en; ans d'expérience;"
        " je m'intéresse à; être accompagnée; me former"
    ),
    "es": (
        "me gustaría aprender más sobre; me gustaría aprender sobre;"
        " me gustaría aprender; me gustaría; quiero aprender sobre; quiero aprender;"
        " quisiera aprender; quisiera; busco una mentora; busco un mentor; busco;"
        " mi objetivo es; trabajo en; trabajo con; mi experiencia es en;"
        " mi experiencia es; mi experiencia está en; tengo experiencia en;"
        " años de experiencia; puedo ayudar con; puedo ayudar en; puedo ayudar;"
        " me interesa; necesito apoyo en; necesito orientación sobre"
    ),
    "pt": (
        "gostaria de aprender mais sobre; gostaria de aprender sobre;"
        " gostaria de aprender; gostaria de; quero aprender sobre; quero aprender;"
        " procuro uma mentora; procuro um mentor; procuro; meu objetivo é;"
        " trabalho com; trabalho em; minha experiência é em; minha experiência é;"
        " tenho experiência em; anos de experiência; posso ajudar com;"
        " posso ajudar em; posso ajudar; tenho interesse em; preciso de apoio em;"
        " preciso de orientação sobre"
    ),
}
"""Framing phrases per language, removed before words are compared."""

STOPWORDS = {
    "en": (
        "a an and are as at be been but by can do for from had has have her hers i"
        " in into is it its me more my of on or our she so than that the their them"
        " then there these they this to us was we were what when where which who"
        " will with would about also like learn help want wish hope"
        " especially how get become better some"
    ),
    "fr": (
        "a au aux avec ce ces cette d dans de des du elle en est et il j je l la"
        " le les leur lui m ma mais me mes mon ne nous on ou par pas plus pour qu que"
        " qui s sa se ses son sur ta te tes ton tu un une vos votre vous y comment"
        " apprendre aider mieux notamment surtout aimerais voudrais souhaite"
    ),
    "es": (
        "a al como con de del el ella en entre es esta este esto fue ha la las le"
        " les lo los mas me mi mis muy no nos o para pero por que se sin sobre su"
        " sus tambien te tu un una uno y ya yo aprender ayudar mejor sobre todo"
        " especialmente quiero quisiera gustaria"
    ),
    "pt": (
        "a ao aos as com como da das de do dos e ela em entre era essa esse esta"
        " este eu isso mais mas me meu minha na nas no nos o os ou para pela pelo"
        " por que se sem seu sua tambem te um uma aprender ajudar melhor sobre"
        " especialmente quero gostaria"
    ),
}
"""Function words and framing verbs per language (accent-free, lowercase)."""
