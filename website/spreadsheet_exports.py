"""Every Wagtail admin CSV/XLSX export guarded against spreadsheet formulas, like our own exports.

Wagtail writes its exports (user and snippet listings, site history and the other reports, form
submissions) through one class, `wagtail.admin.views.mixins.SpreadsheetExportMixin`, and has no setting
or hook for cleaning cells. So at start-up (`WebsiteConfig.ready`) its two methods that produce cell text,
`preprocess_field_value` (each value) and `get_heading` (each column heading), are wrapped once to pass
their result through `website.csv_export.csv_safe`: a name typed as `=HYPERLINK(...)` comes out as the
text `'=HYPERLINK(...)` in every format. `tests/website/test_spreadsheet_exports.py` fails if a Wagtail
upgrade renames either method.
"""

from functools import wraps

from .csv_export import csv_safe

GUARDED = "_alongside_formula_guard"


def _guarded(method):
    @wraps(method)
    def wrapper(*args, **kwargs):
        return csv_safe(method(*args, **kwargs))

    setattr(wrapper, GUARDED, True)
    return wrapper


def guard_wagtail_exports() -> None:
    """Wrap Wagtail's export methods (once, however often this is called)."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    for name in ("preprocess_field_value", "get_heading"):
        method = getattr(SpreadsheetExportMixin, name)
        if not getattr(method, GUARDED, False):
            setattr(SpreadsheetExportMixin, name, _guarded(method))
