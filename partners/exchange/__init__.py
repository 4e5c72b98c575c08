"""The company exchange format ``alliance-companies/1``: its rules and its records.

Pure code (no database): ``validation`` says whether a parsed document may be
imported and names every problem; ``records`` converts between a record of the
file and the fields of ``partners.models.Company``. The services that read and
write the database are in ``partners.services.exchange``.
"""

FORMAT = "alliance-companies/1"
