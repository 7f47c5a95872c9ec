"""Rules about who may import whom, read from the source with `ast` (so lazy imports inside functions
count too, and nothing needs to be imported to be checked).

- No production module imports the `demo` app: demo data is loaded by `manage.py load_demo` only.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_APP = "demo"


def production_apps() -> list[str]:
    """Every Django app of the project (a top-level package with an `apps.py`) except the demo app."""
    return sorted(
        path.parent.name
        for path in ROOT.glob("*/apps.py")
        if path.parent.name != DEMO_APP and (path.parent / "__init__.py").exists()
    )


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_modules(app: str) -> dict[str, Path]:
    return {module_name(path): path for path in sorted((ROOT / app).rglob("*.py"))}


def imported_names(name: str, path: Path) -> set[str]:
    """Absolute names of every module imported anywhere in the file, relative imports resolved.

    `from package import name` yields both `package` and `package.name`, because `name` may be a
    submodule; callers keep the names that are real modules.
    """
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def test_the_project_apps_are_found():
    assert {"website", "modules", "scheduling", "reflections"} <= set(production_apps())


def test_no_production_module_imports_the_demo_app():
    offenders = [
        f"{name} imports {imported}"
        for app in production_apps()
        for name, path in app_modules(app).items()
        for imported in sorted(imported_names(name, path))
        if imported == DEMO_APP or imported.startswith(f"{DEMO_APP}.")
    ]
    assert not offenders, offenders


def test_imports_are_read_inside_functions_and_relative_ones_resolved(tmp_path):
    source = tmp_path / "views.py"
    source.write_text(
        "import demo.users\n"
        "def view():\n"
        "    from demo import roster\n"
        "    from ..models import Unit\n"
    )
    found = imported_names("scheduling.sub.views", source)
    assert {"demo.users", "demo", "demo.roster", "scheduling.models"} <= found
