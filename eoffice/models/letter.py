"""An issued letter as the PDF that leaves the portal, and where it was delivered.

The PDF is stored once it is final, so every fetch gives the same bytes and the
verification page can compare them. States: `rendering` (numbered, the PDF being
made), `awaiting_signature` (made; the approving officer signs with PIN or password),
`signed` (PAdES signature), `unsigned` (an office without certificates: the letter
says so).

A letter issued before the portal made PDFs gets one made from its record later
(`eoffice letters render --missing`): `rendered_later_at` says when, the PDF says so, and
it is never signed nor delivered — it claims nothing that did not happen when it was
issued."""
from ..extensions import db

LETTER_STATES = ("rendering", "awaiting_signature", "signed", "unsigned")
FINAL_STATES = ("signed", "unsigned")
DELIVERY_CHANNELS = ("email", "callback")


class LetterDocument(db.Model):
    __tablename__ = "letter_document"
    id = db.Column(db.Integer, primary_key=True)
    dispatch_id = db.Column(db.ForeignKey("dispatch.id"), nullable=False, unique=True)
    verify_code = db.Column(db.String(16), nullable=False, unique=True)
    language = db.Column(db.String(8), nullable=False, default="en")
    state = db.Column(db.String(24), nullable=False, default="rendering")
    signing_method = db.Column(db.String(16))  # pkcs11, pkcs12 or password
    rendered_pdf = db.Column(db.LargeBinary)  # what the signature is applied to
    pdf = db.Column(db.LargeBinary)  # the final letter, as delivered and verified
    pdf_sha256 = db.Column(db.String(64), index=True)
    signed_by_id = db.Column(db.ForeignKey("user_account.id"))
    signed_at = db.Column(db.DateTime)
    certificate_subject = db.Column(db.String(500))
    certificate_sha256 = db.Column(db.String(64))
    rendered_later_at = db.Column(db.DateTime)  # made from the record, after the letter left

    dispatch = db.relationship("Dispatch", backref=db.backref("document", uselist=False))
    signed_by = db.relationship("User")

    @property
    def is_final(self):
        return self.state in FINAL_STATES


class LetterDelivery(db.Model):
    """One recipient's copy on its way: by e-mail, or back to the client system
    (e-UNNAT) that brought the receipt in. Its progress is its background job's."""
    __tablename__ = "letter_delivery"
    __table_args__ = (db.UniqueConstraint("dispatch_id", "channel", "address"),)
    id = db.Column(db.Integer, primary_key=True)
    dispatch_id = db.Column(db.ForeignKey("dispatch.id"), nullable=False, index=True)
    channel = db.Column(db.String(16), nullable=False)
    address = db.Column(db.String(300), nullable=False)  # e-mail address, or client name
    receipt_id = db.Column(db.ForeignKey("receipt.id"))  # the callback answers this receipt
    created_at = db.Column(db.DateTime, nullable=False)

    dispatch = db.relationship("Dispatch", backref=db.backref("deliveries", order_by="LetterDelivery.id"))
    receipt = db.relationship("Receipt")
