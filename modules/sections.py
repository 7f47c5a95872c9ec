"""A module's content as plain-words sections, and back: the model behind "Suggest a change".

Each block of a page's body is one section. A section a co-trainer can rewrite has a few plain fields
(a heading, a large text box); what they write is turned back into the block's own value, so the page,
its revisions and the Wagtail editor see exactly what they would have seen had it been typed there.

Text boxes use three habits people already know from messages: a blank line starts a new paragraph, a
line starting "- " is a bullet point, a line starting "1. " is a numbered step; and *stars* make a word
bold. Text with links or inner headings is left to the full editor rather than flattened.
"""

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from django.utils.translation import gettext_lazy as _

SIMPLE_TAGS = {"h2", "h3", "p", "ul", "ol", "li", "b", "strong", "i", "em", "br"}
BULLET = re.compile(r"^[-•*]\s+")
NUMBERED = re.compile(r"^\d+[.)]\s+")
BOLD = re.compile(r"\*(\S(?:[^*]*\S)?)\*")


@dataclass(frozen=True)
class TextField:
    name: str
    label: str
    multiline: bool = False
    max_length: int | None = None
    required: bool = True


@dataclass
class Section:
    block: object  # the StreamChild, rendered "as it reads" with include_block
    number: int
    label: str
    fields: list[TextField] = field(default_factory=list)
    initial: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.block.id

    @property
    def can_rewrite(self) -> bool:
        return bool(self.fields)


# --- Rich text <-> a heading and a text box ------------------------------------------------------


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.parts: list[tuple[str, str]] = []  # (kind, text): h, p, ul, ol
        self._kind = None
        self._text = ""
        self._list: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag in ("h2", "h3", "p", "li"):
            self._kind, self._text = tag, ""
        elif tag in ("ul", "ol"):
            self._list.append(tag)
        elif tag in ("b", "strong"):
            self._text += "*"
        elif tag == "br":
            self._text += "\n"

    def handle_endtag(self, tag):
        if tag in ("b", "strong"):
            self._text += "*"
        elif tag in ("h2", "h3", "p"):
            self.parts.append(("h" if tag != "p" else "p", self._text.strip()))
            self._kind = None
        elif tag == "li":
            kind = self._list[-1] if self._list else "ul"
            self.parts.append((kind, self._text.strip()))
            self._kind = None
        elif tag in ("ul", "ol") and self._list:
            self._list.pop()

    def handle_data(self, data):
        if self._kind:
            self._text += data


def rich_text_to_fields(html: str) -> dict | None:
    """{"heading", "text"} for simple rich text; None when it needs the full editor."""
    reader = _Reader()
    reader.feed(html or "")
    reader.close()
    headings = [i for i, (kind, _) in enumerate(reader.parts) if kind == "h"]
    if not reader.tags <= SIMPLE_TAGS or headings not in ([], [0]):
        return None
    heading = reader.parts[0][1] if headings else ""
    lines: list[str] = []
    previous = None
    number = 0
    for kind, text in reader.parts[1 if headings else 0 :]:
        if kind != previous and lines:
            lines.append("")
        elif kind == "p" and lines:
            lines.append("")
        if kind == "ol":
            number = number + 1 if previous == "ol" else 1
            lines.append(f"{number}. {text}")
        elif kind == "ul":
            lines.append(f"- {text}")
        else:
            lines.append(text)
        previous = kind
    return {"heading": heading, "text": "\n".join(lines).strip()}


def _inline(text: str) -> str:
    return BOLD.sub(r"<b>\1</b>", escape(text.strip(), quote=False))


def fields_to_rich_text(*, heading: str, text: str) -> str:
    """The opposite of `rich_text_to_fields`: paragraphs, bullet points and numbered steps."""
    html = [f"<h2>{escape(heading.strip(), quote=False)}</h2>"] if heading.strip() else []
    open_list = None
    paragraph: list[str] = []

    def flush_paragraph():
        if paragraph:
            html.append("<p>" + "<br/>".join(_inline(line) for line in paragraph) + "</p>")
            paragraph.clear()

    def close_list():
        nonlocal open_list
        if open_list:
            html.append(f"</{open_list}>")
            open_list = None

    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        kind = "ul" if BULLET.match(line) else "ol" if NUMBERED.match(line) else None
        if not line:
            flush_paragraph()
            close_list()
        elif kind:
            flush_paragraph()
            if open_list != kind:
                close_list()
                html.append(f"<{kind}>")
                open_list = kind
            item = BULLET.sub("", line) if kind == "ul" else NUMBERED.sub("", line)
            html.append(f"<li>{_inline(item)}</li>")
        else:
            close_list()
            paragraph.append(line)
    flush_paragraph()
    close_list()
    return "".join(html)


# --- Every body block type, as fields ---------------------------------------------------------------

HEADING = TextField("heading", _("Heading"), max_length=120, required=False)
TEXT = TextField("text", _("The words"), multiline=True, max_length=4000)

BLOCK_FIELDS = {
    "talk_together": [
        TextField("question", _("Question to talk about"), max_length=240),
        TextField("guidance", _("How to run it"), multiline=True, max_length=600, required=False),
    ],
    "case_story": [
        TextField("title", _("Title"), max_length=120),
        TextField("story", _("Story"), multiline=True, max_length=2000),
        TextField("questions", _("Questions, one on each line"), multiline=True, required=False),
    ],
    "risk_plan_exercise": [
        TextField("title", _("Title"), max_length=120),
        TextField("instructions", _("Instructions"), multiline=True, max_length=800),
    ],
}

BLOCK_LABELS = {
    "rich_text": _("Text"),
    "talk_together": _("Talk together"),
    "case_story": _("Case story"),
    "risk_plan_exercise": _("Risk-plan exercise"),
    "image": _("Picture"),
    "video": _("Video"),
}


def section_for(block, number: int) -> Section:
    label = BLOCK_LABELS.get(block.block_type, block.block_type)
    section = Section(block=block, number=number, label=str(label))
    if block.block_type == "rich_text":
        initial = rich_text_to_fields(block.value.source if block.value else "")
        if initial is not None:
            section.fields = [HEADING, TEXT]
            section.initial = initial
            section.label = initial["heading"] or section.label
    elif block.block_type in BLOCK_FIELDS:
        section.fields = BLOCK_FIELDS[block.block_type]
        section.initial = {
            f.name: (
                "\n".join(block.value.get(f.name) or [])
                if f.name == "questions"
                else block.value.get(f.name) or ""
            )
            for f in section.fields
        }
        section.label = (
            f"{label}: {section.initial.get('title') or section.initial.get('question')}"
        )
    return section


def sections_of(page) -> list[Section]:
    return [section_for(block, number) for number, block in enumerate(page.body, start=1)]


def raw_value_from_fields(block, data: dict):
    """The block's new raw value from the section's fields (validated later by the block itself)."""
    if block.block_type == "rich_text":
        return fields_to_rich_text(heading=data.get("heading", ""), text=data.get("text", ""))
    raw = dict(block.block.get_prep_value(block.value))
    for text_field in BLOCK_FIELDS[block.block_type]:
        value = (data.get(text_field.name) or "").strip()
        if text_field.name == "questions":
            raw["questions"] = [
                {"type": "item", "value": line.strip()}
                for line in value.splitlines()
                if line.strip()
            ]
        else:
            raw[text_field.name] = value
    return raw
