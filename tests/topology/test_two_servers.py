"""The app grows by adding servers: nginx in front of two gunicorn app servers on one PostgreSQL, with two
mail workers, all on loopback, under a mixed load for RFZ_TOPOLOGY_SECONDS (default 60) while one app server
is killed halfway.

It proves what ARCHITECTURE.md claims: sessions, the login throttle and the outbox live in the database, so
any server can answer any request; nothing acknowledged is lost or saved twice when a server dies; every
mail goes out exactly once although two workers poll the same outbox; and the security log holds the
clients' addresses (127.0.0.x, one per client), which only ProxyFix behind RFZ_TRUSTED_PROXIES=1 can know,
never nginx's own 127.0.0.1.

PostgreSQL only (RFZ_TEST_DATABASE_URL; the test makes and drops a database of its own) and Debian's nginx.
Without them the test is skipped, unless RFZ_REQUIRE_TOPOLOGY=1 (.ci/run sets it) makes that a failure.
"""

from __future__ import annotations

import itertools
import os
import queue
import re
import secrets
import shutil
import subprocess
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import Message

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool
from werkzeug.security import generate_password_hash

from rfz_project import create_app
from rfz_project.config import normalise_database_url
from rfz_project.extensions import db
from rfz_project.models import Action, Membership, MembershipRole, OutboxMail, SecurityEvent, User
from tests import factories
from tests.mail.conftest import free_port, smtp_server

from . import cluster
from .cluster import Answer, Client

REQUIRED = os.environ.get("RFZ_REQUIRE_TOPOLOGY", "").strip().lower() in {"1", "true", "yes", "ja", "on"}
SECONDS = float(os.environ.get("RFZ_TOPOLOGY_SECONDS", "60"))
MAX_FAILURES = 5  # RFZ_LOGIN_MAX_FAILURES of the app servers
PASSWORD = factories.PASSWORD
SURVIVOR_PASSWORD = "Topologie-overleeft-het-uitvallen"
RESET_ACCOUNTS = 500
RESETS_PER_ADDRESS = 8  # below accounts/reset.REQUESTS_PER_CLIENT, so every request is answered
PAUSE = 0.05  # between a client's requests: a steady load that leaves the machine's other work some room

# The clients' own addresses; nginx's, 127.0.0.1, is none of them.
LOGIN_CLIENTS = [("127.0.0.11", "inlogger1@topologie.nl"), ("127.0.0.12", "inlogger2@topologie.nl")]
EDIT_CLIENTS = [(f"127.0.0.2{i}", f"bewerker{i}@topologie.nl") for i in range(1, 4)]
RESET_CLIENTS = 2  # each speaks from 127.0.1<n>.x, a new x every RESETS_PER_ADDRESS requests
THROTTLE = ("127.0.0.50", "geblokkeerd@topologie.nl")
SURVIVOR = ("127.0.0.51", "overlever@topologie.nl")
SPOOFER = ("127.0.0.52", "vervalser@topologie.nl")
BEHIND_TWO = ("127.0.0.53", "achter-twee@topologie.nl")


def _missing(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"{reason} (RFZ_REQUIRE_TOPOLOGY=1: de topologietest moet draaien)")
    pytest.skip(reason)


@pytest.fixture
def topology_database() -> Iterator[str]:
    """A fresh PostgreSQL database next to RFZ_TEST_DATABASE_URL's, named after the xdist worker
    (`<name>_<worker>_topology`, which .ci/run's clean-up of `<name>_gw*` also finds); dropped afterwards."""
    if not os.environ.get("RFZ_TEST_DATABASE_URL"):
        _missing("de topologietest draait alleen op PostgreSQL: zet RFZ_TEST_DATABASE_URL")
    if not (shutil.which(cluster.NGINX) or os.access(cluster.NGINX, os.X_OK)):
        _missing(f"nginx ontbreekt ({cluster.NGINX}; apt-get install nginx-light)")
    url = sa.make_url(normalise_database_url(os.environ["RFZ_TEST_DATABASE_URL"]))
    if url.get_backend_name() != "postgresql":
        _missing("RFZ_TEST_DATABASE_URL is geen PostgreSQL")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    name = f"{url.database}_{worker}_topology" if worker else f"{url.database}_topology"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)

    def run(statement: str) -> None:
        with admin.connect() as connection:
            connection.execute(sa.text(statement))

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


# --- what the clients saw -------------------------------------------------------------------------


@dataclass
class Reset:
    email: str
    address: str
    outcome: str  # "ok" (the same answer for every address), "unknown" (no answer), or the status
    account: bool  # whether the address has an account


@dataclass
class Load:
    """Shared by the client threads (list.append and dict assignment are atomic under the GIL)."""

    answers: list[Answer] = field(default_factory=list)
    edits: dict[str, str] = field(default_factory=dict)  # marker -> "ok", "refused" or "unknown"
    resets: list[Reset] = field(default_factory=list)
    unknown_posts: list[Answer] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    addresses: dict[str, str] = field(default_factory=dict)  # target e-mail -> the client's address
    stop: threading.Event = field(default_factory=threading.Event)

    def client(self, address: str, base_url: str) -> Client:
        return Client(address, base_url, self.answers)

    def problem(self, who: str, what: str, answer: Answer | None = None) -> None:
        seen = (
            f" (HTTP {answer.status} op {answer.method} {answer.path}, server {answer.upstream or '-'})"
            if answer
            else ""
        )
        self.problems.append(f"{who}: {what}{seen}")

    def lost(self, answer: Answer) -> bool:
        """A POST without an answer from the app (nginx's 502, or none at all): it may or may not have happened."""
        if answer.status == 0 or answer.status >= 500:
            self.unknown_posts.append(answer)
            return True
        return False

    def pause(self) -> None:
        self.stop.wait(PAUSE)

    def thread(self, loop: Callable[..., None], *args) -> threading.Thread:
        """A client thread; an exception in it is a problem of the test, not a quietly ended thread."""

        def guarded() -> None:
            try:
                loop(self, *args)
            except Exception as error:
                self.problems.append(f"{loop.__name__}{args[1:3]} stopte: {type(error).__name__}: {error}")

        return threading.Thread(target=guarded, name=loop.__name__)


def _logged_in(load: Load, client: Client, who: str, email: str, password: str, base_url: str | None = None) -> bool:
    page = client.get("/inloggen", base_url=base_url)
    if page.status != 200:
        load.problem(who, "het inlogformulier kwam niet", page)
        return False
    data = {"csrf_token": cluster.csrf_token(page.text), "email": email, "password": password}
    answer = client.post("/inloggen", data, base_url=base_url)
    if load.lost(answer):
        client.forget_cookies()
        return False
    if answer.status != 302:
        load.problem(who, "inloggen met het juiste wachtwoord lukte niet", answer)
        return False
    return True


def login_loop(load: Load, base_url: str, address: str, email: str, name: str) -> None:
    """Log in, open the start page, log out, and check that the old cookie no longer opens anything."""
    client, replay = load.client(address, base_url), load.client(address, base_url)
    while not load.stop.is_set():
        if _logged_in(load, client, email, email, PASSWORD):
            start = client.get("/start")
            if start.status != 200 or name not in start.text:
                load.problem(email, "de startpagina na het inloggen kwam niet", start)
            else:
                cookie = client.http.cookies.get("session")
                logout = client.post("/uitloggen", {"csrf_token": cluster.csrf_token(start.text)})
                if load.lost(logout):
                    client.forget_cookies()
                elif logout.status != 302:
                    load.problem(email, "uitloggen lukte niet", logout)
                else:
                    # The copy of the cookie from before the logout, sent again: refused on whichever server.
                    replay.forget_cookies()
                    replay.http.cookies.set("session", cookie)
                    again = replay.get("/start")
                    if again.status != 302 or "/inloggen" not in again.location:
                        load.problem(email, "de sessie werkte nog na het uitloggen", again)
        load.pause()
    client.close()
    replay.close()


def edit_loop(load: Load, base_url: str, address: str, email: str, project_id: int, number: int) -> None:
    """Add actions through the real form, each with a unique title, and note what the answer said."""
    client = load.client(address, base_url)
    while not load.stop.is_set() and not _logged_in(load, client, email, email, PASSWORD):
        load.pause()
    for sequence in itertools.count(1):
        if load.stop.is_set():
            break
        page = client.get(f"/projecten/{project_id}/acties/nieuw")
        if page.status != 200:
            load.problem(email, "het formulier voor een nieuwe actie kwam niet", page)
            load.pause()
            continue
        target, values = cluster.form_values(page.text, "title")
        marker = f"topo-{number}-{sequence}-{uuid.uuid4().hex[:8]}"
        values["title"] = marker
        load.edits[marker] = "pending"
        answer = client.post(target or page.path, values)
        if load.lost(answer):
            load.edits[marker] = "unknown"
        elif answer.status == 302:
            load.edits[marker] = "ok"
        else:
            load.edits[marker] = "refused"
            load.problem(email, f"de actie {marker} werd geweigerd", answer)
        load.pause()
    client.close()


def reset_loop(load: Load, base_url: str, number: int, accounts: queue.SimpleQueue) -> None:
    """'Wachtwoord vergeten?' for accounts (each asked for once, so each mail is one of a kind) and, every
    fourth time, for an address without an account (which gets the same answer and no mail)."""
    addresses = (f"127.0.1{number}.{host}" for host in range(1, 255))
    client: Client | None = None
    for sequence in itertools.count(0):
        if load.stop.is_set():
            break
        if sequence % RESETS_PER_ADDRESS == 0:
            if client is not None:
                client.close()
            client = load.client(next(addresses), base_url)
        assert client is not None
        email = None
        if sequence % 4:
            try:
                email = accounts.get_nowait()
            except queue.Empty:
                pass
        account = email is not None
        email = email or f"niemand-{number}-{sequence}@topologie.nl"
        load.addresses[email] = client.address
        page = client.get("/wachtwoord-vergeten")
        if page.status != 200:
            load.problem(email, "het formulier 'Wachtwoord vergeten?' kwam niet", page)
            load.pause()
            continue
        answer = client.post("/wachtwoord-vergeten", {"csrf_token": cluster.csrf_token(page.text), "email": email})
        if load.lost(answer):
            outcome = "unknown"
        elif answer.status == 200:
            outcome = "ok"
        else:
            outcome = str(answer.status)
            load.problem(email, "de aanvraag van een nieuw wachtwoord werd geweigerd", answer)
        load.resets.append(Reset(email, client.address, outcome, account))
        load.pause()
    if client is not None:
        client.close()


# --- the test ---------------------------------------------------------------------------------------


@dataclass
class World:
    project_id: int
    names: dict[str, str]  # e-mail -> name, for the accounts that log in
    reset_accounts: list[str]


def _build_world(url: str, secret: str) -> World:
    """The accounts and the project, written straight to the database (the survivor comes from the CLI)."""
    app = create_app({"SECRET_KEY": secret, "SQLALCHEMY_DATABASE_URI": url, "RFZ_DOCUMENT_PROCESSES": 0})
    with app.app_context():
        gemeente = factories.gemeente("Topologie")
        project = factories.project(gemeente, name="Twee servers")
        names: dict[str, str] = {}
        for _address, email in LOGIN_CLIENTS:
            names[email] = factories.user(email, gemeente=gemeente, role="lezer").name
        for _address, email in EDIT_CLIENTS:
            names[email] = factories.user(email, gemeente=gemeente, role="projectleider").name
        for _address, email in (THROTTLE, SPOOFER, BEHIND_TWO):
            factories.user(email)
        survivor = db.session.execute(sa.select(User).where(User.email == SURVIVOR[1])).scalar_one()
        names[SURVIVOR[1]] = survivor.name
        db.session.add(Membership(user_id=survivor.id, gemeente_id=gemeente.id, role=MembershipRole.PROJECTLEIDER))
        password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1")
        reset_accounts = [f"herstel{n}@topologie.nl" for n in range(RESET_ACCOUNTS)]
        db.session.add_all(
            User(email=email, name=f"Herstel {n}", password_hash=password_hash, active=True)
            for n, email in enumerate(reset_accounts)
        )
        db.session.commit()
        world = World(project.id, names, reset_accounts)
        db.session.remove()
        db.engine.dispose()
    return world


def _run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, cwd=cluster.REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{' '.join(command)} mislukte:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _environment(url: str, secret: str, base_url: str, smtp_port: int) -> dict[str, str]:
    """What deploy/rfz.env.example sets, for this loopback installation."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MAIL_", "RFZ_", "FLASK_", "GUNICORN_")) and key not in {"DATABASE_URL", "SECRET_KEY"}
    }
    env.update(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": secret,
            "RFZ_BASE_URL": base_url,
            "RFZ_TRUSTED_PROXIES": "1",
            "RFZ_SESSION_COOKIE_SECURE": "0",
            "RFZ_LOGIN_MAX_FAILURES": str(MAX_FAILURES),
            "RFZ_DOCUMENT_PROCESSES": "0",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(smtp_port),
            "MAIL_TIMEOUT": "5",
            "MAIL_DEFAULT_SENDER": "RFZ-implementatietool <noreply@topologie.nl>",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _text_of(message: Message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(part.get_content_charset() or "utf-8")


def _wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return condition()


def _failed_login(client: Client, email: str, base_url: str, headers: dict[str, str] | None = None) -> Answer:
    page = client.get("/inloggen", base_url=base_url)
    assert page.status == 200, page
    data = {"csrf_token": cluster.csrf_token(page.text), "email": email, "password": "niet-het-goede-wachtwoord"}
    return client.post("/inloggen", data, base_url=base_url, headers=headers or {})


def test_two_app_servers_behind_nginx_lose_nothing_when_one_dies(topology_database, tmp_path, record_property, capsys):
    url = topology_database
    secret = secrets.token_hex(32)
    app_ports = (free_port(), free_port())
    nginx_port, pinned = free_port(), (free_port(), free_port())
    base_url = f"http://127.0.0.1:{nginx_port}"
    only = [f"http://127.0.0.1:{port}" for port in pinned]  # through nginx, to app server A or B only
    smtp_port = free_port()
    env = _environment(url, secret, base_url, smtp_port)

    begun = time.monotonic()
    _run(cluster.flask_command("db", "upgrade"), env)
    load = Load()
    engine = sa.create_engine(url, poolclass=NullPool)
    with smtp_server(smtp_port) as inbox, cluster.processes(tmp_path) as running:
        servers = [
            running.start(f"app-{letter}", cluster.gunicorn_command(port, workers=2), env)
            for letter, port in zip("AB", app_ports, strict=True)
        ]
        nginx = running.start(
            "nginx",
            cluster.nginx_command(tmp_path, cluster.nginx_config(tmp_path, nginx_port, pinned, app_ports)),
            env,
        )
        workers = [
            running.start(f"mail-worker-{n}", cluster.flask_command("rfz", "mail-worker", "--interval", "0.5"), env)
            for n in (1, 2)
        ]
        # While they start: the accounts and the project.
        _run(
            cluster.flask_command(
                "rfz", "create-user", "--email", SURVIVOR[1], "--name", "Sam Overlever", "--password", SURVIVOR_PASSWORD
            ),
            env,
        )
        world = _build_world(url, secret)
        accounts: queue.SimpleQueue = queue.SimpleQueue()
        for email in world.reset_accounts:
            accounts.put(email)
        for server, port in zip(servers, app_ports, strict=True):
            cluster.wait_until_ready(server, f"http://127.0.0.1:{port}/inloggen")
        cluster.wait_until_ready(nginx, f"{base_url}/inloggen")
        upstream = {f"127.0.0.1:{port}": letter for letter, port in zip("AB", app_ports, strict=True)}

        # A session made on A, before anything happens; it must keep working on B after A is gone.
        survivor = load.client(SURVIVOR[0], base_url)
        load.addresses[SURVIVOR[1]] = SURVIVOR[0]
        assert _logged_in(load, survivor, SURVIVOR[1], SURVIVOR[1], SURVIVOR_PASSWORD, base_url=only[0]), load.problems
        for server_url in only:
            page = survivor.get("/start", base_url=server_url)
            assert page.status == 200 and world.names[SURVIVOR[1]] in page.text, page

        # A client cannot choose its address: nginx replaces X-Forwarded-For with the address it saw.
        spoofer = load.client(SPOOFER[0], base_url)
        load.addresses[SPOOFER[1]] = SPOOFER[0]
        assert _failed_login(spoofer, SPOOFER[1], base_url, {"X-Forwarded-For": "203.0.113.7"}).status == 401
        # The app believes exactly one proxy: of "client, proxy" it takes the last address, not the first.
        behind_two = load.client("127.0.0.1", f"http://127.0.0.1:{app_ports[1]}")
        load.addresses[BEHIND_TWO[1]] = BEHIND_TWO[0]
        forwarded = {"X-Forwarded-For": f"203.0.113.8, {BEHIND_TWO[0]}"}
        assert _failed_login(behind_two, BEHIND_TWO[1], behind_two.base_url, forwarded).status == 401

        threads = [
            load.thread(login_loop, base_url, address, email, world.names[email]) for address, email in LOGIN_CLIENTS
        ]
        threads += [
            load.thread(edit_loop, base_url, address, email, world.project_id, n)
            for n, (address, email) in enumerate(EDIT_CLIENTS, start=1)
        ]
        threads += [load.thread(reset_loop, base_url, n, accounts) for n in range(1, RESET_CLIENTS + 1)]
        for address, email in LOGIN_CLIENTS + EDIT_CLIENTS:
            load.addresses[email] = address
        started = time.monotonic()
        try:
            for thread in threads:
                thread.start()
            time.sleep(max(0.0, SECONDS / 2 - 2))

            # Throttling is shared: failures alternating between A and B lock the account at the limit,
            # on both servers, even with the right password.
            thrower = load.client(THROTTLE[0], base_url)
            load.addresses[THROTTLE[1]] = THROTTLE[0]
            for attempt in range(MAX_FAILURES):
                failed = _failed_login(thrower, THROTTLE[1], only[attempt % 2])
                assert failed.status == 401, failed
            for server_url in only:
                page = thrower.get("/inloggen", base_url=server_url)
                data = {"csrf_token": cluster.csrf_token(page.text), "email": THROTTLE[1], "password": PASSWORD}
                locked = thrower.post("/inloggen", data, base_url=server_url)
                assert locked.status == 429, locked

            kill_started = time.monotonic()
            servers[0].kill_hard()
            cluster.wait_until_refused(app_ports[0])  # its workers too: nothing accepts a connection on A
            killed = time.monotonic()

            # Right after: the session from A works on B (through round robin and pinned), and writes.
            for server_url in (base_url, only[1]):
                page = survivor.get("/start", base_url=server_url)
                assert page.status == 200 and world.names[SURVIVOR[1]] in page.text, page
                assert page.upstream and upstream[page.upstream] == "B", page
            form = survivor.get(f"/projecten/{world.project_id}/acties/nieuw")
            target, values = cluster.form_values(form.text, "title")
            values["title"] = marker = f"topo-overlever-{uuid.uuid4().hex[:8]}"
            saved = survivor.post(target or form.path, values)
            assert saved.status == 302, saved
            load.edits[marker] = "ok"
            # The lock holds on the survivor too.
            page = thrower.get("/inloggen")
            data = {"csrf_token": cluster.csrf_token(page.text), "email": THROTTLE[1], "password": PASSWORD}
            assert thrower.post("/inloggen", data).status == 429

            time.sleep(max(0.0, started + SECONDS - time.monotonic()))
        finally:
            load.stop.set()
            for thread in threads:
                thread.join(timeout=60)
        ended = time.monotonic()
        assert not any(thread.is_alive() for thread in threads), "een client bleef hangen"

        def outbox() -> list[sa.Row]:
            with engine.connect() as connection:
                return list(connection.execute(sa.select(OutboxMail)).all())

        def all_sent() -> bool:
            mails = outbox()
            return all(mail.sent_at is not None for mail in mails) and len(inbox.messages) >= len(mails)

        delivered = _wait_for(all_sent, timeout=30)
        time.sleep(1.5)  # three more rounds of both workers: long enough for a second copy to show up
        for worker in workers:
            assert worker.alive(), f"{worker.name} stopte:\n{worker.log_tail()}"
        assert nginx.alive() and servers[1].alive(), "nginx of app-server B stopte"
        worker_counts = {
            worker.name: sum(int(n) for n in re.findall(r"Outbox: (\d+) verzonden", worker.log.read_text()))
            for worker in workers
        }

    with engine.connect() as connection:
        titles = Counter(connection.scalars(sa.select(Action.title).where(Action.project_id == world.project_id)))
        events = connection.execute(sa.select(SecurityEvent.kind, SecurityEvent.target, SecurityEvent.address)).all()
    mails = outbox()
    engine.dispose()

    # --- the summary, in the CI log --------------------------------------------------------------
    # Before: answered before the kill; after: asked after it (what was under way at the kill is neither).
    served = Counter(
        (upstream.get(a.upstream, "-"), "voor" if a.at < kill_started else "na" if a.sent > killed else "tijdens")
        for a in load.answers
    )
    outcomes = Counter(load.edits.values())
    reset_outcomes = Counter((r.account, r.outcome) for r in load.resets)
    summary = (
        f"topologie: opstart {started - begun:.0f} s, {len(load.answers)} verzoeken in {ended - started:.0f} s; "
        f"A voor/na het uitvallen {served['A', 'voor']}/{served['A', 'na']}, "
        f"B {served['B', 'voor']}/{served['B', 'na']}; "
        f"acties bevestigd {outcomes['ok']}, onbekend {outcomes['unknown']}, geweigerd {outcomes['refused']}; "
        f"wachtwoordherstel met account {reset_outcomes[True, 'ok']}, zonder {reset_outcomes[False, 'ok']}; "
        f"e-mails in de outbox {len(mails)}, ontvangen {len(inbox.messages)} "
        f"({', '.join(f'{name} {count}' for name, count in worker_counts.items())}); "
        f"onbeantwoorde POSTs {len(load.unknown_posts)}"
    )
    record_property("topology_summary", summary)
    with capsys.disabled():
        print(f"\n{summary}")

    # --- what the clients saw ---------------------------------------------------------------------
    assert not load.problems, "\n".join(load.problems[:20])
    failed_gets = [a for a in load.answers if a.method == "GET" and (a.status == 0 or a.status >= 500)]
    assert not failed_gets, f"GET-verzoeken zonder antwoord (nginx had ze naar B moeten sturen): {failed_gets[:5]}"
    # Only a POST that A was handling when it died may have lost its answer: at most one per client.
    for answer in load.unknown_posts:
        assert answer.sent <= killed and answer.at >= kill_started, (
            f"POST zonder antwoord die niet onderweg was bij het uitvallen: {answer}"
        )
    assert len(load.unknown_posts) <= len(threads)
    assert served["A", "voor"] and served["B", "voor"], f"beide servers moeten verzoeken krijgen: {served}"
    assert not served["A", "na"], f"na het uitvallen antwoordde A nog: {served}"
    assert served["B", "na"] > 10, served

    # --- no lost or duplicated writes ---------------------------------------------------------------
    assert outcomes["ok"] > 10, outcomes
    for marker, outcome in load.edits.items():
        stored = titles[marker]
        if outcome == "ok":
            assert stored == 1, f"bevestigde actie {marker} staat er {stored} keer"
        elif outcome == "refused":
            assert stored == 0, f"geweigerde actie {marker} staat er toch"
        else:
            assert stored <= 1, f"actie {marker} (antwoord verloren) staat er {stored} keer"
    assert set(titles) <= set(load.edits), f"acties die geen client stuurde: {set(titles) - set(load.edits)}"

    # --- every mail exactly once --------------------------------------------------------------------
    assert delivered, f"niet alles verzonden: {sum(m.sent_at is None for m in mails)} van {len(mails)} wachten nog"
    assert all(mail.attempts == 0 and not mail.last_error for mail in mails), "een bezorging mislukte"
    received = Counter(recipient for recipients in inbox.recipients for recipient in recipients)
    assert received == Counter(mail.recipient for mail in mails), "ontvangen e-mail verschilt van de outbox"
    assert all(count == 1 for count in received.values()), [r for r, c in received.items() if c > 1]
    message_ids = [message["Message-ID"] for message in inbox.messages]
    assert len(set(message_ids)) == len(message_ids) == len(mails)
    expected = {r.email for r in load.resets if r.account and r.outcome == "ok"}
    maybe = {r.email for r in load.resets if r.account and r.outcome == "unknown"}
    assert expected <= set(received) <= expected | maybe
    assert not {r.email for r in load.resets if not r.account} & set(received), "e-mail aan een adres zonder account"
    assert len(expected) > 10, reset_outcomes
    for message in inbox.messages:
        assert f"{base_url}/wachtwoord-herstellen/" in _text_of(message)  # RFZ_BASE_URL, not a Host header

    # --- the security log holds the clients' addresses, never nginx's ---------------------------------
    assert events, "geen beveiligingsgebeurtenissen"
    wrong = []
    for kind, target, address in events:
        if kind == "account_created" and target == SURVIVOR[1]:
            assert address == "", address  # made on the command line: no address
            continue
        if address == cluster.PROXY_ADDRESS or address != load.addresses.get(target):
            wrong.append((kind, target, address, load.addresses.get(target)))
    assert not wrong, f"adressen in de Beveiligingslog (soort, doel, adres, verwacht): {wrong[:10]}"
    kinds = Counter(kind for kind, _target, _address in events)
    assert kinds["login"] > 2 and kinds["logout"] > 2 and kinds["password_reset_requested"] > 10, kinds
    throttled = [e for e in events if e.target == THROTTLE[1]]
    assert Counter(e.kind for e in throttled) == {"login_failed": MAX_FAILURES, "login_throttled": 3}, throttled
