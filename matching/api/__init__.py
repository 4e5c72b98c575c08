"""The suggestions of the REST API (``/api/v1/suggestions/``)."""
