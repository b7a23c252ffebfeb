"""Certificate revocation at the office and on laptops: `revoke` (one place for `keys
revoke` and `keys issue --replace`), `renew` (`keys renew-revocations`) and `import_list`
(`keys import-revocations`)."""

from inspector.services.revocation.importing import Imported, ListRefused, import_list
from inspector.services.revocation.renew import (
    RenewalPlan,
    RenewalRefused,
    Renewed,
    expiry_warning,
    plan_renewal,
    renew,
)
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
    "RenewalPlan",
    "RenewalRefused",
    "Renewed",
    "RevocationFailed",
    "RevocationPlan",
    "RevocationRefused",
    "Revoked",
    "archived_certificates",
    "check_reason",
    "expiry_warning",
    "import_list",
    "plan_renewal",
    "plan_replacement",
    "plan_revocation",
    "reason_flag",
    "renew",
    "revoke",
]
