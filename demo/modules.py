"""Starter content: one complete module, one shorter module awaiting review, two ideas and some
involvement records. Every word is fictional and was written for this demo.

Idempotent: each item is looked up by its slug or title first and left alone when it exists, so a
provider's own edits to the demo module survive a second `load_demo`.
"""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.rich_text import RichText

from modules.models import (
    ModuleCredit,
    ModuleIdea,
    ModuleIndexPage,
    ModuleInvolvement,
    ModuleMaterialPage,
    TrainingModulePage,
)
from modules.services import module_idea_create, module_involvement_record
from modules.services.suggestions import suggestion_new_activity
from website.models import HomePage

from .pictograms import PICTOGRAMS, render_png

MAIN_SLUG = "working-together-on-risk"
DRAFT_SLUG = "planning-time-off-the-ward-together"


def load(*, stdout) -> None:
    with transaction.atomic():
        index = _module_index()
        pictures = _pictures()
        users = {user.username: user for user in get_user_model().objects.all()}
        main = _main_module(index, pictures, users.get("lead"))
        _draft_module(index, pictures, users.get("cotrainer"))
        _resident_activities(main, users.get("resident-cotrainer"))
        _ideas(main)
        _involvement(main, users)
    stdout.write(
        "Training modules ready (1 published, 1 awaiting review, 2 ideas; Jordan has one activity "
        "to carry on writing and one waiting for the lead trainer)."
    )


def _module_index() -> ModuleIndexPage:
    """The data migration creates the index; this only repairs a database where it was removed."""
    index = ModuleIndexPage.objects.first()
    if index:
        return index
    home = HomePage.objects.first()
    index = ModuleIndexPage(title="Training modules", slug="modules")
    home.add_child(instance=index)
    return index


def _pictures() -> dict:
    Image = get_image_model()
    collection = Collection.get_first_root_node()
    pictures = {}
    for title in PICTOGRAMS:
        image = Image.objects.filter(title=title).first()
        if image is None:
            slug = title.split(": ")[1].replace(" ", "-")
            image = Image(title=title, collection=collection)
            image.file = ImageFile(BytesIO(render_png(title)), name=f"easy-read-{slug}.png")
            image.save()
        pictures[title.split(": ")[1]] = image
    return pictures


def _point(pictures, picture, text, alt=""):
    return ("easy_read_point", {"image": pictures[picture], "text": text, "alt_text": alt})


def _main_module(index, pictures, lead) -> TrainingModulePage:
    existing = TrainingModulePage.objects.filter(slug=MAIN_SLUG).first()
    if existing:
        return existing
    page = TrainingModulePage(
        title="Working together on risk",
        slug=MAIN_SLUG,
        summary=(
            "Why we talk about risk with the person and not only about them. Staff and residents "
            "practise writing a fair, honest risk plan side by side."
        ),
        audience="Staff and residents together",
        default_group_size=15,
        default_minutes=90,
        live=False,
        owner=lead,
        learning_outcomes=[
            ("outcome", "Say why a risk plan works better when the person helps to write it."),
            ("outcome", "Put the person's own view at the start of the plan, in their words."),
            (
                "outcome",
                "Name strengths, vulnerabilities and protective factors in plain language.",
            ),
            ("outcome", "Start an uncomfortable conversation kindly, and keep it going."),
        ],
        body=_main_body(pictures),
        agenda=[
            (
                "agenda_item",
                {"minutes": 5, "title": "Welcome and how we work today", "led_by": "both"},
            ),
            (
                "agenda_item",
                {"minutes": 10, "title": "Why we talk about risk together", "led_by": "lead"},
            ),
            (
                "agenda_item",
                {"minutes": 10, "title": "Talk together: what makes it fair?", "led_by": "co"},
            ),
            ("agenda_item", {"minutes": 10, "title": "The person's own view", "led_by": "co"}),
            (
                "agenda_item",
                {
                    "minutes": 10,
                    "title": "Strengths, vulnerabilities and what helps",
                    "led_by": "lead",
                },
            ),
            (
                "agenda_item",
                {"minutes": 10, "title": "Uncomfortable conversations", "led_by": "both"},
            ),
            (
                "agenda_item",
                {"minutes": 10, "title": "Case story: Rosa's Saturday", "led_by": "co"},
            ),
            (
                "agenda_item",
                {"minutes": 20, "title": "Risk-plan exercise in mixed pairs", "led_by": "group"},
            ),
            (
                "agenda_item",
                {"minutes": 5, "title": "Closing round and reflections", "led_by": "both"},
            ),
        ],
        easy_read=_main_easy_read(pictures),
        trainer_notes=(
            "<h2>Before the session</h2>"
            "<ul><li>Meet your co-trainer at least 20 minutes early and agree who says what.</li>"
            "<li>Print one worksheet for each pair, and have easy-read copies ready.</li>"
            "<li>Check the room: chairs in a circle, no table between staff and residents.</li></ul>"
            "<h2>During the session</h2>"
            "<p>Keep to first names for everyone. If someone starts to talk about their own plan in "
            "detail, thank them and offer a private chat afterwards: the group works with the "
            "fictional story, not with anyone's real history.</p>"
            "<p>In the exercise, make sure every pair has one staff member and one resident. If the "
            "numbers do not work, the co-trainer joins a pair.</p>"
            "<h2>If it gets hard</h2>"
            "<p>Anyone can step out at any time without explaining why. One trainer stays with the "
            "group; the other checks in with the person a few minutes later.</p>"
        ),
        reflection_questions=[
            (
                "rating",
                {
                    "question": "I felt listened to in this session.",
                    "easy_read_question": "People listened to me.",
                },
            ),
            (
                "rating",
                {
                    "question": "I understand what goes in my risk plan.",
                    "easy_read_question": "I know what is in my plan.",
                },
            ),
            (
                "single_choice",
                {
                    "question": "Which part of the session helped you most?",
                    "easy_read_question": "What helped you most?",
                    "choices": ["Talking together", "Rosa's story", "Writing the plan in pairs"],
                },
            ),
            (
                "free_text",
                {
                    "question": "What will you do differently the next time a risk plan is written?",
                    "easy_read_question": "What will you do next time?",
                },
            ),
            (
                "raise_concern",
                {
                    "question": "Is there something you want to raise with the team?",
                    "easy_read_question": "Is there something you want to tell us?",
                },
            ),
        ],
        anonymous_reflections=True,
    )
    page.credits = [
        ModuleCredit(name="Jordan", role=ModuleCredit.Role.LIVED_EXPERIENCE, named_publicly=True),
        ModuleCredit(name="Sam", role=ModuleCredit.Role.STAFF_CO_TRAINER, named_publicly=False),
        ModuleCredit(name="Morgan", role=ModuleCredit.Role.LEAD_TRAINER, named_publicly=True),
    ]
    index.add_child(instance=page)
    page.save_revision(user=lead, log_action=True).publish(user=lead)

    handout = ModuleMaterialPage(
        title="Handout: my risk plan in my words",
        slug="my-risk-plan-in-my-words",
        summary="A one-page sheet a person can fill in before their plan is reviewed.",
        live=False,
        owner=lead,
        body=[
            (
                "rich_text",
                RichText(
                    "<p>Bring this sheet to the meeting where your plan is reviewed. You can fill it in "
                    "on your own or with someone you trust.</p>"
                    "<ol><li>What is going well for me right now?</li>"
                    "<li>What do I want to be able to do in the next three months?</li>"
                    "<li>What worries me, or worries other people, about that?</li>"
                    "<li>Who and what helps me when things get hard?</li>"
                    "<li>What would I like the team to do differently?</li></ol>"
                ),
            )
        ],
        easy_read=[
            ("heading", "My plan in my words"),
            _point(pictures, "plan", "Bring this sheet to your plan meeting."),
            _point(pictures, "strengths", "Write what is going well."),
            _point(pictures, "what helps", "Write who helps you."),
        ],
    )
    page.add_child(instance=handout)
    handout.save_revision(user=lead, log_action=True).publish(user=lead)
    return page


def _main_body(pictures):
    return [
        (
            "rich_text",
            RichText(
                "<h2>Why we talk about risk with the person</h2>"
                "<p>A risk plan is about someone's life: where they go, who they see and what support "
                "they get. When the plan is written only about a person, it often misses what matters "
                "most to them, and it is harder for them to trust it.</p>"
                "<p>When the plan is written <b>with</b> the person, it is more accurate, more likely "
                "to be followed, and fairer. It also shows that the team sees the person as the expert "
                "on their own life.</p>"
            ),
        ),
        (
            "talk_together",
            {
                "question": "Think of a decision someone made about you without asking. How did it feel?",
                "guidance": (
                    "Talk in mixed pairs: one staff member and one resident. It can be any decision, "
                    "from any part of life. Then each pair shares one word with the group."
                ),
                "minutes": 10,
            },
        ),
        (
            "rich_text",
            RichText(
                "<h2>The person's own view</h2>"
                "<p>Every plan starts with the person's own view, written in their words. What do they "
                "want? What do they think could go wrong, and what do they think would help?</p>"
                "<p>If the team sees things differently, the plan says so openly, side by side with "
                "the person's view. Nobody's view is quietly left out.</p>"
            ),
        ),
        (
            "rich_text",
            RichText(
                "<h2>Strengths, vulnerabilities and protective factors</h2>"
                "<ul><li><b>Strengths</b> are what the person does well and what is going right: "
                "keeping to a routine, a good friendship, a skill.</li>"
                "<li><b>Vulnerabilities</b> are things that could make life harder or less safe, for "
                "the person or for others: a difficult date, a place, a kind of stress.</li>"
                "<li><b>Protective factors</b> are the people and things that help keep things safe: "
                "a phone call home, a walk, a trusted member of staff.</li></ul>"
                "<p>A fair plan has all three. A plan with only vulnerabilities tells half the "
                "story.</p>"
            ),
        ),
        (
            "image",
            {
                "image": pictures["together"],
                "alt_text": "Two people side by side, one in green and one in yellow.",
                "caption": "The plan is written side by side.",
            },
        ),
        (
            "rich_text",
            RichText(
                "<h2>How to have an uncomfortable conversation</h2>"
                "<p>Talking about risk can feel awkward for everyone. Some things help:</p>"
                "<ol><li>Say why you want to talk, and how long it will take.</li>"
                "<li>Ask before you tell. Start with: what do you think?</li>"
                "<li>Be honest about worries, and say where they come from.</li>"
                "<li>Pause. Silence gives people time to think.</li>"
                "<li>Agree what happens next, and check it has been understood.</li></ol>"
                "<p>It is fine to stop and come back to it another day.</p>"
            ),
        ),
        (
            "case_story",
            {
                "title": "Rosa's Saturday",
                "story": (
                    "Rosa has lived on the ward for eight months. Her brother Tom visits on Saturdays, "
                    "and Rosa would like to go with him to the café in town for an hour.\n\n"
                    "The last time they went out, Rosa came back upset and did not want to talk for "
                    "the rest of the day. Some of the team think the trip should wait. Rosa says the "
                    "café is the best part of her week, and that the upset was about a phone call, "
                    "not about the trip."
                ),
                "questions": [
                    "What does Rosa want, in her own words?",
                    "What is going well for Rosa?",
                    "What could make the trip harder, and what could help?",
                ],
            },
        ),
        (
            "risk_plan_exercise",
            {
                "title": "Rosa's trip to the café: a plan we write together",
                "instructions": (
                    "Work in a pair of one staff member and one resident. Use Rosa's story to fill in "
                    "each box. Write in plain words that Rosa could read. There are no wrong answers."
                ),
                "own_view_prompt": "What does Rosa say she wants, and why does it matter to her?",
                "strengths_prompt": "What is going well for Rosa? What is she good at?",
                "vulnerabilities_prompt": "What might make the trip harder for Rosa or for others?",
                "protective_factors_prompt": "Who and what could help the trip go well?",
                "next_steps_prompt": "What will Rosa, Tom and the team each do, and by when?",
                "minutes": 20,
            },
        ),
    ]


def _main_easy_read(pictures):
    return [
        ("heading", "Talking about risk together"),
        _point(pictures, "together", "Your plan is about your life. You help to write it."),
        _point(pictures, "talking", "We talk with you, not about you."),
        ("heading", "What you think"),
        _point(pictures, "talking", "Your plan starts with what you think. We use your words."),
        _point(pictures, "agree", "If we see it differently, we write both views."),
        ("heading", "Good things, worries and what helps"),
        _point(pictures, "strengths", "Good things: what you do well."),
        _point(pictures, "take care", "Worries: things that could make life harder."),
        _point(pictures, "what helps", "What helps: people and things that keep you safe."),
        ("heading", "Hard conversations"),
        _point(pictures, "feelings", "Talking about worries can feel hard. That is OK."),
        _point(pictures, "time", "We take our time. You can stop and come back later."),
        ("heading", "A story"),
        _point(
            pictures, "together", "Rosa wants to go to a café with her brother. We talk about it."
        ),
        ("heading", "Making a plan together"),
        _point(pictures, "plan", "We work in pairs. One staff member and one resident."),
        _point(pictures, "agree", "We write a plan for Rosa together."),
        ("heading", "The session"),
        _point(pictures, "time", "The session is 90 minutes. There is a break if you need one."),
    ]


def _draft_module(index, pictures, cotrainer) -> TrainingModulePage | None:
    """A shorter module a co-trainer wrote and submitted: it waits in "Co-trainer review"."""
    if TrainingModulePage.objects.filter(slug=DRAFT_SLUG).exists() or cotrainer is None:
        return None
    page = TrainingModulePage(
        title="Planning time off the ward together",
        slug=DRAFT_SLUG,
        summary=(
            "A shorter session on planning leave and trips out, so everyone knows the plan before "
            "the day."
        ),
        default_minutes=45,
        live=False,
        owner=cotrainer,
        learning_outcomes=[
            ("outcome", "Plan a trip out with the person, step by step."),
            ("outcome", "Agree what happens if plans change on the day."),
        ],
        body=[
            (
                "rich_text",
                RichText(
                    "<h2>Before the day</h2>"
                    "<p>A trip goes best when the plan was made together and written down: where, "
                    "when, with whom, and how to get in touch.</p>"
                ),
            ),
            (
                "talk_together",
                {
                    "question": "What helps a day out go well?",
                    "guidance": "Each pair writes three ideas on a card.",
                    "minutes": 10,
                },
            ),
        ],
        agenda=[
            ("agenda_item", {"minutes": 10, "title": "Welcome", "led_by": "both"}),
            ("agenda_item", {"minutes": 15, "title": "Before the day", "led_by": "co"}),
            ("agenda_item", {"minutes": 15, "title": "Talk together", "led_by": "group"}),
            ("agenda_item", {"minutes": 5, "title": "Closing round", "led_by": "both"}),
        ],
        easy_read=[
            ("heading", "Planning a trip out"),
            _point(pictures, "plan", "We plan your trip together. We write it down."),
            _point(pictures, "time", "We agree when you go and when you come back."),
        ],
        trainer_notes="<p>Bring a local bus timetable as an example of something to plan with.</p>",
    )
    page.credits = [
        ModuleCredit(name="Sam", role=ModuleCredit.Role.STAFF_CO_TRAINER, named_publicly=True),
    ]
    index.add_child(instance=page)
    page.save_revision(user=cotrainer, log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, cotrainer)
    return page


RESIDENT_ACTIVITIES = [
    # title, one-sentence summary, what happens, sent to the lead trainer?
    (
        "Good day cards",
        "Each person writes what makes a good day for them, and the group looks for what is shared.",
        "- Everyone gets three cards.\n- On each card, write one thing that makes a good day.\n"
        "- Put the cards on the table and find the ones that match.\n\n"
        "Talk about it: what can staff and residents do to make more good days?",
        False,
    ),
    (
        "Questions to ask before a trip out",
        "A short list of questions a resident can ask the team before a trip, in their own words.",
        "1. Where am I going, and with whom?\n2. When do I need to be back?\n"
        "3. Who do I call if something changes?\n4. What helps me if I feel worried?\n\n"
        "Practise asking them in pairs. Swap so everyone asks and everyone answers.",
        True,
    ),
]


def _resident_activities(main: TrainingModulePage, resident) -> None:
    """The resident co-trainer's own work, made the way the plain-words writing space makes it: one
    activity still a draft they can change, one sent and waiting for the lead trainer."""
    if resident is None:
        return
    existing = set(ModuleMaterialPage.objects.child_of(main).values_list("title", flat=True))
    for title, summary, text, send in RESIDENT_ACTIVITIES:
        if title not in existing:
            suggestion_new_activity(
                module=main, user=resident, title=title, summary=summary, text=text, send=send
            )


def _ideas(main: TrainingModulePage) -> None:
    ideas = [
        {
            "title": "Talking about risk after something difficult happened on the ward",
            "description": (
                "At the community meeting people said that after an incident nobody explains what "
                "changes and why. Could a module cover how we talk about it together afterwards?"
            ),
            "raised_by": "Cedar ward community meeting",
            "source": ModuleIdea.Source.WARD_MEETING,
        },
        {
            "title": "Using the easy-read plan at ward rounds",
            "description": (
                "Residents would like the easy-read version of their plan to be on the table at ward "
                "round, not only the full one."
            ),
            "raised_by": "Jordan, co-trainer",
            "source": ModuleIdea.Source.CO_TRAINER,
        },
    ]
    for data in ideas:
        if not ModuleIdea.objects.filter(title=data["title"]).exists():
            idea = module_idea_create(**data)
            if data["source"] == ModuleIdea.Source.CO_TRAINER:
                idea.status = ModuleIdea.Status.ACCEPTED
                idea.save(update_fields=["status", "updated_at"])


def _involvement(main: TrainingModulePage, users: dict) -> None:
    if ModuleInvolvement.objects.filter(module=main).exists():
        return
    today = timezone.localdate()
    rows = [
        ("Jordan", "resident-cotrainer", "writing", Decimal("3"), 21, "voucher"),
        ("Sam", "cotrainer", "writing", Decimal("2.5"), 20, "declined"),
        ("Jordan", "resident-cotrainer", "co_delivering", Decimal("1.5"), 7, "due"),
    ]
    for name, username, activity, hours, days_ago, payment in rows:
        module_involvement_record(
            person_name=name,
            user=users.get(username),
            module=main,
            activity=activity,
            hours=hours,
            on=today - timedelta(days=days_ago),
            payment_status=payment,
        )
