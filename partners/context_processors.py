from .selectors import company_for_user, notifications_unread_count


def membership(request):
    """The signed-in member's company (or None) and unread notifications, for the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"my_company": None, "unread_notifications": 0}
    return {
        "my_company": company_for_user(user=user),
        "unread_notifications": notifications_unread_count(user=user),
    }
