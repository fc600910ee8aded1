"""The nginx site in front (deploy/nginx-eoffice.conf as installed), compared with the
portal's own settings: HTTPS, the upload limits, the one proxy hop."""
import math
import os
import re

from .findings import fine, problem, skipped

SIZE = re.compile(r"^\s*client_max_body_size\s+(\d+)([kKmMgG]?)\s*;", re.MULTILINE)
UNITS = {"": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}
API_LOCATION = re.compile(r"location\s+/api/\s*\{(.*?)\}", re.DOTALL)


def _size(match):
    return int(match.group(1)) * UNITS[match.group(2).lower()]


def _without_comments(text):
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


def limits(config):
    """(pages, API) request limits in MB: the portal's MAX_CONTENT_LENGTH, and the API's
    4/3 of it for base64 attachments (eoffice/api)."""
    pages = config["MAX_UPLOAD_MB"] + 1
    return pages, math.ceil(pages * 4 / 3)


def site_findings(config):
    path = config["NGINX_SITE"]
    if not os.path.exists(path):
        return [skipped("nginx site", f"no {path} on this host (EOFFICE_NGINX_SITE names it)")]
    with open(path) as handle:
        site = _without_comments(handle.read())
    return [_https(site, path), *_upload_limits(site, path, config), _proxy_hops(site, path, config)]


def _https(site, path):
    if not re.search(r"^\s*listen\s+[^;]*\bssl\b", site, re.MULTILINE):
        return problem("nginx site", f"{path} serves no HTTPS (no `listen ... ssl`)",
                       "install deploy/nginx-eoffice.conf with the portal's certificate")
    if "return 301 https://" not in site:
        return problem("nginx site", f"{path} does not send plain HTTP to HTTPS",
                       "keep deploy/nginx-eoffice.conf's port 80 server (return 301 https://...)")
    return fine("nginx site", f"{path} serves HTTPS and sends HTTP there")


def _upload_limits(site, path, config):
    pages_mb, api_mb = limits(config)
    api_block = API_LOCATION.search(site)
    api_site = SIZE.search(api_block.group(1)) if api_block else None
    outside = SIZE.search(API_LOCATION.sub("", site))
    found = []
    for label, match, wanted in (("pages", outside, pages_mb), ("/api/", api_site, api_mb)):
        have = f"{_size(match) / 1024 ** 2:g} MB" if match else "nginx's default of 1 MB"
        if match is None or _size(match) != wanted * 1024 ** 2:
            found.append(problem("upload limit", f"nginx allows {label} requests of {have}; "
                                 f"the portal's limit is {wanted} MB (EOFFICE_MAX_UPLOAD_MB="
                                 f"{config['MAX_UPLOAD_MB']})",
                                 f"set client_max_body_size {wanted}m for {label} in {path}, "
                                 "then systemctl reload nginx"))
    return found or [fine("upload limit", f"nginx and the portal agree: {pages_mb} MB a page "
                          f"request, {api_mb} MB an API request")]


def _proxy_hops(site, path, config):
    hops = config.get("PROXY_HOPS") or 0
    sets_address = re.search(r"proxy_set_header\s+X-Forwarded-For\s+"
                             r"\$(remote_addr|proxy_add_x_forwarded_for)\s*;", site)
    if sets_address and hops != 1:
        return problem("proxy hops", f"{path} forwards the client's address but "
                       f"EOFFICE_PROXY_HOPS={hops}", "set EOFFICE_PROXY_HOPS=1 in "
                       "/etc/eoffice.env, or the audit log and rate limits see only nginx")
    if not sets_address and hops:
        return problem("proxy hops", f"EOFFICE_PROXY_HOPS={hops} but {path} sets no "
                       "X-Forwarded-For: clients could write their own address",
                       "proxy_set_header X-Forwarded-For $remote_addr; (deploy/nginx-eoffice.conf)")
    return fine("proxy hops", f"one hop: nginx forwards the client's address, the portal "
                f"believes {hops} proxy")
