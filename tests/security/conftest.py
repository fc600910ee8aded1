import pytest

from eoffice.signing import demo_ca
from tests.factories import PASSWORD
from tests.security.letter_cases import SIGNER, SIGNER_NAME, SIGNER_OFFICE


@pytest.fixture
def letter_signer(app, tmp_path):
    """The signed-letter cases' approver signs with a PKCS#12 certificate from a CA made
    here, unlocked with their password (as `eoffice demo` sets officers up)."""
    folder = str(tmp_path / "signing")
    demo_ca.load_or_make_ca(folder)
    demo_ca.make_officer_files(folder, [(SIGNER, SIGNER_NAME, SIGNER_OFFICE)], PASSWORD)
    app.config["SIGNING_DIR"] = folder
    return folder
