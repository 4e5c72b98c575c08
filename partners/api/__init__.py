"""The REST API of companies, notifications and staff operations (``/api/v1/``)."""
