"""gunicorn settings for eoffice (`gunicorn --config deploy/gunicorn.conf.py app:app`).

Read from the same environment as the portal (/etc/eoffice.env), so one file holds a
host's whole set-up; deploy/eoffice.env lists each variable with its default.
"""
import os

bind = os.environ.get("EOFFICE_BIND", "127.0.0.1:8000")
# One sync worker per core with SQLite on this host (a request never waits on I/O);
# 2 x cores + 1 when the database is on another machine.
workers = int(os.environ.get("EOFFICE_WORKERS") or os.cpu_count() or 1)
worker_class = "sync"
timeout = int(os.environ.get("EOFFICE_WORKER_TIMEOUT", "60"))
graceful_timeout = 25
proc_name = "eoffice"
# Only the proxy in front may say a request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("EOFFICE_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Request lines up to gunicorn's ceiling, so a long API query reaches the portal, which
# answers 414 in JSON (nginx's own line limit, 8 KB by default, stays the outer bound).
limit_request_line = 8190
# One line per request to standard output: the journal keeps it (journalctl -u eoffice);
# nginx keeps its own access log, rotated by deploy/logrotate-eoffice.
accesslog = os.environ.get("EOFFICE_ACCESS_LOG", "-")
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
control_socket_disable = True
