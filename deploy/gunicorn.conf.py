"""gunicorn's settings for the RFZ implementatietool, used by deploy/systemd/rfz-web@.service.

The address to listen on is given per instance on the command line (`--bind`); what is the same for every
app server is here. The topology test (tests/topology/) starts its two app servers with this file too.

The client's address and scheme are the app's business, not gunicorn's: with RFZ_TRUSTED_PROXIES=1 the app's
ProxyFix takes them from the X-Forwarded-For and X-Forwarded-Proto that nginx sets. gunicorn never rewrites
REMOTE_ADDR; its own `forwarded_allow_ips` only decides whether it believes X-Forwarded-Proto, and it is
switched off here so that exactly one place (RFZ_TRUSTED_PROXIES) says which proxy is trusted.
"""

import os

# Sync workers: every request holds one worker; the app keeps nothing in memory that another server needs
# (sessions are signed cookies, the login throttle and the outbox live in PostgreSQL). Two or three per core.
workers = int(os.environ.get("RFZ_WEB_WORKERS", "3"))
worker_class = "sync"
# The zip of all documents of a big project takes the longest; nginx waits a little longer than this.
timeout = 120
graceful_timeout = 30
# A worker is replaced after this many requests (with jitter, so they do not all restart at once).
max_requests = 2000
max_requests_jitter = 200
# Nobody is trusted to set the scheme for gunicorn: ProxyFix in the app (RFZ_TRUSTED_PROXIES) does it.
forwarded_allow_ips = ""
# Logs to stderr, which systemd's journal keeps. The app's security events are JSON lines on stderr too.
accesslog = "-"
errorlog = "-"
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms'
