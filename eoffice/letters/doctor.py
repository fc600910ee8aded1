"""`eoffice doctor`'s checks of issued letters: how they are signed (a token library that
is there, PKCS#12 files only the service user reads, no demo CA in production), the mail
relay answering, callbacks over HTTPS with a real secret, and a public address on the QR
code."""
import os
import socket
import stat
from urllib.parse import urlsplit

from flask import current_app

from ..doctor import doctor_check, fine, problem, skipped
from ..signing.certificates import MODES, signing_folder
from ..signing.demo_ca import CA_CERT
from .delivery import allowed_callback_url

MIN_SECRET = 32


def configured_modes(config):
    modes = {config.get("SIGNING_MODE") or "auto"}
    for entry in (config.get("SIGNING_OFFICES") or "").split(","):
        mode = entry.partition("=")[2].strip()
        if mode in MODES:
            modes.add(mode)
    return modes


@doctor_check
def letter_signing():
    config, findings = current_app.config, []
    modes = configured_modes(config)
    if "pkcs11" in modes and not os.path.isfile(config["PKCS11_MODULE"]):
        findings.append(problem("letter signing", f"EOFFICE_PKCS11_MODULE {config['PKCS11_MODULE']} "
                                "does not exist", "install the token's PKCS#11 library and name it"))
    folder = signing_folder()
    files = sorted(name for name in os.listdir(folder) if name.endswith(".p12")) \
        if os.path.isdir(folder) else []
    readable = [name for name in files
                if os.stat(os.path.join(folder, name)).st_mode & (stat.S_IRGRP | stat.S_IROTH)]
    if readable:
        findings.append(problem("letter signing", f"{len(readable)} PKCS#12 file(s) in {folder} "
                                "are readable by others", f"chmod 600 {folder}/*.p12"))
    if config.get("ENVIRONMENT") == "production" and os.path.exists(os.path.join(folder, CA_CERT)):
        findings.append(problem("letter signing", "the demo CA signs letters here; nobody outside "
                                "trusts it", "install officers' certificates from a licensed CA "
                                "and remove the demo files (README: \"Issued letters\")"))
    if not findings:
        findings.append(fine("letter signing", f"modes {', '.join(sorted(modes))}; "
                             f"{len(files)} PKCS#12 file(s) in {folder}"))
    return findings


@doctor_check
def mail_relay():
    config = current_app.config
    host = config.get("SMTP_HOST")
    if not host:
        return skipped("mail relay", "EOFFICE_SMTP_HOST is not set: letters are not e-mailed "
                       "(each copy owed by e-mail fails, saying so)")
    try:
        socket.create_connection((host, config["SMTP_PORT"]), timeout=5).close()
    except OSError as error:
        return problem("mail relay", f"{host}:{config['SMTP_PORT']} does not answer ({error})",
                       "check EOFFICE_SMTP_HOST/PORT and the firewall to the relay")
    return fine("mail relay", f"{host}:{config['SMTP_PORT']} answers")


@doctor_check
def letter_callbacks():
    clients = current_app.config.get("CALLBACKS") or {}
    if not clients:
        return skipped("letter callbacks", "no EOFFICE_CALLBACK_<CLIENT>_URL set")
    findings = []
    for client, setting in sorted(clients.items()):
        if not allowed_callback_url(setting.get("url", "")):
            findings.append(problem("letter callbacks", f"{client}: {setting.get('url')} is not HTTPS",
                                    f"give EOFFICE_CALLBACK_{client.upper()}_URL as https://..."))
        elif len(setting.get("secret") or "") < MIN_SECRET:
            findings.append(problem("letter callbacks", f"{client}: the shared secret is missing "
                                    f"or shorter than {MIN_SECRET} characters",
                                    f"set EOFFICE_CALLBACK_{client.upper()}_SECRET (openssl rand -hex 32) "
                                    "and give it to the client"))
        else:
            findings.append(fine("letter callbacks", f"{client}: {urlsplit(setting['url']).hostname}"))
    return findings


@doctor_check
def letter_public_address():
    config = current_app.config
    host = urlsplit(config["PUBLIC_URL"]).hostname or ""
    if config.get("ENVIRONMENT") == "production" and host in ("127.0.0.1", "localhost"):
        return problem("letter QR codes", f"EOFFICE_PUBLIC_URL is {config['PUBLIC_URL']}: the "
                       "QR code on letters points to no one's machine",
                       "set EOFFICE_PUBLIC_URL to the portal's public https:// address")
    return fine("letter QR codes", f"letters point to {config['PUBLIC_URL']}/v/...")
