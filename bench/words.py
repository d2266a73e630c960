"""Names and phrases the dataset generator draws from: the outlets, agencies, places and turns of
phrase that reporting on the crisis uses, so that pages, search and exports carry text of a
realistic length and vocabulary."""

# (ISO code, name, slug, share of the figures that name a country). Honduras, Guatemala and
# El Salvador dominate, as they did in 2014; the article already holds HN, GT, SV and US.
COUNTRIES = [
    ("HN", "Honduras", "honduras", 30.0),
    ("GT", "Guatemala", "guatemala", 24.0),
    ("SV", "El Salvador", "el-salvador", 17.0),
    ("MX", "Mexico", "mexico", 12.0),
    ("US", "United States", "united-states", 3.0),
    ("NI", "Nicaragua", "nicaragua", 3.0),
    ("EC", "Ecuador", "ecuador", 2.0),
    ("CU", "Cuba", "cuba", 1.5),
    ("HT", "Haiti", "haiti", 1.5),
    ("CO", "Colombia", "colombia", 1.0),
    ("DO", "Dominican Republic", "dominican-republic", 1.0),
    ("VE", "Venezuela", "venezuela", 1.0),
    ("BR", "Brazil", "brazil", 1.0),
    ("CR", "Costa Rica", "costa-rica", 0.5),
    ("PA", "Panama", "panama", 0.5),
    ("BZ", "Belize", "belize", 0.5),
]

# Border Patrol sectors on the southwest border; the Rio Grande Valley took most of the 2014 surge.
SECTORS = [
    ("Rio Grande Valley", 40), ("Tucson", 12), ("Laredo", 10), ("El Paso", 9), ("San Diego", 8),
    ("Del Rio", 7), ("Yuma", 5), ("Big Bend", 4), ("El Centro", 5),
]

# (metric, unit, share of figures)
METRICS = [
    ("uac_arrivals", "people", 45), ("uac_daily_average", "people_per_day", 25),
    ("family_unit_arrivals", "people", 12), ("share_of_children", "percent", 8),
    ("removals", "people", 6), ("court_attendance_rate", "percent", 4),
]
METRIC_PHRASES = {
    "uac_arrivals": "unaccompanied children arriving",
    "uac_daily_average": "unaccompanied children crossing per day on average",
    "family_unit_arrivals": "family units arriving with children",
    "share_of_children": "the share of the children",
    "removals": "children and families removed",
    "court_attendance_rate": "the share of children attending their court hearings",
}
GEOGRAPHIES = [
    ("country_of_origin", 60), ("southwest_border", 15), ("border_sector", 15),
    ("united_states", 6), ("immigration_courts", 4),
]

# (publisher, web domain, source kind, weight among sources of that family)
AGENCIES = [
    ("U.S. Customs and Border Protection", "cbp.gov", 40),
    ("Office of Refugee Resettlement", "acf.hhs.gov", 15),
    ("Executive Office for Immigration Review", "justice.gov", 10),
    ("U.S. Department of Homeland Security", "dhs.gov", 10),
    ("Instituto Nacional de Migración", "gob.mx", 8),
    ("UNHCR", "unhcr.org", 6),
    ("TRAC Immigration", "trac.syr.edu", 6),
    ("Pew Research Center", "pewresearch.org", 5),
]
OUTLETS = [
    ("The New York Times", "nytimes.com", "news_article", 14),
    ("The Washington Post", "washingtonpost.com", "news_article", 11),
    ("Reuters", "reuters.com", "news_article", 10),
    ("Associated Press", "apnews.com", "news_article", 10),
    ("Los Angeles Times", "latimes.com", "news_article", 7),
    ("The Texas Tribune", "texastribune.org", "news_article", 6),
    ("Latin Post", "latinpost.com", "news_article", 5),
    ("NPR", "npr.org", "news_article", 5),
    ("Univision", "univision.com", "news_article", 4),
    ("El Heraldo", "elheraldo.hn", "news_article", 3),
    ("Prensa Libre", "prensalibre.com", "news_article", 3),
    ("La Prensa Gráfica", "laprensagrafica.com", "news_article", 2),
    ("The Guardian", "theguardian.com", "news_article", 3),
    ("The White House", "whitehouse.gov", "press_release", 4),
    ("U.S. Conference of Catholic Bishops", "usccb.org", "press_release", 1),
    ("Kids in Need of Defense", "supportkind.org", "press_release", 2),
    ("USCRI", "refugees.org", "press_release", 2),
    ("Migration Policy Institute", "migrationpolicy.org", "report", 3),
    ("Women's Refugee Commission", "womensrefugeecommission.org", "report", 1),
    ("Senate Judiciary Committee", "judiciary.senate.gov", "transcript", 2),
    ("House Homeland Security Committee", "homeland.house.gov", "transcript", 1),
    ("CNN", "cnn.com", "interview", 2),
]

FIRST_NAMES = [
    "María", "José", "Ana", "Carlos", "Luis", "Rosa", "Jorge", "Carmen", "Juan", "Sofía", "Miguel",
    "Elena", "David", "Laura", "James", "Sarah", "Michael", "Jennifer", "Robert", "Lisa", "Daniel",
    "Patricia", "Andrés", "Gabriela", "Héctor", "Lucía", "Ricardo", "Isabel", "Thomas", "Karen",
]
LAST_NAMES = [
    "García", "Hernández", "López", "Martínez", "González", "Rodríguez", "Pérez", "Sánchez", "Ramírez",
    "Flores", "Cruz", "Morales", "Reyes", "Castillo", "Ortiz", "Smith", "Johnson", "Williams",
    "Brown", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Moore", "Mejía", "Zelaya", "Bonilla",
]
ROLES = [
    "spokesperson", "minister", "deputy minister", "senator", "representative", "governor",
    "ambassador", "consul", "director", "advocate", "attorney", "shelter director", "researcher",
    "bishop", "mayor", "Border Patrol agent", "judge", "social worker",
]
ORG_WORDS = (
    ["Center", "Alliance", "Council", "Network", "Coalition", "Foundation", "Institute", "Project"],
    ["Migrant", "Refugee", "Children's", "Human Rights", "Border", "Immigrant", "Family", "Legal Aid"],
)
GOV_BODIES = [
    "Ministry of Foreign Affairs", "Ministry of Security", "Migration Directorate", "Presidency",
    "Embassy in Washington", "Consulate in Houston", "Child Protection Agency", "Attorney General's Office",
]
LEGISLATURES = ["National Congress", "Legislative Assembly", "Senate", "House of Representatives"]

TOPICS = [
    "unaccompanied children at the border", "gang violence in Central America",
    "shelter capacity for migrant children", "the backlog in immigration courts",
    "legal representation for children", "family detention", "repatriation of children",
    "the 2008 trafficking law", "aid to Central America", "smuggling networks",
    "asylum claims by minors", "conditions in Border Patrol stations", "foster care placements",
]
PLACES = [
    "Washington", "Tegucigalpa", "Guatemala City", "San Salvador", "Mexico City", "McAllen",
    "San Pedro Sula", "Houston", "Brownsville", "Tapachula", "El Paso", "Miami", "New York",
]
CLAIM_TEMPLATES = [
    "{speaker} said the number of unaccompanied children from {country} had risen sharply.",
    "{speaker} warned that shelters for migrant children were close to capacity.",
    "{speaker} called for more immigration judges to hear the cases of children.",
    "{speaker} said most of the children were fleeing gang violence in {country}.",
    "{speaker} announced new funding for programs that keep children in school in {country}.",
    "{speaker} said smugglers spread rumours that children would be allowed to stay.",
    "{speaker} estimated that {number} children would cross the border this year.",
    "{speaker} said children waited weeks in Border Patrol stations before placement.",
    "{speaker} proposed changes to how children from {country} are screened at the border.",
    "{speaker} said families in {country} paid smugglers thousands of dollars per child.",
    "{speaker} criticised the pace of deportations of children to {country}.",
    "{speaker} said most children released to sponsors attended their hearings.",
]
QUOTE_TEMPLATES = [
    "These children are fleeing for their lives, and we have to treat them as refugees",
    "We cannot have an open border; the message must be clear that they will be sent back",
    "The shelters are full and we are asking Congress for the resources to respond",
    "Parents in {country} are making an impossible choice to send their children north",
    "We are seeing {number} children a day, and the system was not built for this",
    "Every child deserves a fair hearing and a lawyer at their side",
    "The violence in {country} is driving families to risk everything",
    "This is a humanitarian situation and it requires a humanitarian response",
]
POSITIONS_TEXT = {
    "supports": "supports", "opposes": "opposes", "mixed": "has reservations about",
    "undecided": "has not taken a position on",
}
PROPOSAL_SUBJECTS = [
    "expedited removal of children from non-contiguous countries", "funding for immigration judges",
    "in-country refugee processing in Central America", "legal counsel for unaccompanied children",
    "expanded shelter capacity", "aid conditioned on border enforcement", "family detention limits",
    "a guest-worker programme", "faster sponsor vetting", "screening of children at consulates",
]
FUNDING_PURPOSES = [
    "border security", "immigration judges", "care of unaccompanied children", "legal aid",
    "repatriation and reintegration", "aid to Central America", "detention capacity",
]
