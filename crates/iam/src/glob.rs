//! Symbolic glob matching for IAM action and resource patterns.
//!
//! Strings are split into *atoms*: single characters and opaque symbols. Matching is decided
//! twice, by the same dynamic-programming matcher (O(n·m/64) word operations with bitsets,
//! O(m) memory, no recursion, no backtracking):
//!
//! * **strict**: each symbol is one atom that only equals the identical symbol on the other
//!   side; a pattern `*` may swallow target symbols. A strict match holds for every value of the
//!   symbols (a symbol's text, as a pattern, always matches that same text as a target), so it
//!   answers [`Tri::Yes`].
//! * **relaxed**: every symbol, on either side, may stand for any text, independently of other
//!   occurrences of the same symbol. A pattern symbol then acts like `*`, and a target symbol may
//!   absorb any run of pattern atoms. This over-approximates the possible matches: a relaxed
//!   match answers [`Tri::Maybe`] (even when, because equal symbols are really the same text, no
//!   substitution matches), and no relaxed match answers [`Tri::No`], which is therefore sound.
//!
//! IAM policy variables written in a pattern's literal text (`${aws:username}`) are unknown at
//! lint time: they never match strictly and act like `*` in the relaxed check. The escapes
//! `${*}`, `${?}` and `${$}` stand for the literal characters `*`, `?` and `$`.

use super::Tri;
use super::policy::{Piece, SymStr, identity_kind};
use std::collections::HashMap;

/// One atom of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum PatAtom<'a> {
    /// A character that must be matched literally.
    Char(char),
    /// `?`: exactly one character.
    One,
    /// `*`: any run of characters (and symbols).
    Star,
    /// An opaque symbol.
    Sym(&'a str),
    /// An IAM policy variable (`${aws:username}`): unknown at lint time.
    Var,
}

/// One atom of a matched string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextAtom<'a> {
    /// A character.
    Char(char),
    /// An opaque symbol.
    Sym(&'a str),
}

/// Matches `target` against the glob `pattern` (`*`: any run of characters including `/` and
/// `:`; `?`: one character). `case_insensitive` folds ASCII case (IAM actions); resource ARNs
/// are case-sensitive.
///
/// Answers `Yes` when the pattern matches whatever the symbols stand for, `Maybe` when some
/// choice of symbol values may match, `No` when none can. See the module documentation for the
/// over-approximation made in the `Maybe` case.
pub fn glob_match(pattern: &SymStr, target: &SymStr, case_insensitive: bool) -> Tri {
    if let Some(answer) = literal_fast_path(pattern, target.as_literal(), case_insensitive) {
        return answer;
    }
    if literal_prefixes_differ(pattern, target, case_insensitive)
        || distinct_identities(pattern, target)
    {
        return Tri::No;
    }
    if let Some(answer) = trailing_symbol_fast_path(pattern, target, case_insensitive) {
        return answer;
    }
    if let Some((pattern, target)) = without_common_prefix(pattern, target) {
        return glob_match(&pattern, &target, case_insensitive);
    }
    let pat = pattern_atoms(pattern, true);
    let text = text_atoms(target);
    decide(&pat, &text, case_insensitive)
}

/// Both strings with their identical leading pieces removed, when they share a leading symbol.
/// The same symbol is the same text on both sides, and a pattern prefix without `*`, `?` or a
/// policy variable matches exactly itself, so removing it changes no answer; it lets
/// `${AWS::StackName}-other/*` be told apart from `${AWS::StackName}-src/...` for certain.
fn without_common_prefix(pattern: &SymStr, target: &SymStr) -> Option<(SymStr, SymStr)> {
    let mut shared_symbol = false;
    let mut i = 0;
    let mut partial: Option<(String, String)> = None;
    while let (Some(p), Some(t)) = (pattern.pieces.get(i), target.pieces.get(i)) {
        match (p, t) {
            (Piece::Symbol(a), Piece::Symbol(b)) if a == b => shared_symbol = true,
            (Piece::Lit(a), Piece::Lit(b)) => {
                let same = a
                    .char_indices()
                    .zip(b.chars())
                    .take_while(|((_, x), y)| x == y && !matches!(x, '*' | '?' | '$'))
                    .last()
                    .map_or(0, |((at, x), _)| at + x.len_utf8());
                if same != a.len() || same != b.len() {
                    partial = Some((a[same..].to_string(), b[same..].to_string()));
                    break;
                }
            }
            _ => break,
        }
        i += 1;
    }
    if !shared_symbol {
        return None;
    }
    let rest = |first: Option<String>, pieces: &[Piece]| {
        let mut out = SymStr::default();
        if let Some(text) = first {
            out.push_lit(&text);
        }
        for piece in pieces {
            out.push_piece(piece);
        }
        out
    };
    let skip = i + usize::from(partial.is_some());
    let (p_first, t_first) = partial.map_or((None, None), |(p, t)| (Some(p), Some(t)));
    Some((
        rest(p_first, pattern.pieces.get(skip..).unwrap_or(&[])),
        rest(t_first, target.pieces.get(skip..).unwrap_or(&[])),
    ))
}

/// True when both strings are the same up to two different generated identities of the same
/// kind (`arn:aws:s3:::${RawCopy}/*` and `arn:aws:s3:::${EditedCopy}/k`) that each end the
/// string or a name (a `/` follows: bucket and role names have none; a key's ARN has, so it must
/// end the string). Two resources have different names, so such strings never match. The shared
/// part has no wildcard, which could swallow an identity.
fn distinct_identities(pattern: &SymStr, target: &SymStr) -> bool {
    let ends = |next: Option<&Piece>, kind: &str| match next {
        None => true,
        Some(Piece::Lit(text)) => kind != "arn" && text.starts_with('/'),
        Some(Piece::Symbol(_)) => false,
    };
    let pairs = pattern.pieces.iter().zip(&target.pieces).enumerate();
    for (i, pair) in pairs {
        match pair {
            (Piece::Lit(a), Piece::Lit(b)) if a == b && !a.contains(['*', '?', '$']) => {}
            (Piece::Symbol(a), Piece::Symbol(b)) if a == b => {}
            (Piece::Symbol(a), Piece::Symbol(b)) => {
                return match (identity_kind(&a.key), identity_kind(&b.key)) {
                    (Some(kind), Some(other)) if kind == other => {
                        ends(pattern.pieces.get(i + 1), kind)
                            && ends(target.pieces.get(i + 1), kind)
                    }
                    _ => false,
                };
            }
            _ => return false,
        }
    }
    false
}

/// Like [`glob_match`] with a plain string target (e.g. a requested action).
pub fn glob_match_str(pattern: &SymStr, target: &str, case_insensitive: bool) -> Tri {
    if let Some(answer) = literal_fast_path(pattern, Some(target), case_insensitive) {
        return answer;
    }
    let pat = pattern_atoms(pattern, true);
    let text: Vec<TextAtom<'_>> = target.chars().map(TextAtom::Char).collect();
    decide(&pat, &text, case_insensitive)
}

/// Symbolic equality of two strings, without any wildcard (`*` and `?` are plain characters),
/// e.g. for principals. Answers `Yes` when both are the same sequence of characters and
/// symbols, `Maybe` when some values of the symbols may make them equal, `No` otherwise.
pub fn sym_equals(a: &SymStr, b: &SymStr, case_insensitive: bool) -> Tri {
    if distinct_identities(a, b) {
        return Tri::No;
    }
    let pat = pattern_atoms(a, false);
    let text = text_atoms(b);
    // Identical leading and trailing atoms (the same symbol is the same text) decide nothing:
    // dropping them keeps `arn:${acct}:role/a` and `arn:${acct}:role/b` certainly different.
    let same = |p: &PatAtom<'_>, t: &TextAtom<'_>| match (p, t) {
        (PatAtom::Char(x), TextAtom::Char(y)) => {
            x == y || (case_insensitive && x.eq_ignore_ascii_case(y))
        }
        (PatAtom::Sym(x), TextAtom::Sym(y)) => x == y,
        _ => false,
    };
    let lead = pat
        .iter()
        .zip(&text)
        .take_while(|(p, t)| same(p, t))
        .count();
    let (pat, text) = (&pat[lead..], &text[lead..]);
    let trail = pat
        .iter()
        .rev()
        .zip(text.iter().rev())
        .take_while(|(p, t)| same(p, t))
        .count();
    decide(
        &pat[..pat.len() - trail],
        &text[..text.len() - trail],
        case_insensitive,
    )
}

/// Runs the strict matcher, then (when symbols are involved) the relaxed one.
/// The common case without allocation: an ASCII pattern with no symbol and no policy variable
/// against an ASCII literal target. `None` when the general matcher is needed.
fn literal_fast_path(
    pattern: &SymStr,
    target: Option<&str>,
    case_insensitive: bool,
) -> Option<Tri> {
    let (p, t) = (pattern.as_literal()?, target?);
    if !p.is_ascii() || !t.is_ascii() || p.contains("${") {
        return None;
    }
    Some(Tri::from_bool(ascii_glob(
        p.as_bytes(),
        t.as_bytes(),
        false,
        case_insensitive,
    )))
}

/// True when the literal text before the pattern's first wildcard, symbol or policy variable
/// differs from the target's leading literal text within their common length: no match is
/// possible then, whatever the symbols stand for.
fn literal_prefixes_differ(pattern: &SymStr, target: &SymStr, case_insensitive: bool) -> bool {
    let (Some(Piece::Lit(p)), Some(Piece::Lit(t))) =
        (pattern.pieces.first(), target.pieces.first())
    else {
        return false;
    };
    let fixed = p.find(['*', '?', '$']).map_or(p.as_str(), |end| &p[..end]);
    fixed.chars().zip(t.chars()).any(|(a, b)| {
        if case_insensitive {
            !a.eq_ignore_ascii_case(&b) && a.to_lowercase().ne(b.to_lowercase())
        } else {
            a != b
        }
    })
}

/// Greedy `*`/`?` matching over ASCII bytes, backtracking only to the last `*`. With
/// `trailing_symbol`, the text ends in one symbol, which only a `*` can swallow.
fn ascii_glob(p: &[u8], t: &[u8], trailing_symbol: bool, case_insensitive: bool) -> bool {
    const SYMBOL: u8 = 0;
    let same = |a: u8, b: u8| {
        if case_insensitive {
            a.eq_ignore_ascii_case(&b)
        } else {
            a == b
        }
    };
    let at = |i: usize| {
        t.get(i)
            .copied()
            .or((trailing_symbol && i == t.len()).then_some(SYMBOL))
    };
    let (mut pi, mut ti) = (0, 0);
    let mut last_star: Option<(usize, usize)> = None;
    while let Some(tc) = at(ti) {
        match p.get(pi) {
            Some(b'*') => {
                last_star = Some((pi, ti));
                pi += 1;
            }
            Some(&pc) if tc != SYMBOL && (pc == b'?' || same(pc, tc)) => {
                pi += 1;
                ti += 1;
            }
            _ => match last_star {
                Some((star, from)) => {
                    pi = star + 1;
                    ti = from + 1;
                    last_star = Some((star, from + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|&c| c == b'*'))
}

/// The shape of object ARNs, without allocation: an ASCII literal pattern (no symbol, no policy
/// variable) against an ASCII literal followed by one symbol (`bucket/prefix/${key}`).
fn trailing_symbol_fast_path(
    pattern: &SymStr,
    target: &SymStr,
    case_insensitive: bool,
) -> Option<Tri> {
    let p = pattern.as_literal()?;
    let [Piece::Lit(l), Piece::Symbol(_)] = target.pieces.as_slice() else {
        return None;
    };
    if !p.is_ascii() || !l.is_ascii() || p.contains("${") || p.contains('\0') || p.len() >= 127 {
        return None;
    }
    let (p, l) = (p.as_bytes(), l.as_bytes());
    if ascii_glob(p, l, true, case_insensitive) {
        return Some(Tri::Yes);
    }
    Some(if live_after_prefix(p, l, case_insensitive) {
        Tri::Maybe
    } else {
        Tri::No
    })
}

/// Whether some text that starts with `prefix` matches the pattern (`p.len() < 127`): the set
/// of pattern positions reachable after reading `prefix` is not empty, and from any position the
/// rest of a glob pattern can always be matched.
fn live_after_prefix(p: &[u8], prefix: &[u8], case_insensitive: bool) -> bool {
    let same = |a: u8, b: u8| {
        if case_insensitive {
            a.eq_ignore_ascii_case(&b)
        } else {
            a == b
        }
    };
    let close = |mut states: u128| {
        for (i, &c) in p.iter().enumerate() {
            if c == b'*' && states & (1 << i) != 0 {
                states |= 1 << (i + 1);
            }
        }
        states
    };
    let mut states = close(1);
    for &c in prefix {
        let mut next = 0u128;
        for (i, &pc) in p.iter().enumerate() {
            if states & (1 << i) == 0 {
                continue;
            }
            if pc == b'*' {
                next |= 1 << i;
            } else if pc == b'?' || same(pc, c) {
                next |= 1 << (i + 1);
            }
        }
        states = close(next);
        if states == 0 {
            return false;
        }
    }
    true
}

fn decide(pat: &[PatAtom<'_>], text: &[TextAtom<'_>], case_insensitive: bool) -> Tri {
    if run(pat, text, false, case_insensitive) {
        return Tri::Yes;
    }
    let unknowns = pat
        .iter()
        .any(|a| matches!(a, PatAtom::Sym(_) | PatAtom::Var))
        || text.iter().any(|a| matches!(a, TextAtom::Sym(_)));
    if unknowns && run(pat, text, true, case_insensitive) {
        Tri::Maybe
    } else {
        Tri::No
    }
}

/// Splits a pattern into atoms. With `wildcards`, `*` and `?` are wildcards and `${...}` in
/// literal text is an IAM policy variable; without, every character is literal.
fn pattern_atoms(s: &SymStr, wildcards: bool) -> Vec<PatAtom<'_>> {
    let mut out = Vec::new();
    for piece in &s.pieces {
        match piece {
            Piece::Symbol(k) => out.push(PatAtom::Sym(&k.key)),
            Piece::Lit(text) if !wildcards => out.extend(text.chars().map(PatAtom::Char)),
            Piece::Lit(text) => push_glob_literal(text, &mut out),
        }
    }
    out
}

/// Appends the atoms of the literal text of a glob pattern.
fn push_glob_literal<'a>(text: &str, out: &mut Vec<PatAtom<'a>>) {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("${")
            && let Some(close) = after.find('}')
        {
            let name = after.get(..close).unwrap_or("");
            out.push(match name {
                "*" => PatAtom::Char('*'),
                "?" => PatAtom::Char('?'),
                "$" => PatAtom::Char('$'),
                _ => PatAtom::Var,
            });
            rest = after.get(close + 1..).unwrap_or("");
            continue;
        }
        match c {
            // Consecutive stars are one star.
            '*' if out.last() == Some(&PatAtom::Star) => {}
            '*' => out.push(PatAtom::Star),
            '?' => out.push(PatAtom::One),
            _ => out.push(PatAtom::Char(c)),
        }
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
}

/// Splits a target string into atoms.
fn text_atoms(s: &SymStr) -> Vec<TextAtom<'_>> {
    let mut out = Vec::new();
    for piece in &s.pieces {
        match piece {
            Piece::Symbol(k) => out.push(TextAtom::Sym(&k.key)),
            Piece::Lit(text) => out.extend(text.chars().map(TextAtom::Char)),
        }
    }
    out
}

/// Whether a single-width pattern atom matches a target atom (strict sense).
fn atom_matches(p: PatAtom<'_>, t: TextAtom<'_>, case_insensitive: bool) -> bool {
    match (p, t) {
        (PatAtom::Char(a), TextAtom::Char(b)) => {
            a == b || (case_insensitive && a.eq_ignore_ascii_case(&b))
        }
        (PatAtom::One, TextAtom::Char(_)) => true,
        (PatAtom::Sym(a), TextAtom::Sym(b)) => a == b,
        _ => false,
    }
}

/// The matcher. Row `i` of the table says, for each target position `j`, whether the first `i`
/// pattern atoms can match exactly the first `j` target atoms (`at`, bit `j`), and — relaxed
/// mode only — whether they can match the first `j` target atoms plus a non-final part of
/// target symbol `j` (`inside`, bit `j`). Only the current row is kept, as bitsets of 64
/// positions a word: each pattern atom costs O(m/64) word operations.
fn run(pat: &[PatAtom<'_>], text: &[TextAtom<'_>], relaxed: bool, case_insensitive: bool) -> bool {
    let m = text.len();
    let words = m / 64 + 1;
    let sym = mask(text, words, |t| matches!(t, TextAtom::Sym(_)));
    let has_sym = sym.iter().any(|&w| w != 0);
    let mut masks: HashMap<PatAtom<'_>, Vec<u64>> = HashMap::new();
    let mut at = vec![0u64; words];
    let mut inside = vec![0u64; words];
    let mut next = vec![0u64; words];
    if let Some(first) = at.first_mut() {
        *first = 1;
    }
    if relaxed && has_sym {
        close_chain(&mut at, &mut inside, &sym);
    }

    for &p in pat {
        let star = match p {
            PatAtom::Star => true,
            PatAtom::Sym(_) | PatAtom::Var => relaxed,
            PatAtom::Char(_) | PatAtom::One => false,
        };
        if star {
            // The star (or unknown pattern text) matching nothing, then swallowing any number
            // of target atoms: every position from the first reachable one on.
            next.copy_from_slice(&at);
            if relaxed {
                or_shifted(&mut next, &inside);
            }
            fill_from_lowest(&mut next, m);
            if relaxed {
                for ((i, &a), &s) in inside.iter_mut().zip(&next).zip(&sym) {
                    *i |= a & s;
                }
            }
        } else {
            if p == PatAtom::Var {
                // Strict mode: an IAM policy variable matches nothing for sure.
                next.fill(0);
            } else {
                let step = masks
                    .entry(p)
                    .or_insert_with(|| mask(text, words, |t| atom_matches(p, t, case_insensitive)));
                shift_and(&mut next, &at, step);
            }
            if relaxed {
                // `inside` is kept: the target symbol absorbs the pattern atom.
                or_shifted(&mut next, &inside);
                if has_sym {
                    close_chain(&mut next, &mut inside, &sym);
                }
            } else {
                inside.fill(0);
            }
        }
        std::mem::swap(&mut at, &mut next);
        if at.iter().all(|&w| w == 0) && inside.iter().all(|&w| w == 0) {
            return false;
        }
    }
    at.get(m / 64).is_some_and(|w| (w >> (m % 64)) & 1 == 1)
}

/// The bitset of target positions whose atom satisfies `pred`.
fn mask(text: &[TextAtom<'_>], words: usize, pred: impl Fn(TextAtom<'_>) -> bool) -> Vec<u64> {
    let mut out = vec![0u64; words];
    for (j, &t) in text.iter().enumerate() {
        if pred(t)
            && let Some(w) = out.get_mut(j / 64)
        {
            *w |= 1 << (j % 64);
        }
    }
    out
}

/// `dst = (src & step) << 1`: the positions reached by matching one atom.
fn shift_and(dst: &mut [u64], src: &[u64], step: &[u64]) {
    let mut carry = 0;
    for ((d, &s), &k) in dst.iter_mut().zip(src).zip(step) {
        let v = s & k;
        *d = (v << 1) | carry;
        carry = v >> 63;
    }
}

/// `dst |= src << 1`: leaving a target symbol.
fn or_shifted(dst: &mut [u64], src: &[u64]) {
    let mut carry = 0;
    for (d, &s) in dst.iter_mut().zip(src) {
        *d |= (s << 1) | carry;
        carry = s >> 63;
    }
}

/// Sets every position from the lowest set one up to `last` (inclusive).
fn fill_from_lowest(bits: &mut [u64], last: usize) {
    let mut filling = false;
    for w in bits.iter_mut() {
        if filling {
            *w = u64::MAX;
        } else if *w != 0 {
            let low = *w & w.wrapping_neg();
            *w = !(low - 1);
            filling = true;
        }
    }
    // Keep positions past `last` clear.
    let (word, bit) = (last / 64, last % 64);
    for (i, w) in bits.iter_mut().enumerate() {
        if i == word {
            *w &= u64::MAX >> (63 - bit);
        } else if i > word {
            *w = 0;
        }
    }
}

/// Relaxed closure without a star: reaching position `j` of a target symbol lets the symbol
/// stand for nothing more (reach `j + 1`) and marks it entered; this chains through runs of
/// symbols. Computed with a doubling scheme inside each word and a carry between words.
fn close_chain(at: &mut [u64], inside: &mut [u64], sym: &[u64]) {
    let mut carry = 0;
    for ((a, i), &s) in at.iter_mut().zip(inside.iter_mut()).zip(sym) {
        let mut reach = *a | carry;
        let mut span = s;
        for k in [1, 2, 4, 8, 16, 32] {
            reach |= (reach & span) << k;
            span &= span >> k;
        }
        carry = (reach & s) >> 63;
        *a = reach;
        *i |= reach & s;
    }
}

#[cfg(test)]
mod sym_equals_tests {
    use super::*;

    #[test]
    fn shared_symbols_do_not_blur_different_text() {
        let a = SymStr::from_template("arn:aws:iam::${acct}:role/other");
        let b = SymStr::from_template("arn:aws:iam::${acct}:role/replication");
        assert_eq!(sym_equals(&a, &b, false), Tri::No);
        assert_eq!(sym_equals(&a, &a, false), Tri::Yes);
        let c = SymStr::from_template("arn:aws:iam::${other}:role/other");
        assert_eq!(sym_equals(&a, &c, false), Tri::Maybe);
    }
}

#[cfg(test)]
mod identity_tests {
    use super::*;

    /// `prefix` + the generated identity of `address` in unit 0 (`attr`) + `suffix`, shown as
    /// `address.attr`.
    fn id(prefix: &str, address: &str, attr: &str, suffix: &str) -> SymStr {
        let mut out = SymStr::lit(prefix);
        let key = format!("{address}.{attr}");
        out.push_identity(0, &key, &key);
        out.push_lit(suffix);
        out
    }

    #[test]
    fn two_resources_generated_names_never_match() {
        let raw = id("arn:aws:s3:::", "RawCopy", "bucket", "");
        let edited = id("arn:aws:s3:::", "EditedCopy", "bucket", "");
        assert_eq!(sym_equals(&raw, &edited, false), Tri::No);
        assert_eq!(sym_equals(&raw, &raw, false), Tri::Yes);
        let pattern = id("arn:aws:s3:::", "RawCopy", "bucket", "/*");
        let object = id("arn:aws:s3:::", "EditedCopy", "bucket", "/k");
        assert_eq!(glob_match(&pattern, &object, false), Tri::No);
        let own = id("arn:aws:s3:::", "RawCopy", "bucket", "/k");
        assert_eq!(glob_match(&pattern, &own, false), Tri::Yes);
        let key = id("", "aws_kms_key.a", "arn", "");
        assert_eq!(
            sym_equals(&key, &id("", "aws_kms_key.b", "arn", ""), false),
            Tri::No
        );
    }

    #[test]
    fn an_identity_may_still_be_any_other_text() {
        let raw = id("arn:aws:s3:::", "RawCopy", "bucket", "/*");
        // A literal name, a variable, or a wildcard before the identity may match it.
        let literal = SymStr::lit("arn:aws:s3:::stack-rawcopy-1x2y/k");
        assert_eq!(glob_match(&raw, &literal, false), Tri::Maybe);
        let var = SymStr::from_template("arn:aws:s3:::${var.b}/k");
        assert_eq!(glob_match(&raw, &var, false), Tri::Maybe);
        let star = id("arn:aws:s3:::*", "RawCopy", "bucket", "/*");
        let other = id("arn:aws:s3:::", "EditedCopy", "bucket", "/k");
        assert_eq!(glob_match(&star, &other, false), Tri::Maybe);
        // A name that may go on (`*` right after it) may be a prefix of the other's.
        let open = id("arn:aws:s3:::", "RawCopy", "bucket", "*");
        assert_eq!(glob_match(&open, &other, false), Tri::Maybe);
        // A key ARN contains `/`: only a whole ARN is told apart.
        let key = id("", "aws_kms_key.a", "arn", "/x");
        let other_key = id("", "aws_kms_key.b", "arn", "/x");
        assert_eq!(sym_equals(&key, &other_key, false), Tri::Maybe);
        // Different kinds.
        let role = id("arn:aws:s3:::", "Role", "name", "");
        assert_eq!(
            sym_equals(&id("arn:aws:s3:::", "RawCopy", "bucket", ""), &role, false),
            Tri::Maybe
        );
    }

    #[test]
    fn identities_display_as_written() {
        assert_eq!(
            id("arn:aws:s3:::", "RawCopy", "bucket", "/*").to_string(),
            "arn:aws:s3:::${RawCopy.bucket}/*"
        );
        let mut cfn = SymStr::lit("arn:aws:s3:::");
        cfn.push_identity(0, "RawCopy.bucket", "${RawCopy}");
        cfn.push_lit("/*");
        assert_eq!(cfn.to_string(), "arn:aws:s3:::${RawCopy}/*");
        assert_eq!(identity_kind("#3#aws_s3_bucket.b.bucket"), Some("bucket"));
        assert_eq!(identity_kind("aws_s3_bucket.b.bucket"), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::s;
    use Tri::{Maybe, No, Yes};

    /// The reference matcher, one `bool` per cell (the bit-parallel [`run`] must agree). Row `i` of the table says, for each target position `j`, whether the first `i`
    /// pattern atoms can match exactly the first `j` target atoms (`at[j]`), and — relaxed mode only
    /// — whether they can match the first `j` target atoms plus a non-final part of target symbol
    /// `j` (`inside[j]`). Only the current row is kept.
    fn run_scalar(
        pat: &[PatAtom<'_>],
        text: &[TextAtom<'_>],
        relaxed: bool,
        case_insensitive: bool,
    ) -> bool {
        let m = text.len();
        let is_sym: Vec<bool> = text.iter().map(|t| matches!(t, TextAtom::Sym(_))).collect();
        let mut at = vec![false; m + 1];
        let mut inside = vec![false; m];
        let mut next_at = vec![false; m + 1];
        let mut next_inside = vec![false; m];
        if let Some(first) = at.first_mut() {
            *first = true;
        }
        close_row(&mut at, &mut inside, &is_sym, false, relaxed);

        for &p in pat {
            next_at.fill(false);
            next_inside.fill(false);
            let star = match p {
                PatAtom::Star => true,
                PatAtom::Sym(_) | PatAtom::Var => relaxed,
                _ => false,
            };
            if star {
                // The star (or unknown pattern text) matching nothing; the closure below lets it
                // consume target atoms.
                next_at.copy_from_slice(&at);
            } else {
                for ((dst, &src), &t) in next_at.iter_mut().skip(1).zip(&at).zip(text) {
                    *dst = src && atom_matches(p, t, case_insensitive);
                }
            }
            if relaxed {
                // A target symbol absorbs the pattern atom.
                next_inside.copy_from_slice(&inside);
            }
            close_row(&mut next_at, &mut next_inside, &is_sym, star, relaxed);
            std::mem::swap(&mut at, &mut next_at);
            std::mem::swap(&mut inside, &mut next_inside);
            if !at.iter().any(|&b| b) && !inside.iter().any(|&b| b) {
                return false;
            }
        }
        at.last().copied().unwrap_or(false)
    }

    /// Completes a row with the moves that consume target atoms but no pattern atom: a star
    /// swallowing the next target atom, entering a target symbol (relaxed) and leaving it.
    fn close_row(at: &mut [bool], inside: &mut [bool], is_sym: &[bool], star: bool, relaxed: bool) {
        let mut prev_at = false;
        let mut prev_inside = false;
        for (j, cell) in at.iter_mut().enumerate() {
            if (star && prev_at) || (relaxed && prev_inside) {
                *cell = true;
            }
            prev_at = *cell;
            prev_inside = false;
            if let (Some(ins), Some(&sym)) = (inside.get_mut(j), is_sym.get(j)) {
                if relaxed && sym && *cell {
                    *ins = true;
                }
                prev_inside = *ins;
            }
        }
    }

    fn g(p: &str, t: &str) -> Tri {
        glob_match(&s(p), &s(t), false)
    }

    #[test]
    fn literal_and_wildcards() {
        assert_eq!(g("abc", "abc"), Yes);
        assert_eq!(g("abc", "abd"), No);
        assert_eq!(g("abc", "ab"), No);
        assert_eq!(g("ab", "abc"), No);
        assert_eq!(g("", ""), Yes);
        assert_eq!(g("*", ""), Yes);
        assert_eq!(g("*", "anything/at:all"), Yes);
        assert_eq!(g("a*c", "abbbc"), Yes);
        assert_eq!(g("a*c", "ac"), Yes);
        assert_eq!(g("a*c", "abcd"), No);
        assert_eq!(g("a?c", "abc"), Yes);
        assert_eq!(g("a?c", "ac"), No);
        assert_eq!(g("a?c", "abbc"), No);
        assert_eq!(g("**", "x"), Yes);
        assert_eq!(g("*a*b*", "xxaxxbxx"), Yes);
        assert_eq!(g("*a*b*", "xxbxxaxx"), No);
    }

    #[test]
    fn star_crosses_separators() {
        assert_eq!(g("arn:aws:s3:::b/*", "arn:aws:s3:::b/x/y/z"), Yes);
        assert_eq!(g("arn:*:s3:::b", "arn:aws:s3:::b"), Yes);
        assert_eq!(g("arn:aws:s3:::b/*", "arn:aws:s3:::b"), No);
        assert_eq!(g("arn:aws:s3:::b", "arn:aws:s3:::b/*"), No);
    }

    #[test]
    fn case_sensitivity() {
        assert_eq!(g("arn:aws:s3:::Bucket", "arn:aws:s3:::bucket"), No);
        assert_eq!(glob_match(&s("S3:Get*"), &s("s3:getobject"), true), Yes);
        assert_eq!(glob_match(&s("S3:Get*"), &s("s3:getobject"), false), No);
    }

    #[test]
    fn target_wildcard_characters_are_literal() {
        // The target's `*` is a plain character, matched by the pattern's `*` or `?`.
        assert_eq!(g("b/*", "b/*"), Yes);
        assert_eq!(g("b/?", "b/*"), Yes);
        assert_eq!(g("b/x", "b/*"), No);
    }

    #[test]
    fn symbols_strict_and_relaxed() {
        assert_eq!(g("arn:aws:s3:::${var.b}/*", "arn:aws:s3:::${var.b}/*"), Yes);
        assert_eq!(
            g("arn:aws:s3:::${var.b}/*", "arn:aws:s3:::${var.b}/k/x"),
            Yes
        );
        assert_eq!(g("arn:aws:s3:::${var.b}/*", "arn:aws:s3:::real/*"), Maybe);
        assert_eq!(g("arn:aws:s3:::real/*", "arn:aws:s3:::${var.b}/*"), Maybe);
        assert_eq!(
            g("arn:aws:s3:::${var.a}/*", "arn:aws:s3:::${var.b}/*"),
            Maybe
        );
        assert_eq!(g("*", "${x}"), Yes);
        assert_eq!(g("a*", "a${x}b"), Yes);
        assert_eq!(g("${x}", "${x}"), Yes);
        // Impossible whatever the symbols are: the literal parts disagree.
        assert_eq!(g("arn:aws:s3:::${var.b}/*", "arn:aws:sqs:::x/y"), No);
        assert_eq!(g("arn:aws:s3:::real/*", "arn:aws:kms:${r}:1:key/${k}"), No);
        assert_eq!(g("${p}:suffix", "prefix:other"), No);
        // `${var.b}` is the same text on both sides: once the shared prefix is set aside the
        // bucket ARN plainly does not cover its objects.
        assert_eq!(g("arn:aws:s3:::${var.b}", "arn:aws:s3:::${var.b}/*"), No);
        // Symbols that differ are still relaxed independently (over-approximation, never No).
        assert_eq!(g("arn:aws:s3:::${var.a}", "arn:aws:s3:::${var.b}/*"), Maybe);
    }

    #[test]
    fn target_symbol_absorbs_pattern_runs() {
        assert_eq!(g("ab*cd", "a${x}d"), Maybe);
        assert_eq!(g("x*y*z", "${a}q${b}"), Maybe);
        assert_eq!(g("abc", "${x}"), Maybe);
        assert_eq!(g("a?c", "a${x}c"), Maybe);
        assert_eq!(g("", "${x}"), Maybe);
        assert_eq!(g("abc", "${x}d"), No);
        assert_eq!(g("abc", "z${x}"), No);
    }

    #[test]
    fn pattern_symbol_acts_like_star_when_relaxed() {
        assert_eq!(g("arn:${p}:s3:::b", "arn:aws:s3:::b"), Maybe);
        assert_eq!(g("${p}", ""), Maybe);
        assert_eq!(g("a${p}c", "abbbbbc"), Maybe);
        assert_eq!(g("a${p}c", "abbbbbd"), No);
    }

    #[test]
    fn policy_variables_are_unknown() {
        let mut pat = SymStr::lit("arn:aws:s3:::b/home/${aws:username}/*");
        assert_eq!(
            glob_match(&pat, &s("arn:aws:s3:::b/home/bob/x"), false),
            Maybe
        );
        assert_eq!(glob_match(&pat, &s("arn:aws:s3:::c/home/bob/x"), false), No);
        pat = SymStr::lit("arn:aws:s3:::b/${*}");
        assert_eq!(glob_match(&pat, &s("arn:aws:s3:::b/*"), false), Yes);
        assert_eq!(glob_match(&pat, &s("arn:aws:s3:::b/x"), false), No);
        pat = SymStr::lit("a${?}${$}");
        assert_eq!(glob_match(&pat, &s("a?$"), false), Yes);
        // An unclosed `${` is plain text.
        pat = SymStr::lit("a${b");
        assert_eq!(glob_match(&pat, &SymStr::lit("a${b"), false), Yes);
    }

    #[test]
    fn equality_without_wildcards() {
        assert_eq!(sym_equals(&s("a*"), &s("a*"), false), Yes);
        assert_eq!(sym_equals(&s("a*"), &s("abc"), false), No);
        assert_eq!(sym_equals(&s("a?"), &s("ab"), false), No);
        assert_eq!(
            sym_equals(&s("S3.amazonaws.com"), &s("s3.amazonaws.com"), true),
            Yes
        );
        assert_eq!(
            sym_equals(&s("${x}.amazonaws.com"), &s("s3.amazonaws.com"), true),
            Maybe
        );
        assert_eq!(
            sym_equals(&s("${x}.amazonaws.com"), &s("s3.example.com"), true),
            No
        );
        assert_eq!(sym_equals(&s("${x}"), &s("${x}"), false), Yes);
        assert_eq!(sym_equals(&s("${x}"), &s("${y}"), false), Maybe);
        assert_eq!(sym_equals(&s("a"), &s("${y}"), false), Maybe);
    }

    #[test]
    fn unicode_does_not_panic() {
        assert_eq!(g("é*ü", "éaaü"), Yes);
        assert_eq!(g("?", "é"), Yes);
        assert_eq!(g("${x}é", "ü"), No);
        assert_eq!(glob_match(&SymStr::lit("${é}"), &s("x"), false), Maybe);
    }

    #[test]
    fn str_target_helper() {
        assert_eq!(glob_match_str(&s("s3:*"), "S3:GetObject", true), Yes);
        assert_eq!(glob_match_str(&s("s3:${a}"), "s3:GetObject", true), Maybe);
    }

    /// A small deterministic pseudo-random generator (xorshift).
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    fn random_pattern(rng: &mut Rng, len: u64) -> Vec<PatAtom<'static>> {
        (0..len)
            .map(|_| match rng.below(12) {
                0..=3 => PatAtom::Char('a'),
                4 | 5 => PatAtom::Char('B'),
                6 | 7 => PatAtom::Star,
                8 => PatAtom::One,
                9 => PatAtom::Sym("x"),
                10 => PatAtom::Sym("y"),
                _ => PatAtom::Var,
            })
            .collect()
    }

    fn random_text(rng: &mut Rng, len: u64) -> Vec<TextAtom<'static>> {
        (0..len)
            .map(|_| match rng.below(10) {
                0..=4 => TextAtom::Char('a'),
                5..=7 => TextAtom::Char('b'),
                8 => TextAtom::Sym("x"),
                _ => TextAtom::Sym("y"),
            })
            .collect()
    }

    #[test]
    fn bitset_matcher_agrees_with_reference() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut seen = [0u32; 2];
        for round in 0..4_000 {
            // Mostly short strings, some long enough to cross 64-bit words.
            let (pmax, tmax) = if round % 10 == 0 { (40, 200) } else { (8, 10) };
            let plen = rng.below(pmax + 1);
            let pat = random_pattern(&mut rng, plen);
            let tlen = rng.below(tmax + 1);
            let text = random_text(&mut rng, tlen);
            for relaxed in [false, true] {
                for ci in [false, true] {
                    let fast = run(&pat, &text, relaxed, ci);
                    seen[usize::from(fast)] += 1;
                    assert_eq!(
                        fast,
                        run_scalar(&pat, &text, relaxed, ci),
                        "pattern {pat:?} text {text:?} relaxed {relaxed} ci {ci}"
                    );
                }
            }
        }
        // Both outcomes are exercised.
        assert!(seen[0] > 1_000 && seen[1] > 1_000, "{seen:?}");
    }

    #[test]
    fn literal_fast_path_agrees_with_the_general_matcher() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let pick = |rng: &mut Rng, alphabet: &[u8], len: u64| -> String {
            (0..len)
                .map(|_| char::from(alphabet[rng.below(alphabet.len() as u64) as usize]))
                .collect()
        };
        for _ in 0..4_000 {
            let (plen, tlen) = (rng.below(9), rng.below(11));
            let pattern = pick(&mut rng, b"aB*?", plen);
            let target = pick(&mut rng, b"ab", tlen);
            for ci in [false, true] {
                let general = decide(
                    &pattern_atoms(&s(&pattern), true),
                    &text_atoms(&s(&target)),
                    ci,
                );
                assert_eq!(
                    Tri::from_bool(ascii_glob(pattern.as_bytes(), target.as_bytes(), false, ci)),
                    general,
                    "pattern {pattern:?} target {target:?} ci {ci}"
                );
            }
        }
    }

    #[test]
    fn trailing_symbol_fast_path_agrees_with_the_general_matcher() {
        let mut rng = Rng(0x1234_5678_9abc_def1);
        let pick = |rng: &mut Rng, alphabet: &[u8], len: u64| -> String {
            (0..len)
                .map(|_| char::from(alphabet[rng.below(alphabet.len() as u64) as usize]))
                .collect()
        };
        for _ in 0..4_000 {
            let (plen, tlen) = (rng.below(9), rng.below(8));
            let pattern = s(&pick(&mut rng, b"aB*?", plen));
            let mut target = s(&pick(&mut rng, b"ab", tlen));
            target.push_symbol("key");
            for ci in [false, true] {
                let general = decide(&pattern_atoms(&pattern, true), &text_atoms(&target), ci);
                if target.pieces.len() == 2 {
                    assert_eq!(
                        trailing_symbol_fast_path(&pattern, &target, ci),
                        Some(general),
                        "pattern {pattern} target {target} ci {ci}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_shared_symbolic_prefix_is_compared_exactly() {
        let src = s("arn:aws:s3:::${AWS::StackName}-src/${key}");
        assert_eq!(
            glob_match(&s("arn:aws:s3:::${AWS::StackName}-other/*"), &src, false),
            No
        );
        assert_eq!(
            glob_match(&s("arn:aws:s3:::${AWS::StackName}-src/*"), &src, false),
            Yes
        );
        assert_eq!(
            glob_match(&s("arn:aws:s3:::${AWS::StackName}-*"), &src, false),
            Yes
        );
        assert_eq!(
            glob_match(&s("arn:aws:s3:::${AWS::StackName}${x}/*"), &src, false),
            Maybe
        );
        // A wildcard before the shared symbol keeps the general answer.
        assert_eq!(
            glob_match(&s("arn:*:s3:::${AWS::StackName}-other/*"), &src, false),
            Maybe
        );
    }

    #[test]
    fn long_symbol_runs_cross_words() {
        // 130 consecutive target symbols: relaxed, the pattern text may sit anywhere in them.
        let mut target = SymStr::lit("a");
        for i in 0..130 {
            target.push_symbol(&format!("s{i}"));
        }
        target.push_lit("z");
        assert_eq!(glob_match(&SymStr::lit("abcz"), &target, false), Maybe);
        assert_eq!(glob_match(&SymStr::lit("abcy"), &target, false), No);
        assert_eq!(glob_match(&SymStr::lit("a*z"), &target, false), Yes);
    }

    #[test]
    fn pathological_pattern_finishes() {
        let pattern = "*a".repeat(5_000);
        let target = "a".repeat(4_999) + "b";
        assert_eq!(g(&pattern, &target), No);
        let target = "a".repeat(5_000);
        assert_eq!(g(&pattern, &target), Yes);
        let mut sym_target = SymStr::lit(&"ab".repeat(2_500));
        sym_target.push_symbol("x");
        assert_eq!(
            glob_match(&SymStr::lit(&pattern), &sym_target, false),
            Maybe
        );
    }
}
