//! RL312 role-kms-encrypt: the role cannot encrypt replicas with the replica key.

use crate::prelude::*;

declare_rule! {
    id: RL312,
    name: "role-kms-encrypt",
    severity: Error,
    default_enabled: true,
    summary: "A replica key is set and the role lacks kms:Encrypt on it (without a replica key: kms:GenerateDataKey on the destination default KMS key, info).",
    check: owned_needs,
}
