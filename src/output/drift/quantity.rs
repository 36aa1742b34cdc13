//! Kubernetes quantities in the canonical form the API server prints them in, so that a
//! rendered `1024Mi` and the cluster's `1Gi` compare equal.
//!
//! k8s-openapi's `Quantity` is a plain string (it neither parses nor normalises), so this is a
//! small port of `k8s.io/apimachinery/pkg/api/resource` `Quantity.CanonicalizeBytes`:
//! - the number is kept exactly as a mantissa and a power of ten (`i64`; a quantity too large
//!   for that is left as written);
//! - a binary suffix (`Ki` … `Ei`) prints in binary form when the value is a whole number of at
//!   least 1024 (the mantissa stripped of factors of 1024), else in decimal form; a decimal
//!   suffix (`m`, `k`, `M` …) or none prints in decimal form, an exponent (`1e3`) in exponent
//!   form;
//! - decimal forms strip trailing zeros into the exponent, then lower the exponent to a multiple
//!   of three (`2000m` → `2`, `0.5` → `500m`, `1000` → `1k`);
//! - resource lists (`pkg/apis/core/v1/defaults.go` `SetDefaults_ResourceList`) first round up
//!   to milli units (`RoundUp(-3)`, away from zero).
//!
//! Custom resources store quantities as sent: only built-in kinds are canonicalised (the caller
//! decides).

/// The canonical form of quantity `s`, or `None` when `s` is not a quantity this reads.
/// `milli`: round up to thousandths first, as resource lists are.
pub fn canonical(s: &str, milli: bool) -> Option<String> {
    let (mut mantissa, mut exp10, mut format) = parse(s.trim())?;
    // ParseQuantity keeps at most nano precision, rounding up (and a value that needed the
    // rounding loses its binary form); resource lists keep milli precision.
    let floor = if milli { -3 } else { -9 };
    if exp10 < floor {
        // Round the magnitude up to a whole number of units of 10^floor.
        let div = 10i64.checked_pow(u32::try_from(floor - exp10).ok()?)?;
        let (q, r) = (mantissa / div, mantissa % div);
        mantissa = if r == 0 {
            q
        } else if mantissa > 0 {
            q + 1
        } else {
            q - 1
        };
        if r != 0 && format == Format::Binary {
            format = Format::Decimal;
        }
        exp10 = floor;
    }
    if mantissa == 0 {
        return Some("0".into());
    }
    if format == Format::Binary {
        let whole = whole(mantissa, exp10);
        match whole {
            Some(w) if w.abs() >= 1024 => {
                let (mut m, mut e2) = (w, 0);
                while m % 1024 == 0 && e2 < 6 {
                    m /= 1024;
                    e2 += 1;
                }
                let suffix = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][e2];
                return Some(format!("{m}{suffix}"));
            }
            _ => format = Format::Decimal,
        }
    }
    while mantissa % 10 == 0 {
        mantissa /= 10;
        exp10 += 1;
    }
    match exp10.rem_euclid(3) {
        1 => {
            mantissa = mantissa.checked_mul(10)?;
            exp10 -= 1;
        }
        2 => {
            mantissa = mantissa.checked_mul(100)?;
            exp10 -= 2;
        }
        _ => {}
    }
    let suffix = match format {
        Format::Exponent if exp10 == 0 => String::new(),
        Format::Exponent => format!("e{exp10}"),
        _ => match exp10 {
            -9 => "n".into(),
            -6 => "u".into(),
            -3 => "m".into(),
            0 => String::new(),
            3 => "k".into(),
            6 => "M".into(),
            9 => "G".into(),
            12 => "T".into(),
            15 => "P".into(),
            18 => "E".into(),
            e => format!("e{e}"),
        },
    };
    Some(format!("{mantissa}{suffix}"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Binary,
    Decimal,
    Exponent,
}

/// `mantissa × 10^exp10` as a whole number, when it is one.
fn whole(mantissa: i64, exp10: i32) -> Option<i64> {
    if exp10 >= 0 {
        mantissa.checked_mul(10i64.checked_pow(exp10.unsigned_abs())?)
    } else {
        let div = 10i64.checked_pow(exp10.unsigned_abs())?;
        (mantissa % div == 0).then_some(mantissa / div)
    }
}

/// `s` as (mantissa, power of ten, format).
fn parse(s: &str) -> Option<(i64, i32, Format)> {
    let (negative, rest) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let digits_end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
    let (number, suffix) = rest.split_at(digits_end);
    let (int, frac) = number.split_once('.').unwrap_or((number, ""));
    if (int.is_empty() && frac.is_empty()) || frac.contains('.') || int.len() + frac.len() > 18 {
        return None;
    }
    let mut mantissa: i64 = format!("{int}{frac}").parse().ok()?;
    let mut exp10 = -i32::try_from(frac.len()).ok()?;
    let format = match suffix {
        "" | "n" | "u" | "m" | "k" | "M" | "G" | "T" | "P" | "E" => {
            exp10 += match suffix {
                "n" => -9,
                "u" => -6,
                "m" => -3,
                "k" => 3,
                "M" => 6,
                "G" => 9,
                "T" => 12,
                "P" => 15,
                "E" => 18,
                _ => 0,
            };
            Format::Decimal
        }
        "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" => {
            let power = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"].iter().position(|p| *p == suffix)? as u32 + 1;
            mantissa = mantissa.checked_mul(1024i64.checked_pow(power)?)?;
            Format::Binary
        }
        _ => {
            let e = suffix.strip_prefix(['e', 'E'])?;
            let e: i32 = e.parse().ok().filter(|e: &i32| e.abs() <= 30)?;
            exp10 += e;
            Format::Exponent
        }
    };
    Some((if negative { -mantissa } else { mantissa }, exp10, format))
}

#[cfg(test)]
mod tests {
    use super::canonical;

    #[test]
    fn quantities_print_as_the_api_server_prints_them() {
        // k8s.io/apimachinery/pkg/api/resource quantity_test.go: TestQuantityString's
        // alternate → canonical pairs and TestQuantityParseEmit; then the forms Convox renders.
        let cases = [
            ("1024Mi", "1Gi"),
            ("307200Ki", "300Mi"),
            ("1025024Mi", "1001Gi"),
            ("1024Gi", "1Ti"),
            ("1000M", "1G"),
            ("0.001T", "1G"),
            ("1000u", "1m"),
            ("1.08", "1080m"),
            ("1080000000n", "1080m"),
            (".001e12", "1e9"),
            ("0.001e0", "1e-3"),
            ("1000e-12", "1e-9"),
            ("00", "0"),
            (".001Ki", "1024m"),
            (".000001Ki", "1024u"),
            (".000000001Ki", "1024n"),
            (".000000000001Ki", "2n"),
            ("2000m", "2"),
            ("0.5", "500m"),
            ("1000", "1k"),
            ("512Mi", "512Mi"),
            ("1.5Gi", "1536Mi"),
            ("0.5Ki", "512"),
            ("-250m", "-250m"),
            ("12e-1", "1200e-3"),
        ];
        for (input, want) in cases {
            assert_eq!(canonical(input, false).as_deref(), Some(want), "{input}");
        }
    }

    #[test]
    fn resource_lists_round_up_to_milli_units() {
        assert_eq!(canonical("0.0001", true).as_deref(), Some("1m"));
        assert_eq!(canonical("1.0005", true).as_deref(), Some("1001m"));
        assert_eq!(canonical("0.0001", false).as_deref(), Some("100u"));
    }

    #[test]
    fn what_is_not_a_quantity_is_none() {
        for s in ["", "abc", "1.2.3", "12Qi", "1e", "--1", "99999999999999999999"] {
            assert_eq!(canonical(s, false), None, "{s}");
        }
    }
}
