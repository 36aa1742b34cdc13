//! What the rack's rendering does to a value its templates insert with `safe`
//! (`provider/k8s/template.go`: `template.HTML(fmt.Sprintf("%q", s))`, inserted raw by
//! `html/template`): the rendered document then goes through `html.UnescapeString` and is read
//! back as YAML (`pkg/common/format.go` `FormatYAML`). So the value arrives as
//! `yaml_double_quoted(unescape(go_quote(value)))`: character references in it are decoded
//! (`&currentSchema=` becomes `¤tSchema=`), and a decoded `"`, `\` or line break is read as
//! YAML (ending the value, an escape, a fold), or breaks the document so the promote fails.
//!
//! Used for command and args (services, init containers, lifecycle hooks, timers), Ingress
//! and HTTPProxy annotation values, hosts, domains and whitelist CIDRs, certificate DNS
//! names, and a masked resource's URL. Values the templates yaml-marshal, base64 or quote
//! with `"{{.Value}}"` go through html/template's own escaping, which the unescape undoes
//! exactly: those come out as written.

use super::unescape::{reference, references, unescape, Reference};
use crate::diagnostic::{Diagnostic, Fix};

/// What the rack applies for a value rendered with `safe`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rendered {
    /// The value as written.
    Same,
    /// Another value. `surprises` are the references that changed it unasked (an `&amp;` that
    /// keeps the next word from being decoded is how one writes `&` here, and is left out).
    Changed { value: String, surprises: Vec<Reference> },
    /// The rack's YAML no longer parses (or no longer holds the value): the promote fails.
    Broken { references: Vec<Reference>, why: String },
}

/// The value the rack applies for `value` (see the module's doc).
pub fn safe(value: &str) -> Rendered {
    if !value.contains('&') {
        return Rendered::Same;
    }
    let found = references(value);
    if found.is_empty() {
        return Rendered::Same;
    }
    let document = unescape(&go_quote(value));
    if let Some(c) = document.chars().find(|&c| !yaml_allowed(c)) {
        return Rendered::Broken {
            why: format!(
                "it holds U+{:04X}, and the rack's YAML reader refuses control characters",
                c as u32
            ),
            references: found,
        };
    }
    let (read, rest) = match read_double_quoted(&document) {
        Ok(read) => read,
        Err(why) => return Rendered::Broken { references: found, why: format!("its YAML {why}") },
    };
    if !rest.is_empty() {
        let after = rest.trim_start_matches([' ', '\t']);
        let comment = after.len() < rest.len() && after.starts_with('#');
        if !comment {
            return Rendered::Broken {
                references: found,
                why: "a decoded `\"` ends the quoted value early and the rest no longer parses as YAML"
                    .into(),
            };
        }
    }
    if read == value {
        return Rendered::Same;
    }
    let surprises = found.into_iter().filter(|r| !protects(value, r)).collect();
    Rendered::Changed { value: read, surprises }
}

/// An `&amp;` right before a word the rack would otherwise decode (`&amp;currentSchema`): the
/// way to write a literal `&` there, not a surprise.
fn protects(value: &str, r: &Reference) -> bool {
    if r.written != "&amp;" {
        return false;
    }
    // What decides is the next word's first characters (no name is longer than 32), so a
    // short head of the rest is enough: copying the whole rest for every `&amp;` would be
    // quadratic.
    let rest = &value[r.at + r.written.len()..];
    let end = rest.char_indices().map(|(i, c)| i + c.len_utf8()).take_while(|&i| i <= 48).last().unwrap_or(0);
    reference(&["&", &rest[..end]].concat()).is_some()
}

/// Go's `strconv.Quote`: `"…"` with `"` and `\` escaped, printable characters as they are,
/// others as `\a \b \f \n \r \t \v`, `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if is_print(c) => out.push(c),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0b' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\x7f' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Go's `unicode.IsPrint`, closely: graphic characters and the ASCII space. Without Unicode's
/// category tables (their size is not worth it here) unassigned code points count as
/// printable. It only matters for a character right after a decoded `\`: every other
/// character comes out of the quoting and the YAML read as it went in.
fn is_print(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    let n = c as u32;
    !(c.is_control()
        || c.is_whitespace()
        || matches!(n,
            0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E
            | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB | 0xE000..=0xF8FF
            | 0xF0000.. | 0xE0001 | 0xE0020..=0xE007F))
}

/// The characters yaml.v2's reader accepts (`readerc.go`): TAB, LF, CR, printable ASCII, NEL and
/// everything from U+00A0 but the surrogates, U+FFFE and U+FFFF.
fn yaml_allowed(c: char) -> bool {
    matches!(c as u32, 0x9 | 0xA | 0xD | 0x20..=0x7E | 0x85 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..)
}

fn is_blank(c: Option<char>) -> bool {
    matches!(c, Some(' ' | '\t'))
}

fn is_break(c: Option<char>) -> bool {
    matches!(c, Some('\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}'))
}

/// yaml.v2's `yaml_parser_scan_flow_scalar` for a double-quoted scalar at the start of `doc`:
/// its value and what follows the closing quote, or the scanner's error.
fn read_double_quoted(doc: &str) -> Result<(String, &str), &'static str> {
    let chars: Vec<(usize, char)> = doc.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let blankz = |i: usize| is_blank(at(i)) || is_break(at(i)) || at(i).is_none();
    let mut i = 1;
    let mut line_start = false;
    let mut s = String::new();
    let (mut leading_break, mut trailing_breaks, mut whitespaces) =
        (String::new(), String::new(), String::new());
    // A line break as `read_line` gives it: CR LF, CR, LF and NEL become LF; LS and PS stay.
    let line_break = |i: usize| -> (char, usize) {
        match at(i) {
            Some('\r') if at(i + 1) == Some('\n') => ('\n', 2),
            Some('\u{2028}') => ('\u{2028}', 1),
            Some('\u{2029}') => ('\u{2029}', 1),
            _ => ('\n', 1),
        }
    };
    loop {
        if line_start {
            let three: String = (i..i + 3).filter_map(at).collect();
            if (three == "---" || three == "...") && blankz(i + 3) {
                return Err("finds an unexpected document indicator");
            }
        }
        if at(i).is_none() {
            return Err("finds an unexpected end of stream");
        }
        let mut leading_blanks = false;
        while !blankz(i) {
            line_start = false;
            let c = at(i).unwrap_or_default();
            if c == '"' {
                break;
            }
            if c == '\\' && is_break(at(i + 1)) {
                // An escaped line break: the line is joined without a space.
                i += 1 + line_break(i + 1).1;
                line_start = true;
                leading_blanks = true;
                break;
            }
            if c != '\\' {
                s.push(c);
                i += 1;
                continue;
            }
            let simple = match at(i + 1) {
                Some('0') => Some('\0'),
                Some('a') => Some('\x07'),
                Some('b') => Some('\x08'),
                Some('t' | '\t') => Some('\t'),
                Some('n') => Some('\n'),
                Some('v') => Some('\x0b'),
                Some('f') => Some('\x0c'),
                Some('r') => Some('\r'),
                Some('e') => Some('\x1b'),
                Some(' ') => Some(' '),
                Some('"') => Some('"'),
                Some('\'') => Some('\''),
                Some('\\') => Some('\\'),
                Some('N') => Some('\u{85}'),
                Some('_') => Some('\u{a0}'),
                Some('L') => Some('\u{2028}'),
                Some('P') => Some('\u{2029}'),
                Some('x' | 'u' | 'U') => None,
                _ => return Err("finds an unknown escape character"),
            };
            let code_length = match (simple, at(i + 1)) {
                (Some(c), _) => {
                    s.push(c);
                    0
                }
                (None, Some('x')) => 2,
                (None, Some('u')) => 4,
                (None, _) => 8,
            };
            i += 2;
            if code_length > 0 {
                let mut value: u32 = 0;
                for k in 0..code_length {
                    let digit = at(i + k).and_then(|c| c.to_digit(16));
                    let Some(d) = digit else { return Err("does not find the expected hexadecimal number") };
                    value = (value << 4) + d;
                }
                let Some(c) = char::from_u32(value) else {
                    return Err("finds an invalid Unicode character escape code");
                };
                s.push(c);
                i += code_length;
            }
        }
        if at(i) == Some('"') {
            break;
        }
        while is_blank(at(i)) || is_break(at(i)) {
            if is_blank(at(i)) {
                if !leading_blanks {
                    whitespaces.push(at(i).unwrap_or_default());
                }
                line_start = false;
                i += 1;
            } else {
                let (c, n) = line_break(i);
                if !leading_blanks {
                    whitespaces.clear();
                    leading_break.clear();
                    leading_break.push(c);
                    leading_blanks = true;
                } else {
                    trailing_breaks.push(c);
                }
                line_start = true;
                i += n;
            }
        }
        if leading_blanks {
            if leading_break.starts_with('\n') {
                if trailing_breaks.is_empty() {
                    s.push(' ');
                } else {
                    s.push_str(&trailing_breaks);
                }
            } else {
                s.push_str(&leading_break);
                s.push_str(&trailing_breaks);
            }
            trailing_breaks.clear();
            leading_break.clear();
        } else {
            s.push_str(&whitespaces);
            whitespaces.clear();
        }
    }
    let rest = chars.get(i + 1).map_or("", |&(b, _)| &doc[b..]);
    Ok((s, rest))
}

/// A character as a message shows it: visible ones as they are, others escaped.
fn shown(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == ' ' || !(c.is_control() || c.is_whitespace()) {
                c.to_string()
            } else {
                c.escape_debug().to_string()
            }
        })
        .collect()
}

/// `…&currentSchema=…`: the reference, the rest of the word it starts (for a name read without
/// its `;`) and the next character, in its value.
fn excerpt(value: &str, r: &Reference) -> String {
    let mut end = r.at + r.written.len();
    if !r.written.ends_with(';') {
        end += value[end..].find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(value.len() - end);
    }
    end += value[end..].chars().next().map_or(0, char::len_utf8);
    let mut out = String::new();
    if r.at > 0 {
        out.push('…');
    }
    out.push_str(&value[r.at..end]);
    if end < value.len() {
        out.push('…');
    }
    out
}

/// The diagnostic for values the rack renders with `safe` (one, or a command's arguments),
/// if they need one: a warning naming each reference that changed them and how to keep them,
/// or an error when the promote fails. `what` names the value (`command`, `the release env's
/// DATABASE_URL`), `lands` says where the result goes (`the container's args are`) and
/// `result` is that result as shown.
pub fn diagnostic(values: &[(&str, &Rendered)], what: &str, lands: &str, result: &str) -> Option<Diagnostic> {
    const WHY: &str = "the rack HTML-unescapes it as it renders it (Go's html.UnescapeString)";
    let list = |refs: &[(&str, &Reference)]| -> String {
        let mut parts: Vec<String> = refs
            .iter()
            .take(3)
            .map(|(v, r)| format!("`{}` in `{}` becomes `{}`", r.written, excerpt(v, r), shown(&r.decoded)))
            .collect();
        if refs.len() > 3 {
            parts.push(format!("{} more", refs.len() - 3));
        }
        parts.join(", ")
    };
    if let Some((value, why)) = values.iter().find_map(|(v, r)| match r {
        Rendered::Broken { why, .. } => Some((v, why)),
        _ => None,
    }) {
        let Rendered::Broken { references, .. } = safe(value) else { return None };
        let refs: Vec<(&str, &Reference)> = references.iter().map(|r| (*value, r)).collect();
        return Some(Diagnostic::error(format!(
            "{what}: {WHY}: {}, and then {why}, so the promote fails. Write each `&` that starts one as `&amp;`.",
            list(&refs)
        )));
    }
    let surprises: Vec<(&str, &Reference)> = values
        .iter()
        .flat_map(|(v, r)| match r {
            Rendered::Changed { surprises, .. } => surprises.iter().map(|r| (*v, r)).collect(),
            _ => Vec::new(),
        })
        .collect();
    if surprises.is_empty() {
        return None;
    }
    let avoid = if surprises.iter().all(|(_, r)| r.written == "&amp;") {
        "To keep `&amp;` as text, write `&amp;amp;`."
    } else {
        "Write that `&` as `&amp;` (the rack turns `&amp;` back into `&`); where the `&` is data in a URL, \
         percent-encoding it as `%26` also avoids it."
    };
    Some(Diagnostic::warning(format!(
        "{what}: {WHY}: {}, so {lands} `{}`. {avoid}",
        list(&surprises),
        shown(result)
    )))
}

/// What the rack applies for `value` (as written when it breaks the promote: the error says
/// why), and the diagnostic (at the value of `path`) when it differs.
pub fn rendered(
    value: &str,
    path: &str,
    what: &str,
    lands: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    let r = safe(value);
    let out = match &r {
        Rendered::Changed { value, .. } => value.clone(),
        _ => value.to_string(),
    };
    if let Some(d) = diagnostic(&[(value, &r)], what, lands, &out) {
        diagnostics.push(d.at_value(path.to_string()));
    }
    out
}

/// A command's arguments as the rack applies them (`- {{ safe . }}` for each shellsplit word),
/// with one diagnostic for the command at `path`.
pub fn rendered_args(words: Vec<String>, path: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
    if !words.iter().any(|w| w.contains('&')) {
        return words;
    }
    let each: Vec<Rendered> = words.iter().map(|w| safe(w)).collect();
    let out: Vec<String> = words
        .iter()
        .zip(&each)
        .map(|(w, r)| match r {
            Rendered::Changed { value, .. } => value.clone(),
            _ => w.clone(),
        })
        .collect();
    let pairs: Vec<(&str, &Rendered)> = words.iter().map(String::as_str).zip(&each).collect();
    let shown_args = format!("[{}]", out.iter().map(|a| format!("{a:?}")).collect::<Vec<_>>().join(", "));
    // `services.web.initContainer.command` → `initContainer.command`.
    let key = path.splitn(3, '.').nth(2).unwrap_or(path);
    if let Some(d) = diagnostic(&pairs, key, "the arguments are", &shown_args) {
        diagnostics.push(d.at_value(path.to_string()));
    }
    out
}

/// A fix that sets release variable `name` to `value` with each surprising `&` written `&amp;`.
pub fn env_fix(name: &str, value: &str) -> Option<Fix> {
    let (Rendered::Changed { surprises, .. } | Rendered::Broken { references: surprises, .. }) = safe(value)
    else {
        return None;
    };
    if surprises.is_empty() {
        return None;
    }
    let mut fixed = String::with_capacity(value.len() + 8);
    let mut from = 0;
    for r in &surprises {
        fixed.push_str(&value[from..r.at]);
        fixed.push_str("&amp;");
        from = r.at + 1;
    }
    fixed.push_str(&value[from..]);
    Some(Fix {
        title: format!("Write {name}'s `&` as `&amp;`"),
        edits: vec![crate::diagnostic::Edit::Env { name: name.to_string(), value: fixed }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn applied(value: &str) -> Result<String, String> {
        match safe(value) {
            Rendered::Same => Ok(value.to_string()),
            Rendered::Changed { value, .. } => Ok(value),
            Rendered::Broken { why, .. } => Err(why),
        }
    }

    #[test]
    fn values_without_a_reference_are_applied_as_written() {
        for v in ["", "plain", "a & b", "AT&T", "a&lang=en", "quote \" and \\ back", "tab\there", "é 😀"] {
            assert_eq!(safe(v), Rendered::Same, "{v:?}");
        }
    }

    #[test]
    fn references_are_decoded_as_the_racks_rendering_does() {
        for (v, want) in [
            ("postgres://h/db?sslmode=require&currentSchema=x", "postgres://h/db?sslmode=require¤tSchema=x"),
            ("https://x/?a=1&copy=2", "https://x/?a=1©=2"),
            ("&lt;b&gt;", "<b>"),
            ("a&amp;b", "a&b"),
            ("&timestamp=3", "×tamp=3"),
            ("x&nbsp;y", "x\u{a0}y"),
        ] {
            assert_eq!(applied(v).as_deref(), Ok(want), "{v:?}");
        }
    }

    #[test]
    fn decoded_quotes_backslashes_and_breaks_are_read_as_yaml() {
        // `\` + `n`: a YAML escape, a newline.
        assert_eq!(applied("a&bsol;nb").as_deref(), Ok("a\nb"));
        // A raw line break folds into a space; leading blanks of the next line go.
        assert_eq!(applied("a&#10;  b").as_deref(), Ok("a b"));
        assert_eq!(applied("a&#10;&#10;b").as_deref(), Ok("a\nb"));
        // A decoded backslash before one written: the pair is one backslash, then `\n`.
        assert_eq!(applied("&bsol;\\n").as_deref(), Ok("\\\n"));
        // `"` then ` #`: the rest is a comment.
        assert_eq!(applied("x&quot; #y").as_deref(), Ok("x"));
        // `"` anywhere else, an unknown escape, a control character: the promote fails.
        assert!(applied("x &quot;y&quot;").is_err());
        assert!(applied("a&bsol;qb").unwrap_err().contains("unknown escape"));
        assert!(applied("a&#1;b").unwrap_err().contains("control characters"));
        assert!(applied("a&#10;--- x").unwrap_err().contains("document indicator"));
        assert_eq!(applied("a&#10;---").as_deref(), Ok("a ---"));
    }

    #[test]
    fn go_quote_matches_strconv_quote() {
        assert_eq!(
            go_quote("a\"b\\c\n\x01\x7f\u{a0}\u{2028}é😀"),
            "\"a\\\"b\\\\c\\n\\x01\\x7f\\u00a0\\u2028é😀\""
        );
        assert_eq!(go_quote("\u{e000}\u{f0000}"), "\"\\ue000\\U000f0000\"");
    }

    #[test]
    fn the_warning_names_the_reference_the_change_and_the_remedy() {
        let v = "postgres://h/db?sslmode=require&currentSchema=x";
        let r = safe(v);
        let d = diagnostic(
            &[(v, &r)],
            "DATABASE_URL",
            "the pods get",
            "postgres://h/db?sslmode=require¤tSchema=x",
        )
        .unwrap();
        assert!(!d.is_error());
        assert!(d.message.contains("`&curren` in `…&currentSchema=…` becomes `¤`"), "{}", d.message);
        assert!(d.message.contains("`postgres://h/db?sslmode=require¤tSchema=x`"), "{}", d.message);
        assert!(d.message.contains("`&amp;`") && d.message.contains("%26"), "{}", d.message);
        let fix = env_fix("DATABASE_URL", v).unwrap();
        let crate::diagnostic::Edit::Env { value, .. } = &fix.edits[0] else { panic!("an env edit") };
        assert_eq!(value, "postgres://h/db?sslmode=require&amp;currentSchema=x");
        // The fixed value keeps its `&`, and needs no warning.
        assert_eq!(applied(value).as_deref(), Ok(v));
        assert_eq!(diagnostic(&[(value, &safe(value))], "DATABASE_URL", "the pods get", v), None);
    }

    #[test]
    fn an_amp_that_guards_nothing_is_reported_with_its_own_remedy() {
        let d =
            diagnostic(&[("a&amp;b", &safe("a&amp;b"))], "annotation x", "the Ingress gets", "a&b").unwrap();
        assert!(d.message.contains("`&amp;` in `…&amp;b` becomes `&`"), "{}", d.message);
        assert!(d.message.contains("write `&amp;amp;`"), "{}", d.message);
    }

    #[test]
    fn many_references_stay_linear() {
        let value = "&amp;copy=1".repeat(20_000);
        let Rendered::Changed { value: out, surprises } = safe(&value) else { panic!("changed") };
        assert_eq!(out, "&copy=1".repeat(20_000));
        assert!(surprises.is_empty(), "each &amp; guards a &copy");
    }

    #[test]
    fn a_broken_value_is_an_error() {
        let d =
            diagnostic(&[("x &quot;y&quot;", &safe("x &quot;y&quot;"))], "command", "the args", "").unwrap();
        assert!(d.is_error());
        assert!(d.message.contains("the promote fails"), "{}", d.message);
    }
}
