"""Benchmark: time to fill each toolkit document, and the zip of all, for a busy project.

The project has 20 sessions (with participants, findings, blueprint steps and agreements), 300 actions
in 8 themes, decisions and regular tasks. Times are in-process: context building and rendering.

    .venv/bin/python bench/documents.py [--runs 5] [--database-url postgresql://...]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time as clock
from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rfz_project import create_app  # noqa: E402
from rfz_project.accounts.services import load_user  # noqa: E402
from rfz_project.config import normalise_database_url  # noqa: E402
from rfz_project.documents import builder, catalog, services  # noqa: E402
from rfz_project.extensions import db  # noqa: E402
from rfz_project.models import (
    Action,
    ActionStatus,
    ActionTiming,
    Agreement,
    BlueprintColumn,
    Decision,  # noqa: E402
    Finding,
    Gemeente,
    Membership,
    MembershipRole,
    Participant,
    ParticipantGroup,
    Project,
    ProjectMijlpaal,
    RegularTask,
    Sessie,
    SessieMijlpaal,
    TeamMember,
    Theme,
    User,
)

SESSIONS, ACTIONS = 20, 300


def generate(routekaart) -> tuple[int, int]:
    mijlpalen = [m.key for m in routekaart.mijlpalen]
    gemeente = Gemeente(name="Benchstad")
    user = User(email="pl@bench.nl", name="Projectleider Bench", password_hash="x")
    db.session.add_all([gemeente, user])
    db.session.flush()
    db.session.add(Membership(user_id=user.id, gemeente_id=gemeente.id, role=MembershipRole.PROJECTLEIDER))
    project = Project(
        gemeente_id=gemeente.id,
        name="Alles in beeld",
        scope_type="hele_routekaart",
        spoor="inwoner",
        central_question="Hoe helpen we inwoners eerder en beter?",
        reasons=["ambitie"],
        reason_note="",
        start_date=date(2026, 1, 5),
        mijlpaal_rows=[ProjectMijlpaal(mijlpaal=k) for k in mijlpalen],
    )
    db.session.add(project)
    db.session.flush()
    themes = [Theme(project_id=project.id, name=f"Thema {t}") for t in range(8)]
    decision = Decision(
        project_id=project.id,
        step_key="voorbereiding.besluitvorming",
        title="Start",
        budget=Decimal("50000"),
        capacity_hours=600,
    )
    sessies = [
        Sessie(
            project_id=project.id,
            session_type="inwoners" if i % 2 else "professionals",
            option="a" if i % 3 else "b",
            on_date=date(2026, 2, 16) + timedelta(days=3 * i),
            start_time=time(13, 30),
            duration_minutes=120,
            location="Stadhuis",
            agenda="Agenda\nPunt 2",
            mijlpaal_rows=[SessieMijlpaal(mijlpaal=mijlpalen[i % 8])],
        )
        for i in range(SESSIONS)
    ]
    db.session.add_all(themes + sessies + [decision])
    db.session.flush()
    for i, sessie in enumerate(sessies):
        db.session.add_all(
            [
                Participant(sessie_id=sessie.id, group=ParticipantGroup.INWONER, headcount=5),
                Agreement(sessie_id=sessie.id, who="Tom", description="Uitwerken"),
            ]
            + [
                BlueprintColumn(
                    sessie_id=sessie.id,
                    position=p,
                    title=f"Stap {p}",
                    inwoner="Doet iets",
                    frontstage="Zichtbaar",
                    backstage="Achter",
                    support="Systeem",
                )
                for p in range(6)
            ]
            + [
                Finding(
                    project_id=project.id, sessie_id=sessie.id, text=f"Bevinding {i}-{f}", theme_id=themes[f % 8].id
                )
                for f in range(5)
            ]
        )
    for i in range(ACTIONS):
        db.session.add(
            Action(
                project_id=project.id,
                theme_id=themes[i % 8].id,
                title=f"Actie {i}",
                owner="Tom",
                deadline=date(2026, 4, 1) + timedelta(days=i),
                budget=Decimal(500 + i),
                status=list(ActionStatus)[i % 4],
                timing=list(ActionTiming)[i % 3],
                needs_decision=i % 7 == 0,
            )
        )
    db.session.add_all(
        [TeamMember(project_id=project.id, name=f"Lid {i}", discipline="beleid") for i in range(6)]
        + [
            RegularTask(project_id=project.id, title=f"Taak {i}", hours=Decimal(4), decision_id=decision.id)
            for i in range(5)
        ]
    )
    db.session.commit()
    return project.id, user.id


def timed(function, runs: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(runs):
        started = clock.perf_counter()
        result = function()
        times.append((clock.perf_counter() - started) * 1000)
        size = len(getattr(result, "content", b"")) if result is not None else 0
    return round(statistics.median(times), 1), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", default=str(Path(__file__).parent / "out" / "documents.json"))
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    url = normalise_database_url(args.database_url) if args.database_url else f"sqlite:///{tmp.name}/bench.sqlite"
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
    results = []
    with app.app_context():
        db.drop_all()
        db.create_all()
        project_id, user_id = generate(app.extensions["routekaart"])
        actor = load_user(f"{user_id}:0")  # the session id: the user and their session epoch
        results.append(("context opbouwen", *timed(lambda: builder.build_context(actor, project_id), args.runs)))
        context = builder.build_context(actor, project_id)
        seen = set()
        for file in catalog.files_for(context):
            if (file.document_key, file.template_key) in seen:
                continue  # one of each kind: per-session files cost the same
            seen.add((file.document_key, file.template_key))
            results.append(
                (file.label, *timed(lambda f=file: services.render_file(actor, project_id, f.ref), args.runs))
            )
        results.append(
            (
                f"alle documenten (zip, {len(catalog.files_for(context))} bestanden)",
                *timed(lambda: services.render_all(actor, project_id), max(1, args.runs // 2)),
            )
        )
        db.drop_all()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    rows = [dict(zip(("document", "median_ms", "bytes"), r, strict=True)) for r in results]
    Path(args.out).write_text(json.dumps(rows, indent=2))
    print(f"{SESSIONS} sessies, {ACTIONS} acties; mediaan over {args.runs} keer (inclusief context opbouwen)")
    for label, median, size in results:
        print(f"{label:<58} {median:>8} ms {size:>10} bytes")


if __name__ == "__main__":
    main()
