//! Object Lock, replica modification sync and two-way replication (RL6xx).

mod edges;
pub mod object_lock_destination;
pub mod replica_modifications_pair;
pub mod replication_chain;
