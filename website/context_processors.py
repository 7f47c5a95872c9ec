from website.permissions import user_can_open_admin


def permissions(request):
    """What the site's menu offers, from the same `user_can_*` functions the views call."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"can_open_admin": user_can_open_admin(user)}
