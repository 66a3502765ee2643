"""Benchmark: the busy project's pages under gunicorn, measured with wrk against the app's cheapest page.

Generates the national-scale data of `national.py` into PostgreSQL (342 gemeenten; one busy project with 20
sessions, 100 findings and 500 actions), starts gunicorn on a free port, logs in as the busy project's
projectleider through the real login form (CSRF token included), finds the cheapest of a few light pages,
then runs wrk against every page with the same settings and compares each median latency with the cheapest
page's. The issue's goal: every listed page at most 2x the cheapest.

    createdb -h 127.0.0.1 -U postgres rfz_bench_pages
    .venv/bin/python bench/pages.py --database-url postgresql://postgres@127.0.0.1/rfz_bench_pages
    .venv/bin/python bench/pages.py --database-url ... --reuse-data   # keep the data of an earlier run
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from national import PASSWORD, generate, generate_busy_project  # noqa: E402

from rfz_project import create_app  # noqa: E402
from rfz_project.config import normalise_database_url  # noqa: E402
from rfz_project.extensions import db  # noqa: E402
from rfz_project.models import ChecklistAnswer, ChecklistStatus, Project, User  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PROJECTLEIDER = "projectleider.341@bench.nl"  # of the gemeente whose second project is the busy one
COORDINATOR = "coordinator@bench.nl"  # a VNG-coördinator: reads all 342 gemeenten, 684 projects
LIMIT = 2.0  # the goal: no listed page slower than twice the cheapest page
CANDIDATES = ("/toegankelijkheid", "/start", "/account")
PAGES = (
    ("projectpagina", "/projecten/{id}"),
    ("actielijst", "/projecten/{id}/acties"),
    ("implementatieplan", "/projecten/{id}/acties/implementatieplan"),
    ("resultatensessie", "/projecten/{id}/acties/resultatensessie"),
    ("sessies", "/projecten/{id}/sessies"),
    ("resultaten", "/projecten/{id}/resultaten"),
)
# The national picture, as the coördinator gets it (the goal holds for these too).
COORDINATOR_PAGES = (
    ("start (coördinator)", "/start"),
    ("portfolio", "/vng/portfolio"),
    ("portfolio gefilterd", "/vng/portfolio?status=achter&sort=voortgang&direction=desc&pagina=2"),
    ("portfolio csv", "/vng/portfolio.csv"),
    ("portfolio xlsx", "/vng/portfolio.xlsx"),
    ("mijlpalen", "/vng/mijlpalen"),
    ("checklist vergeleken", "/vng/checklist"),
)
_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


# --- the data --------------------------------------------------------------------------------------


def prepare_data(url: str, reuse: bool) -> int:
    """The busy project's id, after generating the national data (or finding it from an earlier run)."""
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url, "SESSION_COOKIE_SECURE": False})
    with app.app_context():
        present = reuse and sa.inspect(db.engine).has_table(User.__tablename__)
        if present and db.session.scalar(sa.select(User.id).where(User.email == PROJECTLEIDER)) is not None:
            print("using the data of an earlier run")
        else:
            started = time.perf_counter()
            db.drop_all()
            db.create_all()
            generate(app.extensions["routekaart"])
            project_id = db.session.scalar(sa.select(Project.id).order_by(Project.id.desc()).limit(1))
            generate_busy_project(project_id, app.extensions["routekaart"])
            print(f"data generated in {time.perf_counter() - started:.0f} s")
        ensure_coordinator()
        ensure_checklist_answers(app.extensions["routekaart"])
        # Statistics and the visibility map, as autovacuum keeps them in a database in use: without them the
        # planner takes every freshly filled table for a single row and joins before it sorts, and reads
        # table rows where an index alone would do.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text("VACUUM ANALYZE"))
        busy = db.session.scalar(sa.select(Project.id).order_by(Project.id.desc()).limit(1))
        db.engine.dispose()
    assert busy is not None
    return busy


def ensure_coordinator() -> None:
    """The coördinator of the national view; added to the data of an earlier run that has none."""
    if db.session.scalar(sa.select(User.id).where(User.email == COORDINATOR)) is None:
        user = User(email=COORDINATOR, name="Coördinator", is_coordinator=True)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()


def ensure_checklist_answers(routekaart) -> None:
    """Every gemeente answered the whole checklist in one of its projects (its first), so the checklist
    comparison names every gemeente at every item; added to the data of an earlier run that has none."""
    if db.session.scalar(sa.select(ChecklistAnswer.id).limit(1)) is not None:
        return
    statuses = list(ChecklistStatus)
    project_ids = db.session.scalars(
        sa.select(sa.func.min(Project.id)).group_by(Project.gemeente_id).order_by(sa.func.min(Project.id))
    ).all()
    db.session.execute(
        sa.insert(ChecklistAnswer),
        [
            {"project_id": pid, "item_key": item.key, "answer": statuses[(pid + i) % len(statuses)], "version": 1}
            for pid in project_ids
            for i, item in enumerate(routekaart.checklist)
        ],
    )
    db.session.commit()


# --- gunicorn --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(
    url: str, port: int, workers: int, worker_class: str, threads: int, app_dir: Path
) -> subprocess.Popen:
    env = dict(
        os.environ,
        DATABASE_URL=url,
        SECRET_KEY="bench-" + os.urandom(8).hex(),
        RFZ_SESSION_COOKIE_SECURE="0",  # plain HTTP on the loopback
    )
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        f"--workers={workers}",
        f"--worker-class={worker_class}",
        f"--threads={threads}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
        "wsgi:app",
    ]
    process = subprocess.Popen(command, cwd=app_dir, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start-up (exit {process.returncode})")
        try:
            if request(port, "GET", "/toegankelijkheid").status == 200:
                return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- logging in over HTTP --------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    body: str
    cookies: dict[str, str]
    location: str


def request(port: int, method: str, path: str, cookies: dict[str, str] | None = None, form: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie_header(cookies)} if cookies else {}
    body = urlencode(form) if form is not None else None
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        jar: SimpleCookie = SimpleCookie()
        for value in response.headers.get_all("Set-Cookie") or []:
            jar.load(value)
        return Reply(
            status=response.status,
            body=response.read().decode("utf-8", "replace"),
            cookies={name: morsel.value for name, morsel in jar.items()},
            location=response.headers.get("Location", ""),
        )
    finally:
        connection.close()


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def login(port: int, email: str) -> dict[str, str]:
    """The cookies of a real login: the form's CSRF token with its session, then the POST."""
    form_page = request(port, "GET", "/inloggen")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form_page.body)
    if token is None:
        raise SystemExit("no CSRF token on /inloggen")
    reply = request(
        port,
        "POST",
        "/inloggen",
        cookies=form_page.cookies,
        form={"csrf_token": token.group(1), "email": email, "password": PASSWORD, "next": ""},
    )
    if reply.status != 302 or "session" not in reply.cookies:
        raise SystemExit(f"login as {email} failed: HTTP {reply.status}")
    return {**form_page.cookies, **reply.cookies}


# --- wrk -------------------------------------------------------------------------------------------


def to_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)([a-z]+)", text).groups()  # type: ignore[union-attr]  # wrk's format
    return float(number) * _UNITS_MS[unit]


def parse_wrk(output: str) -> dict:
    """Median, p90 and p99 from wrk's --latency distribution, and requests per second."""
    percentiles = {f"p{p}": to_ms(v) for p, v in re.findall(r"^\s+(50|90|99)%\s+(\S+)\s*$", output, re.M)}
    if len(percentiles) != 3:
        raise SystemExit(f"no latency distribution in wrk's output:\n{output}")
    requests = re.search(r"(\d+) requests in", output)
    per_second = re.search(r"Requests/sec:\s+([\d.]+)", output)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)$", output, re.M)
    return {
        "median_ms": round(percentiles["p50"], 2),
        "p90_ms": round(percentiles["p90"], 2),
        "p99_ms": round(percentiles["p99"], 2),
        "requests": int(requests.group(1)) if requests else 0,
        "requests_per_s": float(per_second.group(1)) if per_second else 0.0,
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1).strip() if errors else "",
    }


def run_wrk(port: int, path: str, cookies: dict[str, str], args) -> dict:
    """Check the page answers 200 for this login first, so wrk never times a redirect to the login form."""
    check = request(port, "GET", path, cookies=cookies)
    if check.status != 200:
        raise SystemExit(f"{path}: HTTP {check.status} before the run (location {check.location!r})")
    command = [
        "wrk",
        f"-t{args.wrk_threads}",
        f"-c{args.connections}",
        f"-d{args.duration}",
        "--latency",
        "-H",
        f"Cookie: {cookie_header(cookies)}",
        f"http://127.0.0.1:{port}{path}",
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result = parse_wrk(output)
    if result["non_2xx"]:
        raise SystemExit(f"{path}: {result['non_2xx']} responses other than 2xx/3xx\n{output}")
    return {"path": path, "bytes": len(check.body.encode()), **result}


# --- the run ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="PostgreSQL, e.g. postgresql://postgres@127.0.0.1/db")
    parser.add_argument("--reuse-data", action="store_true", help="keep the data an earlier run generated")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--duration", default="10s", help="wrk -d per page")
    parser.add_argument("--connections", type=int, default=2, help="wrk -c")
    parser.add_argument("--wrk-threads", type=int, default=1, help="wrk -t")
    parser.add_argument(
        "--app-dir",
        type=Path,
        default=ROOT,
        help="run gunicorn on another checkout of the app against the same data, e.g. `git archive` of an earlier "
        "commit, to compare before and after a change",
    )
    parser.add_argument("--out", default=str(Path(__file__).parent / "out" / "pages.json"))
    args = parser.parse_args()
    url = normalise_database_url(args.database_url)
    if not url.startswith("postgresql"):
        raise SystemExit("this benchmark is about PostgreSQL: pass --database-url postgresql://...")
    project_id = prepare_data(url, args.reuse_data)
    port = free_port()
    gunicorn = start_gunicorn(url, port, args.workers, args.worker_class, args.threads, args.app_dir.resolve())
    try:
        cookies = login(port, PROJECTLEIDER)
        for path in CANDIDATES:  # a warm-up too: every worker has loaded templates and the routekaart after it
            run_wrk(port, path, cookies, argparse.Namespace(**{**vars(args), "duration": "2s"}))
        candidates = [run_wrk(port, path, cookies, args) for path in CANDIDATES]
        cheapest = min(candidates, key=lambda r: r["median_ms"])
        pages = [dict(run_wrk(port, path.format(id=project_id), cookies, args), page=name) for name, path in PAGES]
        national = login(port, COORDINATOR)
        for _name, path in COORDINATOR_PAGES:  # each worker derives the national figures once, as after a restart
            run_wrk(port, path, national, argparse.Namespace(**{**vars(args), "duration": "2s"}))
        pages += [dict(run_wrk(port, path, national, args), page=name) for name, path in COORDINATOR_PAGES]
    finally:
        stop(gunicorn)
    for row in candidates + pages:
        row["ratio"] = round(row["median_ms"] / cheapest["median_ms"], 2)
    report = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "app_dir": str(args.app_dir.resolve()),
        "gunicorn": {"workers": args.workers, "worker_class": args.worker_class, "threads": args.threads},
        "wrk": {"threads": args.wrk_threads, "connections": args.connections, "duration": args.duration},
        "project_id": project_id,
        "cheapest": cheapest["path"],
        "limit": LIMIT,
        "candidates": candidates,
        "pages": pages,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2))
    print_table(report)


def print_table(report: dict) -> None:
    print(
        f"gunicorn {report['gunicorn']}, wrk {report['wrk']}; cheapest page {report['cheapest']} "
        f"({min(r['median_ms'] for r in report['candidates'])} ms)"
    )
    print(f"{'page':<20} {'path':<42} {'median':>10} {'p99':>10} {'req/s':>7} {'ratio':>6}")
    for row in report["candidates"] + report["pages"]:
        verdict = "" if "page" not in row else ("  ok" if row["ratio"] <= report["limit"] else "  TOO SLOW")
        print(
            f"{row.get('page', '(kandidaat)'):<20} {row['path'][:42]:<42} {row['median_ms']:>7.2f} ms "
            f"{row['p99_ms']:>7.2f} ms {row['requests_per_s']:>7.1f} {row['ratio']:>5.2f}x{verdict}"
        )


if __name__ == "__main__":
    main()
