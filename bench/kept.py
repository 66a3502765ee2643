"""Warm against cold: each busy page while what it keeps holds, after a change, and after a restart.

In-process (Flask's test client) on the data `pages.py` generated, per page the median of requests:
- "warm": while its kept results and parts hold (what `pages.py` measures);
- "na wijziging": with the kept results and parts forgotten (kept.py, rendered.py), as the first request after
  any change to the data pays; each project's derived figures (summaries.py) stay, as they are checked against
  the project's own fingerprint and only a changed project is derived again;
- "na herstart": with every project's figures forgotten too, as after a restart of the process.
Run `pages.py` once first.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from national import PASSWORD  # noqa: E402

from rfz_project import create_app, kept, rendered  # noqa: E402
from rfz_project.config import normalise_database_url  # noqa: E402
from rfz_project.projects import summaries  # noqa: E402

BUSY_PROJECT = 684
PROJECT_PAGES = ("", "/acties", "/acties/implementatieplan", "/acties/resultatensessie", "/sessies", "/resultaten")
VNG_PAGES = (
    "/start",
    "/vng/portfolio",
    "/vng/portfolio?status=achter&sort=voortgang",
    "/vng/mijlpalen",
    "/vng/checklist",
)


def _after_a_change(app) -> None:
    kept.forget_all(app)
    rendered.forget_all(app)


def _after_a_restart(app) -> None:
    summaries.forget_all(app)  # kept.py's results with it
    rendered.forget_all(app)


def _timed(client, path: str) -> float:
    started = time.perf_counter()
    client.get(path)
    return time.perf_counter() - started


def _measure(app, email: str, paths: list[str], runs: int) -> None:
    client = app.test_client()
    client.post("/inloggen", data={"email": email, "password": PASSWORD, "next": ""})
    for path in paths:
        for _ in range(5):
            client.get(path)
        warm, changed, restarted = [], [], []
        for _ in range(runs):
            warm.append(_timed(client, path))
            _after_a_change(app)
            changed.append(_timed(client, path))
            _after_a_restart(app)
            restarted.append(_timed(client, path))
        ms = [statistics.median(times) * 1000 for times in (warm, changed, restarted)]
        print(f"{path:46} warm {ms[0]:6.1f} ms   na wijziging {ms[1]:6.1f} ms   na herstart {ms[2]:6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="the database pages.py generated")
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": normalise_database_url(args.database_url),
            "SESSION_COOKIE_SECURE": False,
            "WTF_CSRF_ENABLED": False,
        }
    )
    project_pages = [f"/projecten/{BUSY_PROJECT}{page}" for page in PROJECT_PAGES]
    _measure(app, "projectleider.341@bench.nl", ["/toegankelijkheid", *project_pages], args.runs)
    _measure(app, "coordinator@bench.nl", list(VNG_PAGES), args.runs)


if __name__ == "__main__":
    main()
