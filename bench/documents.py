"""Benchmark: time to fill each toolkit document, and the zip of all, for a busy project.

The project has 20 sessions (with participants, findings, blueprint steps and agreements), 300 actions
in 8 themes, decisions and regular tasks. Times are in-process: the context build on its own; per kind of
document the render alone (from a context built once, as the zip renders) and the download end to end
(context, house styles, render); and the zip of all files end to end, in the request's own process and with
the render processes of RFZ_DOCUMENT_PROCESSES. The figures are also written as JSON (--out).

    .venv/bin/python bench/documents.py [--runs 5] [--processes 2] [--out FILE] [--database-url postgresql://...]
"""

from __future__ import annotations

import argparse
import json
import os
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


def timed(function, runs: int) -> dict:
    """Median, fastest and slowest of `runs` calls in ms (the machine may be shared: the range says how
    much), the median CPU time of this process (what the call costs whatever else runs; for a zip made in
    render processes it leaves their work out), and the size of what the last call made."""
    times, cpu, size = [], [], 0
    for _ in range(runs):
        started, started_cpu = clock.perf_counter(), clock.process_time()
        result = function()
        times.append((clock.perf_counter() - started) * 1000)
        cpu.append((clock.process_time() - started_cpu) * 1000)
        size = len(getattr(result, "content", b"")) if result is not None else 0
    return {
        "median_ms": round(statistics.median(times), 1),
        "min_ms": round(min(times), 1),
        "max_ms": round(max(times), 1),
        "cpu_ms": round(statistics.median(cpu), 1),
        "bytes": size,
    }


def one_of_each(context) -> list:
    """One file of each kind: per-sessie and per-task files cost the same as their first."""
    seen, files = set(), []
    for file in catalog.files_for(context):
        if (file.document_key, file.template_key) not in seen:
            seen.add((file.document_key, file.template_key))
            files.append(file)
    return files


def measure(app, actor, project_id: int, runs: int) -> dict:
    context = builder.build_context(actor, project_id)
    all_files = catalog.files_for(context)
    documents = [
        {
            "document": file.label,
            # the render alone, from the context built once (as the zip makes each file)
            "render": timed(lambda f=file: services.rendered(context, f, {}), runs),
            # the download end to end: context, house styles, render
            "download": timed(lambda f=file: services.render_file(actor, project_id, f.ref), runs),
        }
        for file in one_of_each(context)
    ]
    zips = {}
    for processes in sorted({0, app.config["RFZ_DOCUMENT_PROCESSES"]}):
        app.config["RFZ_DOCUMENT_PROCESSES"] = processes
        services.render_all(actor, project_id)  # the first starts the render processes: not counted
        zips[processes] = timed(lambda: services.render_all(actor, project_id), runs)
    return {
        "sessies": SESSIONS,
        "acties": ACTIONS,
        "runs": runs,
        "files_in_zip": len(all_files),
        "context": timed(lambda: builder.build_context(actor, project_id), runs),
        "documents": documents,
        "zip": {f"{p} processen" if p > 1 else "in het eigen proces": z for p, z in zips.items()},
    }


def report(results: dict) -> None:
    def figures(t: dict) -> str:
        return f"{t['median_ms']:>7} ms ({t['min_ms']}-{t['max_ms']}; cpu {t['cpu_ms']})"

    sessies, acties, runs = results["sessies"], results["acties"], results["runs"]
    print(f"{sessies} sessies, {acties} acties; mediaan (snelste-traagste; cpu-tijd van dit proces) over {runs} keer")
    print(f"{'context opbouwen':<44} {figures(results['context'])}")
    print(f"{'document':<44} {'alleen invullen':>34}   {'download (met context)':>34}   bytes")
    for row in results["documents"]:
        render, download = figures(row["render"]), figures(row["download"])
        print(f"{row['document']:<44} {render:>34}   {download:>34}   {row['render']['bytes']}")
    load = results["load_average"]
    print(
        f"belasting van de machine (load average, 1 min): {load['before'][0]:.1f} vooraf, "
        f"{load['after'][0]:.1f} achteraf, op {load['cores']} kernen"
    )
    for how, t in results["zip"].items():
        print(f"{'zip, ' + str(results['files_in_zip']) + ' bestanden, ' + how:<44} {figures(t)}   {t['bytes']} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--processes", type=int, help="render processes for the zip (default: the app's setting)")
    parser.add_argument("--out", default=str(Path(__file__).parent / "out" / "documents.json"))
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    url = normalise_database_url(args.database_url) if args.database_url else f"sqlite:///{tmp.name}/bench.sqlite"
    config = {"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url}
    if args.processes is not None:
        config["RFZ_DOCUMENT_PROCESSES"] = args.processes
    app = create_app(config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        project_id, user_id = generate(app.extensions["routekaart"])
        actor = load_user(f"{user_id}:0")  # the session id: the user and their session epoch
        load_before = os.getloadavg()
        results = measure(app, actor, project_id, args.runs)
        # how busy the machine was: on a shared one the figures move with it
        results["load_average"] = {"before": load_before, "after": os.getloadavg(), "cores": os.cpu_count()}
        db.drop_all()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    report(results)


if __name__ == "__main__":
    main()
