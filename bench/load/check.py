"""After the load test: every acknowledged submission in the database exactly once?

Usage (bench/load/run.sh runs it with the run's settings and database):

    python bench/load/check.py RESULTS [--out docs/reliability.md] [--command ...]

Submissions are consultation answers, comments and citizen reports (a report's
reference is the number its "sent" page names; it must be the stored report's).

Reads RESULTS/submissions.jsonl (every attempt before it is sent and with its
outcome, ``ack`` when the portal acknowledged it), RESULTS/status.json (status codes seen by locust), the locust CSVs and the
gunicorn access log; looks every token up in the database; prints a Markdown
report, writes it to RESULTS/report.md and, with ``--out``, between the
``loadtest:begin``/``loadtest:end`` markers of that file.

Exits 1 on any 5xx, on an acknowledged submission missing or stored more than once,
on a refused submission (4xx) that was stored anyway, and when a kind of
submission was never acknowledged (the mix did not run).
"""

import argparse
import collections
import csv
import datetime
import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

import django  # noqa: E402

django.setup()

from consultations.models import Channel, Response, Statement  # noqa: E402
from reports.models import Report  # noqa: E402

# the result section of --out: "<!-- loadtest:begin -->" … (--section loadtest)
BEGIN = "<!-- {section}:begin -->"
END = "<!-- {section}:end -->"
ACCESS_STATUS = re.compile(r'" (\d{3}) ')


def read_jsonl(path):
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line]


def outcomes(lines):
    """One entry per attempt: its outcome, or, for an attempt whose answer never
    came (the run ended, the connection broke), the line written before sending."""
    by_token = {}
    for line in lines:
        if line.get("sent"):
            by_token.setdefault(line["token"], {**line, "ack": False, "status": 0})
        else:
            by_token[line["token"]] = line
    return list(by_token.values())


def slug_of(path):
    return path.strip("/").rsplit("/", 1)[-1]


def tokens_in(value, pattern):
    if isinstance(value, str):
        return set(pattern.findall(value))
    if isinstance(value, list):
        return set().union(*(tokens_in(v, pattern) for v in value)) if value else set()
    if isinstance(value, dict):
        return tokens_in(list(value.values()), pattern)
    return set()


class Tally:
    def __init__(self, label):
        self.label = label
        self.attempted = self.acknowledged = self.stored = 0
        self.missing = self.duplicates = self.unacknowledged_stored = 0
        self.refused_stored = 0
        self.notes = []

    def row(self):
        return (
            f"| {self.label} | {self.attempted} | {self.acknowledged} | {self.stored} "
            f"| {self.missing} | {self.duplicates} | {self.unacknowledged_stored} "
            f"| {self.refused_stored} |"
        )

    @property
    def bad(self):
        return self.missing + self.duplicates + self.refused_stored


def check_submissions(attempts, run_id):
    pattern = re.compile(re.escape(run_id) + r"-(?:answer|comment)-\d+")
    by_token = {a["token"]: a for a in attempts}
    answer_slugs = {
        slug_of(a["consultation"]) for a in attempts if a["kind"] == "answer"
    }

    # every response of the consultations answered, by the tokens in its answers
    rows = collections.defaultdict(list)
    rows_of_user = collections.defaultdict(list)
    for response in Response.objects.filter(
        consultation__slug__in=answer_slugs
    ).select_related("user", "consultation"):
        found = tokens_in(response.answers, pattern)
        for token in found:
            rows[token].append(response)
        if response.user is not None:
            rows_of_user[(response.consultation.slug, response.user.username)].append(
                response
            )
    comments = collections.Counter()
    for statement in Statement.objects.filter(
        channel=Channel.COMMENT, text__contains=run_id
    ):
        for token in pattern.findall(statement.text):
            comments[token] += 1

    anonymous = Tally("anonymous answers")
    citizen = Tally("citizens' answers (new and changed)")
    comment = Tally("comments")

    for attempt in attempts:
        tally = (
            comment
            if attempt["kind"] == "comment"
            else citizen
            if attempt.get("user")
            else anonymous
        )
        tally.attempted += 1
        stored = comments[attempt["token"]] if tally is comment else None
        if tally is not comment:
            stored = len(rows[attempt["token"]])
        if not attempt.get("ack"):
            if stored:
                if 400 <= attempt.get("status", 0) < 500:
                    tally.refused_stored += 1
                    tally.notes.append(f"refused but stored: {attempt['token']}")
                else:
                    tally.unacknowledged_stored += 1
            continue
        tally.acknowledged += 1
        if tally is citizen:
            continue  # checked per account below
        if stored == 0:
            tally.missing += 1
            tally.notes.append(f"missing: {attempt['token']}")
        elif tally is anonymous and rows[attempt["token"]][0].receipt != attempt.get(
            "receipt"
        ):
            tally.missing += 1
            tally.notes.append(f"receipt differs: {attempt['token']}")
        else:
            tally.stored += 1
        if stored > 1:
            tally.duplicates += stored - 1
            tally.notes.append(f"{stored} times: {attempt['token']}")

    # citizens: one response per account; every acknowledgement names its receipt;
    # it holds the answers of the last acknowledged round (or of a later attempt)
    rounds = collections.defaultdict(list)
    for attempt in attempts:
        if attempt["kind"] == "answer" and attempt.get("user"):
            rounds[(slug_of(attempt["consultation"]), attempt["user"])].append(attempt)
    for key, user_attempts in sorted(rounds.items()):
        acked = [a for a in user_attempts if a.get("ack")]
        if not acked:
            continue
        stored_rows = rows_of_user.get(key, [])
        if len(stored_rows) != 1:
            citizen.missing += len(acked) if not stored_rows else 0
            citizen.duplicates += max(len(stored_rows) - 1, 0)
            citizen.notes.append(f"{key[1]}: {len(stored_rows)} responses")
            continue
        response = stored_rows[0]
        wrong_receipt = [a for a in acked if a.get("receipt") != response.receipt]
        last_round = max(a["round"] for a in acked)
        current = {a["token"] for a in user_attempts if a["round"] >= last_round}
        held = tokens_in(response.answers, pattern)
        lost = 0
        if wrong_receipt:
            citizen.notes.append(f"{key[1]}: acknowledged another receipt")
        elif not held & current:
            lost = 1
            citizen.notes.append(f"{key[1]}: the last acknowledged change is lost")
        citizen.missing += len(wrong_receipt) + lost
        citizen.stored += len(acked) - len(wrong_receipt) - lost
        for token in held:
            if token in by_token and len(rows[token]) > 1:
                citizen.duplicates += 1
    return [anonymous, citizen, comment]


def check_reports(attempts, run_id):
    """Every acknowledged report stored exactly once, under the number it was given;
    signed in: confirmed and the account's; with an e-mail address: waiting for the
    confirmation link."""
    pattern = re.compile(re.escape(run_id) + r"-report-\d+")
    stored = collections.defaultdict(list)
    for report in Report.objects.filter(description__contains=run_id).select_related(
        "reporter"
    ):
        for token in pattern.findall(report.description):
            stored[token].append(report)
    signed_in = Tally("reports, signed in")
    by_email = Tally("reports with an e-mail address (unconfirmed)")
    for attempt in attempts:
        tally = signed_in if attempt.get("user") else by_email
        tally.attempted += 1
        rows = stored[attempt["token"]]
        if not attempt.get("ack"):
            if rows:
                if 400 <= attempt.get("status", 0) < 500:
                    tally.refused_stored += 1
                    tally.notes.append(f"refused but stored: {attempt['token']}")
                else:
                    tally.unacknowledged_stored += 1
            continue
        tally.acknowledged += 1
        if not rows:
            tally.missing += 1
            tally.notes.append(f"missing: {attempt['token']}")
            continue
        if len(rows) > 1:
            tally.duplicates += len(rows) - 1
            tally.notes.append(f"{len(rows)} times: {attempt['token']}")
        report = rows[0]
        if attempt.get("user"):
            right_owner = (
                report.reporter is not None
                and report.reporter.username == attempt["user"]
                and report.confirmed_at is not None
            )
        else:
            right_owner = report.reporter_id is None and report.confirmed_at is None
        if attempt.get("number") not in (None, report.pk) or not right_owner:
            tally.missing += 1
            tally.notes.append(
                f"stored differently (number {attempt.get('number')}, "
                f"report {report.pk}): {attempt['token']}"
            )
        else:
            tally.stored += 1
    return [signed_in, by_email]


def read_stats(path):
    if not path.exists():
        return []
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def ms(value):
    try:
        return f"{float(value):,.0f}"
    except (TypeError, ValueError):
        return "–"


def access_statuses(path):
    statuses = collections.Counter()
    if path.exists():
        for line in path.read_text(errors="replace").splitlines():
            match = ACCESS_STATUS.search(line)
            if match:
                statuses[int(match.group(1))] += 1
    return statuses


def report(args):
    results = Path(args.results)
    status = json.loads((results / "status.json").read_text())
    attempts = outcomes(read_jsonl(results / "submissions.jsonl"))
    tallies = check_submissions(
        [a for a in attempts if a["kind"] != "report"], status["run_id"]
    ) + check_reports([a for a in attempts if a["kind"] == "report"], status["run_id"])
    stats = read_stats(results / "locust_stats.csv")
    failures = read_stats(results / "locust_failures.csv")
    codes = {int(code): n for code, n in status["status"].items()}
    server_errors = sum(n for code, n in codes.items() if code >= 500)
    access = access_statuses(results / "access.log")
    access_5xx = sum(n for code, n in access.items() if code >= 500)
    total = next((row for row in stats if row["Name"] == "Aggregated"), None)

    problems = []
    if server_errors or access_5xx:
        problems.append(f"{max(server_errors, access_5xx)} responses with status 5xx")
    for tally in tallies:
        if tally.bad:
            problems.append(
                f"{tally.label}: {tally.missing} missing, {tally.duplicates} "
                f"duplicates, {tally.refused_stored} refused but stored"
            )
        if not tally.acknowledged:
            problems.append(f"{tally.label}: none acknowledged")

    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        BEGIN.format(section=args.section),
        f"Last run: {now}, `{args.command}`: {args.users} users ({args.citizens} "
        f"citizens, {args.logins} of them log in during the run), "
        f"{args.spawn_rate} new users/s, {args.duration} s; "
        f"{args.server}; on loopback. Machine: {args.machine}. "
        f"Locust ran {args.locust_seconds} s, the whole run with setup and check "
        f"{args.elapsed} s.",
        "",
        f"**Result: {'passed' if not problems else 'FAILED'}**"
        + (": " + "; ".join(problems) if problems else "")
        + ".",
        "",
        "| requests | per second | locust failures | 5xx (locust / access log) "
        "| p50 ms | p95 ms | p99 ms | max ms |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    if total:
        lines.append(
            f"| {int(total['Request Count']):,} | {float(total['Requests/s']):.1f} "
            f"| {int(total['Failure Count']):,} | {server_errors} / {access_5xx} "
            f"| {ms(total['50%'])} | {ms(total['95%'])} | {ms(total['99%'])} "
            f"| {ms(total['Max Response Time'])} |"
        )
    lines += [
        "",
        "Status codes (locust): "
        + ", ".join(
            f"{'no answer' if code == 0 else code}: {n:,}"
            for code, n in sorted(codes.items())
        )
        + ". 302 are the acknowledged submissions and logins; 409 the refused half "
        "of a double submit. A report is acknowledged by the redirect to its "
        '"sent" page, which names its number. Page cache (X-Portal-Cache): '
        + ", ".join(
            f"{k}: {n:,}" for k, n in sorted(status.get("page_cache", {}).items())
        )
        + ".",
        "",
        "| request | count | failures | p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in sorted(stats, key=lambda r: -int(r["Request Count"])):
        if row["Name"] == "Aggregated":
            continue
        lines.append(
            f"| {row['Type']} {row['Name']} | {int(row['Request Count']):,} "
            f"| {int(row['Failure Count']):,} | {ms(row['50%'])} | {ms(row['95%'])} "
            f"| {ms(row['Max Response Time'])} |"
        )
    if failures:
        lines += ["", "Failures:", ""]
        for row in failures:
            lines.append(
                f"- {row['Method']} {row['Name']}: {row['Error']} "
                f"({row['Occurrences']}×)"
            )
    lines += [
        "",
        "| submissions | attempted | acknowledged | stored once | missing "
        "| duplicates | stored, not acknowledged | refused, stored |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        *(tally.row() for tally in tallies),
    ]
    notes = [note for tally in tallies for note in tally.notes]
    if notes:
        lines += ["", "Details: " + "; ".join(notes[:20])]
    if status.get("server_errors"):
        shown = ", ".join(
            f"{name} {code}" for name, code, _url in status["server_errors"][:10]
        )
        lines += ["", f"5xx: {shown}"]
    lines.append(END.format(section=args.section))
    return "\n".join(lines) + "\n", problems


def write_section(path, text, section):
    path = Path(path)
    content = path.read_text()
    begin, end = BEGIN.format(section=section), END.format(section=section)
    if begin in content and end in content:
        head, rest = content.split(begin, 1)
        _old, tail = rest.split(end, 1)
        content = head + text.rstrip("\n") + tail
    else:
        content = content.rstrip("\n") + "\n\n" + text
    path.write_text(content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results")
    parser.add_argument("--out", default="")
    parser.add_argument("--command", default="make loadtest")
    parser.add_argument("--section", default="loadtest")
    parser.add_argument("--users", default="?")
    parser.add_argument("--duration", default="?")
    parser.add_argument("--spawn-rate", default="?")
    parser.add_argument("--citizens", default="?")
    parser.add_argument("--logins", default="?")
    parser.add_argument("--server", default="gunicorn")
    parser.add_argument("--machine", default="?")
    parser.add_argument("--locust-seconds", default="?")
    parser.add_argument("--elapsed", default="?")
    args = parser.parse_args()
    text, problems = report(args)
    (Path(args.results) / "report.md").write_text(text)
    print(text)
    if args.out:
        write_section(args.out, text, args.section)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
