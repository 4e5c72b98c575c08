"""What every Kyoso API endpoint shares: token authentication, the error format,
pagination, throttling and the OpenAPI schema's pieces. The resources themselves
live in the apps (``partners.api``)."""
