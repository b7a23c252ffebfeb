"""A local time-stamping authority for the tests: a root, a TSA certificate under it (key
usage: time stamping only) and pyHanko's in-process time stamper; and a document timestamp
(PAdES B-LTA) added to a signed PDF with it, as an office's archive tool would."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass(frozen=True)
class LocalTsa:
    root: x509.Certificate
    cert: x509.Certificate
    key: rsa.RSAPrivateKey  # pyHanko's in-process time stamper signs with RSA only

    def root_pem(self) -> bytes:
        return self.root.public_bytes(serialization.Encoding.PEM)


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def make_tsa(name: str = "テスト時刻認証局") -> LocalTsa:
    now = datetime.now(UTC) - timedelta(days=1)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{name} ルート"))
        .issuer_name(_name(f"{name} ルート"))
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .sign(root_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=1825))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, False, False, False, False),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    return LocalTsa(root, cert, key)


def with_document_timestamp(signed: bytes, tsa: LocalTsa, *, also_retitle: bool = False) -> bytes:
    """The file with a document timestamp (/DocTimeStamp) in a new revision, made by
    pyHanko's PdfTimeStamper with the local TSA; `also_retitle`: the same revision also
    changes the document's title."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.signers import PdfTimeStamper
    from pyhanko.sign.timestamps import DummyTimeStamper
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    def asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))

    key = asn1_keys.PrivateKeyInfo.load(
        tsa.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    stamper = DummyTimeStamper(
        tsa_cert=asn1(tsa.cert),
        tsa_key=key,
        certs_to_embed=SimpleCertificateStore.from_certs([asn1(tsa.root)]),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    if also_retitle:
        info = writer.trailer["/Info"].get_object()
        info[generic.NameObject("/Title")] = generic.TextStringObject("差し替えた題名")
        writer.update_container(info)
    out = io.BytesIO()
    PdfTimeStamper(stamper).timestamp_pdf(writer, "sha256", output=out)
    return out.getvalue()
