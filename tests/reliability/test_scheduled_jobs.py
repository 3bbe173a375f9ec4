"""Every scheduled job in deploy/systemd runs a command that exists, with a timer."""

import configparser
import shlex
from pathlib import Path

from django.core.management import get_commands

SYSTEMD = Path(__file__).resolve().parents[2] / "deploy" / "systemd"

# Commands that must run on a schedule in production (their docs say so).
SCHEDULED_COMMANDS = {
    "publish_scheduled",
    "requeue_stale_tasks",
    "clearsessions",
    "prune_db_task_results",
    "sync_oparl",
    "poll_payments",
    "notify_consultation_results",
    "pseudonymise_consultations",
    "roll_event_dates",
    "report_retention",
}


def read_unit(path):
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(path)
    return parser


def scheduled_services():
    for timer in sorted(SYSTEMD.glob("*.timer")):
        service = timer.with_suffix(".service")
        assert service.exists(), f"{timer.name} has no {service.name}"
        assert read_unit(timer)["Timer"]["OnCalendar"]
        yield service


def managed_commands(service):
    words = shlex.split(read_unit(service)["Service"]["ExecStart"])
    if words[0] == "/bin/sh":
        words = shlex.split(words[-1].replace("&&", " && "))
    return {
        words[index + 1] for index, word in enumerate(words[:-1]) if word == "manage.py"
    }


def test_every_timer_runs_existing_commands():
    available = get_commands()
    for service in scheduled_services():
        for command in managed_commands(service):
            assert command in available, (service.name, command)


def test_every_command_that_must_be_scheduled_has_a_timer():
    scheduled = set()
    for service in scheduled_services():
        scheduled |= managed_commands(service)
    assert scheduled >= SCHEDULED_COMMANDS, SCHEDULED_COMMANDS - scheduled
