"""Reference vocabularies of the exchange format: ISIC Rev.4 and Porter's value chain.

Names are translatable; codes are the ones of ``alliance-companies/1``.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# Porter's nine value-chain activities: code -> (name, one-line explanation).
VALUE_CHAIN_ACTIVITIES = {
    "inbound_logistics": (
        _("Inbound logistics"),
        _("Receiving, storing and handling the inputs: materials, parts, data."),
    ),
    "operations": (
        _("Operations"),
        _("Turning inputs into the product or service: production, processing, assembly."),
    ),
    "outbound_logistics": (
        _("Outbound logistics"),
        _("Getting the product to customers: warehousing, distribution, delivery."),
    ),
    "marketing_sales": (
        _("Marketing and sales"),
        _("Making customers aware and buying: brand, channels, sales teams, pricing."),
    ),
    "service": (
        _("Service"),
        _("Keeping value after the sale: support, maintenance, installation, training."),
    ),
    "firm_infrastructure": (
        _("Firm infrastructure"),
        _("Management, finance, legal, quality and planning that carry the whole company."),
    ),
    "human_resources": (
        _("Human resource management"),
        _("Recruiting, developing and keeping the people and skills the work needs."),
    ),
    "technology_development": (
        _("Technology development"),
        _("Research, design, engineering and know-how that improve products and processes."),
    ),
    "procurement": (
        _("Procurement"),
        _("Sourcing and buying the inputs: suppliers, materials, equipment, services."),
    ),
}
PRIMARY_ACTIVITIES = (
    "inbound_logistics",
    "operations",
    "outbound_logistics",
    "marketing_sales",
    "service",
)
SUPPORT_ACTIVITIES = (
    "firm_infrastructure",
    "human_resources",
    "technology_development",
    "procurement",
)
VALUE_CHAIN_CHOICES = [(code, name) for code, (name, _help) in VALUE_CHAIN_ACTIVITIES.items()]

# ISIC Rev.4 sections.
ISIC_SECTIONS = {
    "A": _("Agriculture, forestry and fishing"),
    "B": _("Mining and quarrying"),
    "C": _("Manufacturing"),
    "D": _("Electricity, gas, steam and air conditioning supply"),
    "E": _("Water supply; sewerage, waste management and remediation"),
    "F": _("Construction"),
    "G": _("Wholesale and retail trade; repair of motor vehicles"),
    "H": _("Transportation and storage"),
    "I": _("Accommodation and food service activities"),
    "J": _("Information and communication"),
    "K": _("Financial and insurance activities"),
    "L": _("Real estate activities"),
    "M": _("Professional, scientific and technical activities"),
    "N": _("Administrative and support service activities"),
    "O": _("Public administration and defence; compulsory social security"),
    "P": _("Education"),
    "Q": _("Human health and social work activities"),
    "R": _("Arts, entertainment and recreation"),
    "S": _("Other service activities"),
    "T": _("Activities of households as employers"),
    "U": _("Activities of extraterritorial organizations and bodies"),
}
# format_lazy keeps the labels translatable (an f-string would freeze them at import).
ISIC_SECTION_CHOICES = [
    (code, format_lazy("{} — {}", code, name)) for code, name in ISIC_SECTIONS.items()
]

# ISIC Rev.4 divisions: code -> (section, name).
ISIC_DIVISIONS = {
    "01": ("A", _("Crop and animal production, hunting")),
    "02": ("A", _("Forestry and logging")),
    "03": ("A", _("Fishing and aquaculture")),
    "05": ("B", _("Mining of coal and lignite")),
    "06": ("B", _("Extraction of crude petroleum and natural gas")),
    "07": ("B", _("Mining of metal ores")),
    "08": ("B", _("Other mining and quarrying")),
    "09": ("B", _("Mining support service activities")),
    "10": ("C", _("Manufacture of food products")),
    "11": ("C", _("Manufacture of beverages")),
    "12": ("C", _("Manufacture of tobacco products")),
    "13": ("C", _("Manufacture of textiles")),
    "14": ("C", _("Manufacture of wearing apparel")),
    "15": ("C", _("Manufacture of leather and related products")),
    "16": ("C", _("Manufacture of wood and wood products")),
    "17": ("C", _("Manufacture of paper and paper products")),
    "18": ("C", _("Printing and reproduction of recorded media")),
    "19": ("C", _("Manufacture of coke and refined petroleum products")),
    "20": ("C", _("Manufacture of chemicals and chemical products")),
    "21": ("C", _("Manufacture of pharmaceuticals")),
    "22": ("C", _("Manufacture of rubber and plastics products")),
    "23": ("C", _("Manufacture of other non-metallic mineral products")),
    "24": ("C", _("Manufacture of basic metals")),
    "25": ("C", _("Manufacture of fabricated metal products")),
    "26": ("C", _("Manufacture of computer, electronic and optical products")),
    "27": ("C", _("Manufacture of electrical equipment")),
    "28": ("C", _("Manufacture of machinery and equipment")),
    "29": ("C", _("Manufacture of motor vehicles, trailers and semi-trailers")),
    "30": ("C", _("Manufacture of other transport equipment")),
    "31": ("C", _("Manufacture of furniture")),
    "32": ("C", _("Other manufacturing")),
    "33": ("C", _("Repair and installation of machinery and equipment")),
    "35": ("D", _("Electricity, gas, steam and air conditioning supply")),
    "36": ("E", _("Water collection, treatment and supply")),
    "37": ("E", _("Sewerage")),
    "38": ("E", _("Waste collection, treatment and disposal; materials recovery")),
    "39": ("E", _("Remediation and other waste management")),
    "41": ("F", _("Construction of buildings")),
    "42": ("F", _("Civil engineering")),
    "43": ("F", _("Specialized construction activities")),
    "45": ("G", _("Wholesale, retail trade and repair of motor vehicles")),
    "46": ("G", _("Wholesale trade")),
    "47": ("G", _("Retail trade")),
    "49": ("H", _("Land transport and transport via pipelines")),
    "50": ("H", _("Water transport")),
    "51": ("H", _("Air transport")),
    "52": ("H", _("Warehousing and support activities for transportation")),
    "53": ("H", _("Postal and courier activities")),
    "55": ("I", _("Accommodation")),
    "56": ("I", _("Food and beverage service activities")),
    "58": ("J", _("Publishing activities")),
    "59": ("J", _("Motion picture, video, television, sound and music")),
    "60": ("J", _("Programming and broadcasting activities")),
    "61": ("J", _("Telecommunications")),
    "62": ("J", _("Computer programming, consultancy and related activities")),
    "63": ("J", _("Information service activities")),
    "64": ("K", _("Financial service activities")),
    "65": ("K", _("Insurance, reinsurance and pension funding")),
    "66": ("K", _("Activities auxiliary to financial services and insurance")),
    "68": ("L", _("Real estate activities")),
    "69": ("M", _("Legal and accounting activities")),
    "70": ("M", _("Activities of head offices; management consultancy")),
    "71": ("M", _("Architectural and engineering activities; technical testing")),
    "72": ("M", _("Scientific research and development")),
    "73": ("M", _("Advertising and market research")),
    "74": ("M", _("Other professional, scientific and technical activities")),
    "75": ("M", _("Veterinary activities")),
    "77": ("N", _("Rental and leasing activities")),
    "78": ("N", _("Employment activities")),
    "79": ("N", _("Travel agency, tour operator and reservation services")),
    "80": ("N", _("Security and investigation activities")),
    "81": ("N", _("Services to buildings and landscape activities")),
    "82": ("N", _("Office administrative and other business support activities")),
    "84": ("O", _("Public administration and defence; compulsory social security")),
    "85": ("P", _("Education")),
    "86": ("Q", _("Human health activities")),
    "87": ("Q", _("Residential care activities")),
    "88": ("Q", _("Social work activities without accommodation")),
    "90": ("R", _("Creative, arts and entertainment activities")),
    "91": ("R", _("Libraries, archives, museums and other cultural activities")),
    "92": ("R", _("Gambling and betting activities")),
    "93": ("R", _("Sports activities and amusement and recreation activities")),
    "94": ("S", _("Activities of membership organizations")),
    "95": ("S", _("Repair of computers and personal and household goods")),
    "96": ("S", _("Other personal service activities")),
    "97": ("T", _("Activities of households as employers of domestic personnel")),
    "98": ("T", _("Undifferentiated goods- and services-producing activities of households")),
    "99": ("U", _("Activities of extraterritorial organizations and bodies")),
}
ISIC_DIVISION_CHOICES = [
    (code, format_lazy("{} — {}", code, name)) for code, (_section, name) in ISIC_DIVISIONS.items()
]

LANGUAGE_CHOICES = [("ja", _("Japanese")), ("en", _("English"))]


def division_section(code: str) -> str | None:
    """The ISIC section letter of a division code, or None for an unknown code."""
    entry = ISIC_DIVISIONS.get(code)
    return entry[0] if entry else None
