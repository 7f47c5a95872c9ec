"""The fictional demo provider that `manage.py load_demo` builds (see README "Demo data").

Only the `load_demo` command and tests import this package: production code must never depend on it
(`tests/test_import_rules.py` checks). Each module adds one part and exposes `load(*, stdout)`, which
is idempotent: running it twice changes nothing the second time.
"""
