from website import roles as role_checks


def roles(request):
    """Expose the viewer's roles to templates, so menus show only what a person may use."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "is_coordinator": role_checks.is_coordinator(user),
        "is_lead_trainer": role_checks.is_lead_trainer(user),
        "is_co_trainer": role_checks.is_co_trainer(user),
        "is_trainer": role_checks.is_trainer(user),
    }
