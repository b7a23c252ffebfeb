"""PDF documents, QR payloads, keys, signing and verification: domain objects in, bytes out.

Imports no textual and no store; `service.py` takes the repositories as plain objects.
"""
