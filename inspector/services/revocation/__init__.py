"""Certificate revocation at the office and on laptops: `revoke` (one place for `keys
revoke` and `keys issue --replace`) and `import_list` (`keys import-revocations`)."""

from inspector.services.revocation.importing import Imported, ListRefused, import_list
from inspector.services.revocation.revoke import (
    RevocationFailed,
    RevocationPlan,
    RevocationRefused,
    Revoked,
    archived_certificates,
    check_reason,
    plan_replacement,
    plan_revocation,
    reason_flag,
    revoke,
)

__all__ = [
    "Imported",
    "ListRefused",
    "RevocationFailed",
    "RevocationPlan",
    "RevocationRefused",
    "Revoked",
    "archived_certificates",
    "check_reason",
    "import_list",
    "plan_replacement",
    "plan_revocation",
    "reason_flag",
    "revoke",
]
