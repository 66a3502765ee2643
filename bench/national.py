"""Benchmark: the main pages on national-scale data (all 342 gemeenten).

Generates 342 gemeenten, each with a projectleider, a teamlid, a lezer and two projects with steps in
various states, a team and a decision; one VNG procesbegeleider assigned to every gemeente (the worst case
for the start page). Then times each page in-process (Flask test client: application and database time,
no network) and counts its SQL statements.

    .venv/bin/python bench/national.py                         # SQLite in a temporary file
    .venv/bin/python bench/national.py --database-url postgresql://postgres@127.0.0.1/rfz_bench
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rfz_project import create_app  # noqa: E402
from rfz_project.config import normalise_database_url  # noqa: E402
from rfz_project.extensions import db  # noqa: E402
from rfz_project.models import (
    Action,
    ActionStatus,
    ActionTiming,
    Decision,
    Finding,
    Gemeente,  # noqa: E402
    Membership,
    MembershipRole,
    ProcesbegeleiderAssignment,
    Project,
    ProjectMijlpaal,
    Sessie,
    SessieMijlpaal,
    StepState,
    StepStatus,
    TeamMember,
    TeamRole,
    Theme,
    User,
)

GEMEENTEN = 342
BUSY_ACTIONS = 500  # the issue asks for the action list of a project with 500 actions
BUSY_SESSIONS = 20
PROJECTS_PER_GEMEENTE = 2
PASSWORD = "bench-wachtwoord"


def generate(routekaart) -> None:
    probe = User(email="x", name="x")
    probe.set_password(PASSWORD)
    password_hash = probe.password_hash
    steps = [s.full_key for s in routekaart.steps]
    mijlpalen = [m.key for m in routekaart.mijlpalen]
    statuses = [StepStatus.AFGEROND, StepStatus.BEZIG, StepStatus.TE_DOEN, StepStatus.NIET_VAN_TOEPASSING]
    begeleider = User(
        email="pb@bench.nl", name="Procesbegeleider", password_hash=password_hash, is_procesbegeleider=True
    )
    beheerder = User(email="beheer@bench.nl", name="Beheerder", password_hash=password_hash, is_beheerder=True)
    db.session.add_all([begeleider, beheerder])
    for g in range(GEMEENTEN):
        gemeente = Gemeente(name=f"Gemeente {g:03d}")
        db.session.add(gemeente)
        db.session.flush()
        users = {}
        for role in MembershipRole:
            user = User(email=f"{role.value}.{g}@bench.nl", name=f"{role.label} {g}", password_hash=password_hash)
            db.session.add(user)
            db.session.flush()
            db.session.add(Membership(user_id=user.id, gemeente_id=gemeente.id, role=role))
            users[role] = user
        db.session.add(ProcesbegeleiderAssignment(user_id=begeleider.id, gemeente_id=gemeente.id))
        for p in range(PROJECTS_PER_GEMEENTE):
            chosen = mijlpalen if p == 0 else mijlpalen[g % 7 : g % 7 + 2]
            project = Project(
                gemeente_id=gemeente.id,
                name=f"Project {g}-{p}",
                scope_type="hele_routekaart" if p == 0 else "combinatie",
                spoor="inwoner",
                central_question="Wat willen we verbeteren, en waarom?",
                reasons=["ambitie"],
                reason_note="",
                start_date=date(2026, 1, 5) + timedelta(days=g % 60),
                mijlpaal_rows=[ProjectMijlpaal(mijlpaal=k) for k in chosen],
            )
            db.session.add(project)
            db.session.flush()
            done = (g + p) % len(steps)
            db.session.add_all(
                [
                    StepState(
                        project_id=project.id,
                        step_key=key,
                        status=statuses[(i + g) % 4] if i >= done else StepStatus.AFGEROND,
                        owner_id=users[MembershipRole.TEAMLID].id,
                        due_date=date(2026, 2, 1),
                        notes="Notitie",
                    )
                    for i, key in enumerate(steps[: done + 1])
                ]
            )
            db.session.add_all(
                [
                    TeamMember(
                        project_id=project.id,
                        user_id=users[r].id,
                        name=users[r].name,
                        discipline="beleid",
                        team_role=TeamRole.LID,
                    )
                    for r in MembershipRole
                ]
            )
            db.session.add(
                Decision(
                    project_id=project.id,
                    step_key="voorbereiding.besluitvorming",
                    title="Startbesluit",
                    budget=25000,
                    capacity_hours=300,
                )
            )
    db.session.commit()


def generate_busy_project(project_id: int, routekaart) -> None:
    """One project deep in the Uitvoering: 20 sessions, 100 findings, 8 themes, 500 actions."""
    from datetime import time

    mijlpalen = [m.key for m in routekaart.mijlpalen]
    themes = [Theme(project_id=project_id, name=f"Thema {t}") for t in range(8)]
    sessies = [
        Sessie(
            project_id=project_id,
            session_type="inwoners",
            option="a",
            on_date=date(2026, 3, 2) + timedelta(days=7 * i),
            start_time=time(13, 30),
            duration_minutes=120,
            location="Stadhuis",
            mijlpaal_rows=[SessieMijlpaal(mijlpaal=mijlpalen[i % 8])],
        )
        for i in range(BUSY_SESSIONS)
    ]
    db.session.add_all(themes + sessies)
    db.session.flush()
    for i in range(BUSY_ACTIONS):
        db.session.add(
            Action(
                project_id=project_id,
                theme_id=themes[i % 8].id,
                title=f"Actie {i}",
                description="Omschrijving",
                mijlpaal=mijlpalen[i % 8],
                owner=f"Eigenaar {i % 13}",
                deadline=date(2026, 1, 1) + timedelta(days=i),
                budget=1000 + i,
                status=list(ActionStatus)[i % 4],
                timing=list(ActionTiming)[i % 3],
                needs_decision=i % 5 == 0,
            )
        )
    for i in range(100):
        db.session.add(
            Finding(
                project_id=project_id,
                sessie_id=sessies[i % BUSY_SESSIONS].id,
                text=f"Bevinding {i}",
                mijlpaal=mijlpalen[i % 8],
                theme_id=themes[i % 8].id,
            )
        )
    db.session.commit()


def measure(client, engine, url: str, runs: int) -> dict:
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    timings = []
    for _ in range(runs):
        statements.clear()
        sa.event.listen(engine, "before_cursor_execute", record)
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        sa.event.remove(engine, "before_cursor_execute", record)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    return {
        "url": url,
        "runs": runs,
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(0.95 * (runs - 1))], 1),
        "queries": len(statements),
        "bytes": len(response.data),
    }


def login(app, email):
    client = app.test_client()
    response = client.post("/inloggen", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, email
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--out", default=str(Path(__file__).parent / "out" / "national.json"))
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    url = normalise_database_url(args.database_url) if args.database_url else f"sqlite:///{tmp.name}/bench.sqlite"
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        generate(app.extensions["routekaart"])
        project_id = db.session.scalar(sa.select(Project.id).order_by(Project.id.desc()).limit(1))
        generate_busy_project(project_id, app.extensions["routekaart"])
        generated_s = time.perf_counter() - started
        counts = {
            t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in db.metadata.sorted_tables
        }
        engine = db.engine
    results = []
    for email, path in [
        ("pb@bench.nl", "/start"),
        ("projectleider.341@bench.nl", "/start"),
        ("projectleider.341@bench.nl", f"/projecten/{project_id}"),
        ("projectleider.341@bench.nl", f"/projecten/{project_id}/stappen/voorbereiding.besluitvorming"),
        ("projectleider.341@bench.nl", f"/projecten/{project_id}/team"),
        ("projectleider.341@bench.nl", f"/projecten/{project_id}/acties"),
        ("projectleider.341@bench.nl", f"/projecten/{project_id}/acties/implementatieplan"),
        ("projectleider.341@bench.nl", f"/projecten/{project_id}/acties/resultatensessie"),
        ("projectleider.341@bench.nl", f"/projecten/{project_id}/acties/export.xlsx"),
        ("projectleider.341@bench.nl", f"/projecten/{project_id}/sessies"),
        ("projectleider.341@bench.nl", f"/projecten/{project_id}/resultaten"),
        ("projectleider.341@bench.nl", f"/projecten/{project_id}/archief.zip"),
        ("beheer@bench.nl", "/beheer/"),
    ]:
        client = login(app, email)
        results.append(dict(measure(client, engine, path, args.runs), user=email))
    with app.app_context():
        db.drop_all()
    report = {
        "database": sa.engine.make_url(url).get_backend_name(),
        "generated_in_s": round(generated_s, 1),
        "rows": counts,
        "pages": results,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2))
    print(f"database: {report['database']}; data generated in {report['generated_in_s']} s; rows: {counts}")
    print(f"{'page':<58} {'user':<28} {'median':>8} {'p95':>8} {'queries':>8}")
    for r in results:
        print(f"{r['url']:<58} {r['user']:<28} {r['median_ms']:>6} ms {r['p95_ms']:>6} ms {r['queries']:>8}")


if __name__ == "__main__":
    main()
