//! Go's value kinds as the rack's messages name them (`string`, `!!int`…) and print them
//! (`%v`, `%s`), for the readers' errors.

use super::yaml::{Kind, Node, Scalar};

// Go's formatting of decoded values, for the rack's messages

/// Go's `%T` of what yaml.v2 decodes `node` into as `interface{}`.
pub(crate) fn go_type(node: &Node) -> &'static str {
    match &node.kind {
        Kind::Seq(_) => "[]interface {}",
        Kind::Map(_) => "map[interface {}]interface {}",
        Kind::Scalar { .. } => match node.scalar() {
            Some(Scalar::Null) => "<nil>",
            Some(Scalar::Bool(_)) => "bool",
            Some(Scalar::Int(_)) => "int",
            Some(Scalar::Float(_)) => "float64",
            _ => "string",
        },
    }
}

/// Go's `%v` of what yaml.v2 decodes `node` into.
pub(crate) fn go_value(node: &Node) -> String {
    go_format(node, false)
}

/// Go's `%s` of it: non-strings print as `%!s(int=80)`.
pub(crate) fn go_s(node: &Node) -> String {
    go_format(node, true)
}

pub(crate) fn go_format(node: &Node, s: bool) -> String {
    match &node.kind {
        Kind::Scalar { .. } => {
            let scalar = node.scalar().unwrap_or(Scalar::Null);
            let (ty, v) = match scalar {
                Scalar::Str(v) => return v,
                Scalar::Null => return if s { "%!s(<nil>)".into() } else { "<nil>".into() },
                Scalar::Bool(b) => ("bool", b.to_string()),
                Scalar::Int(i) => ("int", i.to_string()),
                Scalar::Float(f) => ("float64", go_float(f)),
            };
            if s {
                format!("%!s({ty}={v})")
            } else {
                v
            }
        }
        Kind::Seq(items) => {
            format!("[{}]", items.iter().map(|n| go_format(n, s)).collect::<Vec<_>>().join(" "))
        }
        Kind::Map(entries) => {
            let mut pairs: Vec<(String, String)> =
                entries.iter().map(|(k, v)| (go_format(k, false), go_format(v, s))).collect();
            // fmt prints maps sorted by key.
            pairs.sort();
            let inner: Vec<String> = pairs.into_iter().map(|(k, v)| [k, v].join(":")).collect();
            format!("map[{}]", inner.join(" "))
        }
    }
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)`, which `%v` and yaml.v2's marshalling use.
pub(crate) fn go_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0".into() } else { "0".into() };
    }
    // Shortest digits and the decimal exponent, from Rust's shortest round-trip form.
    let e = format!("{f:e}");
    let (mantissa, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    // %g with the shortest precision uses an exponent below 1e-4 and from 1e21 up.
    if !(-4..21).contains(&exp) {
        let rest = if digits.len() > 1 { [".", &digits[1..]].concat() } else { String::new() };
        let sign_e = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{}{rest}e{sign_e}{:02}", &digits[..1], exp.abs());
    }
    let n = digits.len() as i32;
    let body = if exp >= n - 1 {
        [digits.as_str(), &"0".repeat((exp - n + 1) as usize)].concat()
    } else if exp >= 0 {
        let cut = (exp + 1) as usize;
        [&digits[..cut], ".", &digits[cut..]].concat()
    } else {
        ["0.", &"0".repeat((-exp - 1) as usize), digits.as_str()].concat()
    };
    [sign, &body].concat()
}

/// The text yaml.v2 gives a plain scalar after a round trip through `interface{}`.
pub(crate) fn canonical(scalar: &Scalar) -> String {
    match scalar {
        Scalar::Null => String::new(),
        Scalar::Bool(b) => b.to_string(),
        Scalar::Int(i) => i.to_string(),
        Scalar::Float(f) if f.is_nan() => ".nan".into(),
        Scalar::Float(f) if f.is_infinite() => if *f > 0.0 { ".inf" } else { "-.inf" }.into(),
        Scalar::Float(f) => go_float(*f),
        Scalar::Str(s) => s.clone(),
    }
}
