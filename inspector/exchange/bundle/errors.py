"""The one error of bundles: a bundle that cannot be exported or imported, in words."""

from __future__ import annotations


class BundleRefused(Exception):
    """A bundle that cannot be imported, with the reason in words."""


__all__ = ["BundleRefused"]
