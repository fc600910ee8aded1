"""A demo certificate authority and a PKCS#12 certificate per officer, so that the demo
(and `make run`) signs letters digitally without a token. Production uses certificates
from a licensed CA instead (README: "Signing letters")."""
import datetime
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_CERT = "demo-ca.pem"
CA_KEY = "demo-ca.key"
VALID_DAYS = 3 * 365


def new_key():
    """ECDSA P-256: as strong as RSA-3072, and made in a millisecond (a demo makes one
    per officer; RSA-2048 took a quarter of a second each)."""
    return ec.generate_private_key(ec.SECP256R1())


def _name(common_name, unit=None):
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "IN"),
             x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Government of Jammu and Kashmir")]
    if unit:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit[:64]))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]))
    return x509.Name(parts)


def _write_private(path, data):
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def load_or_make_ca(folder, now=None):
    """The demo CA's key and certificate in `folder`, made the first time."""
    os.makedirs(folder, mode=0o700, exist_ok=True)
    cert_path, key_path = os.path.join(folder, CA_CERT), os.path.join(folder, CA_KEY)
    if os.path.exists(cert_path) and os.path.exists(key_path):
        with open(key_path, "rb") as handle:
            key = serialization.load_pem_private_key(handle.read(), None)
        with open(cert_path, "rb") as handle:
            return key, x509.load_pem_x509_certificate(handle.read())
    now = now or datetime.datetime.now(datetime.timezone.utc)
    key = new_key()
    name = _name("eoffice demo CA (not for real letters)")
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False),
                           critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    _write_private(key_path, key.private_bytes(serialization.Encoding.PEM,
                                               serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    with open(cert_path, "wb") as handle:
        handle.write(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert


def officer_certificate(ca_key, ca_cert, name, unit, now=None):
    """A signing key and certificate for one officer, issued by the CA."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    key = new_key()
    cert = (x509.CertificateBuilder().subject_name(_name(name, unit))
            .issuer_name(ca_cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                           critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    return key, cert


def write_pkcs12(path, key, cert, ca_cert, passphrase):
    data = pkcs12.serialize_key_and_certificates(
        b"signing", key, cert, [ca_cert],
        serialization.BestAvailableEncryption(passphrase.encode()))
    _write_private(path, data)


def make_officer_files(folder, officers, passphrase):
    """`<username>.p12` for each (username, name, unit) that has none yet; returns how
    many were made."""
    ca_key, ca_cert = load_or_make_ca(folder)
    made = 0
    for username, name, unit in officers:
        path = os.path.join(folder, f"{username}.p12")
        if os.path.exists(path):
            continue
        key, cert = officer_certificate(ca_key, ca_cert, name, unit)
        write_pkcs12(path, key, cert, ca_cert, passphrase)
        made += 1
    return made
