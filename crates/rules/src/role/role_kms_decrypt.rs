//! RL311 role-kms-decrypt: the role cannot decrypt the KMS-encrypted source objects.

use crate::prelude::*;

declare_rule! {
    id: RL311,
    name: "role-kms-decrypt",
    severity: Error,
    default_enabled: true,
    summary: "SSE-KMS objects are selected and the role lacks kms:Decrypt on the source key (or its conditions never hold for S3).",
    check: owned_needs,
}
