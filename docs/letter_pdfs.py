"""PNG pictures of an issued letter's PDF in Hindi and in Urdu, signed with a demo
certificate, for docs/letters/ (`.venv/bin/python docs/letter_pdfs.py`, or
`make screenshots`). Renders with WeasyPrint and poppler's pdftoppm; needs Debian's
fonts-noto-core, fonts-noto-extra and poppler-utils."""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from eoffice import create_app, queue  # noqa: E402
from eoffice.extensions import db  # noqa: E402
from eoffice.letters import services as letters  # noqa: E402
from tests.factories import PASSWORD, make_org  # noqa: E402
from tests.letters.conftest import HINDI_BODY, URDU_BODY, issue_letter, name_offices_locally  # noqa: E402

OUT = os.path.join(ROOT, "docs", "letters")


def main():
    from eoffice.signing import demo_ca

    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app("config.TestConfig", SIGNING_DIR=os.path.join(folder, "signing"),
                         PUBLIC_URL="https://eoffice.jk.gov.in")
        app.instance_path = folder
        with app.app_context():
            db.create_all()
            org = make_org()
            name_offices_locally(org)
            demo_ca.make_officer_files(app.config["SIGNING_DIR"], [
                ("adc.srinagar", "A. D. Commissioner", "Deputy Commissioner Office, Srinagar")],
                PASSWORD)
            for language, body in (("hi", HINDI_BODY), ("ur", URDU_BODY)):
                dispatch = issue_letter(org, language, body,
                                        recipients="Ghulam Nabi\nKhanyar, Srinagar\nghulam.nabi@example.in")
                queue.run_waiting()
                letters.sign_letter(org["users"]["adc.srinagar"], dispatch, PASSWORD)
                db.session.commit()
                pdf = os.path.join(folder, f"letter-{language}.pdf")
                with open(pdf, "wb") as handle:
                    handle.write(dispatch.document.pdf)
                subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", pdf,
                                os.path.join(OUT, f"letter-{language}")], check=True)
                print(f"docs/letters/letter-{language}.png")


if __name__ == "__main__":
    main()
