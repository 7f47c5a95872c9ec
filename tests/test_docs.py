"""The repository's documents are the source of truth: the README links each of them, every relative link
in the Markdown files resolves, and nothing cites the first design document, which is not in the repository."""

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ("architecture.md", "scheduler.md", "privacy.md", "operations.md")
LINK = re.compile(r"\[[^\]]*\]\(([^)#\s]+)(?:#[^)]*)?\)")
SKIPPED_DIRS = {".venv", "node_modules", "staticfiles", "media", ".git"}


def project_files(*suffixes: str) -> list[Path]:
    """The project's own files with these endings (not the virtualenv, media or collected static)."""
    found = []
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name not in SKIPPED_DIRS]
        found += [Path(folder, name) for name in files if Path(name).suffix in suffixes]
    return found


@pytest.mark.parametrize("name", DOCS)
def test_each_document_exists_and_is_linked_from_the_readme(name):
    assert (ROOT / "docs" / name).stat().st_size > 1000
    assert f"(docs/{name})" in (ROOT / "README.md").read_text()


def test_relative_links_in_markdown_resolve():
    broken = []
    for path in project_files(".md"):
        for target in LINK.findall(path.read_text()):
            if "://" in target or target.startswith("mailto:"):
                continue
            if not (path.parent / target).exists():
                broken.append(f"{path.relative_to(ROOT)} -> {target}")
    assert not broken, broken


def test_nothing_cites_the_first_design_document():
    this_file = Path(__file__).resolve()
    citing = [
        str(path.relative_to(ROOT))
        for path in project_files(".py", ".md", ".html", ".txt", ".toml")
        if path.resolve() != this_file and "DESIGN.md" in path.read_text(errors="replace")
    ]
    assert not citing, f"cite docs/ instead: {citing}"
