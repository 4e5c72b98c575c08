from .selectors import company_for_user


def membership(request):
    """The signed-in member's company (or None), for the header of every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"my_company": None}
    return {"my_company": company_for_user(user=user)}
