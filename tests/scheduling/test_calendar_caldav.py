"""CalDAV publishing against a real Radicale server started on 127.0.0.1 for this test."""

import socket
import subprocess
import sys
import time

import caldav
import icalendar
import pytest

from scheduling.services.caldav_publish import caldav_publish_unit
from tests.scheduling import calendar_support as support

pytestmark = pytest.mark.django_db
world = support.world  # the shared fixture


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def radicale(tmp_path, request):
    """A throw-away Radicale (auth none, files in tmp_path); stopped by a finalizer."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--config",
            "",  # ignore any system-wide configuration
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--storage-filesystem-folder",
            str(tmp_path / "collections"),
            "--auth-type",
            "none",
            "--rights-type",
            "owner_only",
            "--logging-level",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )

    def stop():
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    request.addfinalizer(stop)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Radicale stopped: {process.stderr.read().decode()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.1)
    else:
        pytest.fail("Radicale did not start within 20 seconds.")
    return f"http://127.0.0.1:{port}"


def test_publish_read_back_and_cancel_on_radicale(
    world, radicale, settings, django_capture_on_commit_callbacks
):
    settings.ALONGSIDE_CALDAV_USERNAME = "birch-office"
    settings.ALONGSIDE_CALDAV_PASSWORD = "any"  # auth none: any password is accepted
    settings.ALONGSIDE_CALDAV_AUTH_TYPE = "basic"
    client = caldav.DAVClient(
        url=f"{radicale}/birch-office/", username="birch-office", password="any", auth_type="basic"
    )
    calendar = client.principal().make_calendar(name="Birch training", cal_id="birch-training")
    world.unit.caldav_url = str(calendar.url)
    world.unit.save()

    written = caldav_publish_unit(unit=world.unit)
    assert written == 4  # four published sessions; the draft is not written

    def stored():
        result = {}
        for obj in calendar.events():
            vevent = icalendar.Calendar.from_ical(obj.data).walk("VEVENT")[0]
            result[str(vevent["UID"])] = vevent
        return result

    before = stored()
    sessions = [world.before_spring, world.after_spring, world.before_autumn, world.after_autumn]
    assert set(before) == {f"{s.uid}@alongside" for s in sessions}
    assert all(str(v["STATUS"]) == "CONFIRMED" for v in before.values())
    assert all(b"ATTENDEE" not in v.to_ical() for v in before.values())

    # Publishing again overwrites rather than duplicates.
    caldav_publish_unit(unit=world.unit)
    assert len(stored()) == 4

    # Cancel through planning: the signal queues the CalDAV task, which updates the stored event.
    from scheduling.services.plan_edit import session_cancel

    target = world.after_spring
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=target)
    after = stored()
    assert len(after) == 4
    cancelled = after[f"{target.uid}@alongside"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) == 2
    assert cancelled.decoded("DTSTART") == target.start
