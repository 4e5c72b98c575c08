"""The staff dashboard (``/dashboard/``): the platform at a glance. Figures come from
``selectors``; the view only renders them."""
