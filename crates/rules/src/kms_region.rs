//! The one place that decides the region S3 names in `kms:ViaService`.

use repl_lint_iam::policy::SymStr;
use repl_lint_model::Model;
use repl_lint_syntax::value::Value;

/// The region S3 names in `kms:ViaService` (`s3.<region>.amazonaws.com`) when it uses a key for
/// the objects of `bucket`: the bucket's region where the files state it (provider or resource
/// `region`), else the region in the key's ARN (a working key is in the bucket's region). The one
/// place that decides it.
pub fn kms_region(
    model: &Model,
    bucket: Option<usize>,
    key: Option<usize>,
    written: &SymStr,
) -> Option<String> {
    if let Some(region) =
        bucket.and_then(|b| repl_lint_model::placement::region_of_bucket(model, b).literal)
    {
        return Some(region.to_string());
    }
    let from_arn = |arn: &str| {
        let mut parts = arn.split(':');
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some("arn"), Some(_), Some("kms"), Some(region)) if !region.is_empty() => {
                Some(region.to_string())
            }
            _ => None,
        }
    };
    let stated = key
        .and_then(|k| model.keys.get(k))
        .and_then(|k| k.arn.as_ref())
        .and_then(Value::as_str);
    stated.or(written.as_literal()).and_then(from_arn)
}
