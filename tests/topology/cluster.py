"""The production topology on loopback: nginx in front of two gunicorn app servers, two mail workers, one
PostgreSQL database; and HTTP clients that each speak from their own loopback address (127.0.0.x).

Every process runs in its own process group, so that killing an app server (`kill_hard`) takes its
workers with it, as when a machine dies, and cleaning up never leaves one behind.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import requests
from requests.adapters import HTTPAdapter

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
NGINX = os.environ.get("RFZ_NGINX", "/usr/sbin/nginx")
# nginx's own address towards the app servers: the address the security log must never show.
PROXY_ADDRESS = "127.0.0.1"


class ClusterError(RuntimeError):
    """A process of the topology did not start (the message holds the end of its log)."""


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    def alive(self) -> bool:
        return self.popen.poll() is None

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def kill_hard(self) -> None:
        """SIGKILL to the whole process group: the master and its workers go at once, nothing is flushed."""
        if self.alive():
            try:
                os.killpg(self.popen.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.popen.wait(timeout=10)

    def stop(self, grace: float = 5.0) -> None:
        """SIGTERM to the process group, then SIGKILL when it has not gone within `grace` seconds."""
        if self.alive():
            try:
                os.killpg(self.popen.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.popen.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)  # also what a worker left behind in the group
        except ProcessLookupError:
            pass
        if self.popen.poll() is None:
            self.popen.wait(timeout=10)


@dataclass
class Processes:
    """Every process the test started, stopped in reverse order whatever happens."""

    directory: Path
    started: list[Process] = field(default_factory=list)

    def start(self, name: str, command: list[str], env: dict[str, str]) -> Process:
        log = self.directory / f"{name}.log"
        with log.open("wb") as out:
            popen = subprocess.Popen(
                command,
                cwd=REPO,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group (see Process.kill_hard)
            )
        process = Process(name, popen, log)
        self.started.append(process)
        return process

    def stop_all(self) -> None:
        for process in reversed(self.started):
            process.stop()


@contextmanager
def processes(directory: Path) -> Iterator[Processes]:
    """The processes of a test; on a failure the end of every log is printed (pytest shows it with the error)."""
    running = Processes(directory)
    try:
        yield running
    except BaseException:
        for log in sorted(directory.glob("*.log")):
            lines = log.read_text(errors="replace").splitlines()
            print(f"--- {log.name} (laatste regels) ---", *lines[-25:], sep="\n")
        raise
    finally:
        running.stop_all()


def flask_command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "wsgi", *arguments]


def gunicorn_command(port: int, workers: int) -> list[str]:
    """The app server as deploy/systemd/rfz-web@.service starts it, on loopback and with fewer workers.

    `--preload`: the master loads the app once and its workers are forked from it, which spares a busy CI
    machine a few seconds of start-up per worker; what a request meets is the same."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        str(DEPLOY / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--preload",
        "wsgi:app",
    ]


def nginx_config(directory: Path, port: int, pinned_ports: tuple[int, int], app_ports: tuple[int, int]) -> Path:
    """A configuration for an unprivileged nginx in `directory`: round robin over both app servers on
    `port`, and one extra port per app server (pinned) for the requests that must reach one of them.
    Every proxying location includes deploy/nginx/rfz-proxy.conf, the file production uses.
    The X-Upstream header (test only) names the server that answered; after a retry it lists both."""
    temp = directory / "nginx-temp"
    temp.mkdir(exist_ok=True)
    snippet = DEPLOY / "nginx" / "rfz-proxy.conf"
    user = "user root root;\n" if os.geteuid() == 0 else ""  # as root, workers would otherwise be 'nobody'
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in app_ports)

    def site(listen: int, upstream: str) -> str:
        return f"""
    server {{
        listen 127.0.0.1:{listen};
        location / {{
            include {snippet};
            add_header X-Upstream $upstream_addr always;
            proxy_pass http://{upstream};
        }}
    }}"""

    pinned = "".join(
        f"\n    upstream rfz_only_{i} {{\n        server 127.0.0.1:{p};\n    }}" for i, p in enumerate(app_ports)
    )
    config = f"""{user}daemon off;
worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/nginx-error.log warn;
events {{
    worker_connections 256;
}}
http {{
    access_log {directory}/nginx-access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    upstream rfz_app {{
{servers}
    }}{pinned}
{site(port, "rfz_app")}
{site(pinned_ports[0], "rfz_only_0")}
{site(pinned_ports[1], "rfz_only_1")}
}}
"""
    path = directory / "nginx.conf"
    path.write_text(config)
    return path


def nginx_command(directory: Path, config: Path) -> list[str]:
    return [NGINX, "-p", str(directory), "-e", str(directory / "nginx-error.log"), "-c", str(config)]


def wait_until_refused(port: int, timeout: float = 10.0) -> None:
    """Until nothing listens on the port any more (the last process holding the socket is gone)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                pass
        except OSError:
            return
        time.sleep(0.01)
    raise ClusterError(f"poort {port} neemt na {timeout:.0f} s nog verbindingen aan")


def wait_until_ready(process: Process, url: str, timeout: float = 45.0) -> None:
    """Until `url` answers (any status below 500); ClusterError with the process's log when it dies or times out."""
    deadline = time.monotonic() + timeout
    with requests.Session() as probe:
        probe.trust_env = False
        while time.monotonic() < deadline:
            if not process.alive():
                raise ClusterError(f"{process.name} stopte bij het starten:\n{process.log_tail()}")
            try:
                if probe.get(url, timeout=2, allow_redirects=False).status_code < 500:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
    raise ClusterError(f"{process.name} antwoordde niet binnen {timeout:.0f} s op {url}:\n{process.log_tail()}")


class SourceAddressAdapter(HTTPAdapter):
    """Connections that leave from one loopback address (Linux routes all of 127/8 to lo)."""

    def __init__(self, address: str) -> None:
        self._source = (address, 0)
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = self._source
        return super().init_poolmanager(*args, **kwargs)


@dataclass
class Answer:
    method: str
    path: str
    status: int  # 0: no HTTP answer at all
    upstream: str  # the app server that answered ("" if none): the last address of nginx's X-Upstream
    upstreams: str  # every app server nginx tried
    sent: float  # time.monotonic() when the request left
    at: float  # time.monotonic() when the answer came
    text: str
    location: str


class Client:
    """A browser-like client on its own source address: cookies, CSRF tokens read from the forms."""

    def __init__(self, address: str, base_url: str, log: list[Answer] | None = None) -> None:
        self.address = address
        self.base_url = base_url
        self.log = log if log is not None else []
        self.http = self._session()

    def _session(self) -> requests.Session:
        http = requests.Session()
        http.trust_env = False  # no proxy from the environment between us and nginx
        http.mount("http://", SourceAddressAdapter(self.address))
        return http

    def forget_cookies(self) -> None:
        self.http.cookies.clear()

    def request(self, method: str, path: str, base_url: str | None = None, **kwargs) -> Answer:
        url = urljoin(base_url or self.base_url, path)
        kwargs.setdefault("timeout", 30)
        kwargs.setdefault("allow_redirects", False)
        sent = time.monotonic()
        try:
            response = self.http.request(method, url, **kwargs)
        except requests.RequestException as error:
            answer = Answer(method, path, 0, "", "", sent, time.monotonic(), f"{type(error).__name__}: {error}", "")
        else:
            upstreams = response.headers.get("X-Upstream", "")
            answer = Answer(
                method,
                path,
                response.status_code,
                upstreams.split(",")[-1].strip(),
                upstreams,
                sent,
                time.monotonic(),
                response.text,
                response.headers.get("Location", ""),
            )
        self.log.append(answer)
        return answer

    def get(self, path: str, **kwargs) -> Answer:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> Answer:
        return self.request("POST", path, data=data, **kwargs)

    def close(self) -> None:
        self.http.close()


def form_values(page: str, containing: str) -> tuple[str, dict[str, str]]:
    """The action and the values a browser would submit for the first form that has a field `containing`."""
    document = lxml.html.fromstring(page)
    for form in document.forms:
        names = {element.name for element in form.inputs if element.name}
        if containing in names:
            return form.action or "", dict(form.form_values())
    raise AssertionError(f"geen formulier met het veld {containing!r} op de pagina")


_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_token(page: str) -> str:
    match = _CSRF.search(page)
    if match is None:
        raise AssertionError("geen CSRF-token op de pagina")
    return match[1] or match[2]
