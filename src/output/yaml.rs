//! JSON text → YAML text, byte-identical to `serde_yaml::to_string` of the same value.
//!
//! Owns the playground's YAML: the wasm `yaml()` serialises each object once to compact JSON
//! (the one serializer its k8s-openapi `Serialize` impls are compiled for, shared with `map()`)
//! and re-emits that JSON here. Going through serde_yaml instead would need either a second
//! copy of every k8s-openapi `Serialize` impl or serde_json's parser plus serde_yaml and its
//! libyaml emitter — about 35 KB of the gzipped wasm, against a few KB for this module (first-load size).
//! The CLI writes its YAML here too (one emitter for both); serde_yaml is the reference this
//! module is tested against (every fixture's objects and a set of hostile strings, below).
//!
//! What is reproduced: serde_yaml 0.9's choice of scalar style (a string that would read back as
//! null, a bool or a number is single-quoted — also under YAML 1.1, which kubectl reads, where
//! serde_yaml does not quote: see [`yaml11_non_string`]; one with a line feed asks for a literal block) and
//! the parts of unsafe-libyaml's emitter those events reach — block mappings and (indentless)
//! sequences, `{}`/`[]` for empty collections, `? ` for keys too long or multi-line to be simple
//! keys, plain/single/double-quoted/literal scalars with libyaml's analysis of each, unlimited
//! width, two-space indent (serde_yaml never ends the stream, so no `...` follows a `|+` block).
//! Integers keep serde_json's text (itoa on both sides); floats keep serde_json's shortest digits
//! laid out as ryu, serde_yaml's formatter, lays them out.

/// The YAML document for one JSON value, as `serde_yaml::to_string` writes it; `None` when
/// `json` is not well-formed JSON (serde_json's output always is).
pub fn from_json(json: &str) -> Option<String> {
    emit(json, None).map(|(text, _)| text)
}

/// A field of the document at one of the asked-for paths: which pattern it matched, its own
/// path (`spec.rules[0].host`) and its lines (1-based, inclusive), from its key (or its `- `)
/// to the end of its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub pattern: usize,
    pub path: String,
    pub line: usize,
    pub end_line: usize,
}

/// [`from_json`], also finding each field at one of `patterns`: paths of keys joined by `.`,
/// with `[]` for any item of a list (`spec.rules[].host`). A key holding dots is one segment
/// (`metadata.annotations.nginx.ingress.kubernetes.io/affinity`). The paths are tracked as
/// the emitter writes, so a mark is exactly where its field's text is.
pub fn from_json_marked(json: &str, patterns: &[&str]) -> Option<(String, Vec<Mark>)> {
    let track = Track { patterns, general: String::new(), concrete: String::new(), found: Vec::new() };
    emit(json, Some(track))
}

fn emit(json: &str, track: Option<Track>) -> Option<(String, Vec<Mark>)> {
    let mut parser = Parser { text: json.as_bytes(), pos: 0, track };
    let mut e = Emitter {
        out: String::with_capacity(json.len() + json.len() / 2),
        column: 0,
        indent: -1,
        indents: Vec::new(),
        whitespace: true,
        indention: true,
    };
    parser.node(&mut e, Context::Root)?;
    parser.skip_ws();
    if parser.pos != parser.text.len() {
        return None;
    }
    // DOCUMENT-END (implicit). serde_yaml's `to_string` never sends STREAM-END, so a
    // keep-chomped (`|+`) block scalar at the end gets no `...` after it.
    e.write_indent();
    let marks = parser.track.map_or_else(Vec::new, |t| t.lines(&e.out));
    Some((e.out, marks))
}

/// The path of the node being written, and the fields found at the asked-for patterns (byte
/// offsets into the output until [`Track::lines`]).
struct Track<'p> {
    patterns: &'p [&'p str],
    /// The path with every list index as `[]`: what the patterns are compared with.
    general: String,
    concrete: String,
    found: Vec<(usize, String, usize, usize)>,
}

impl Track<'_> {
    /// Enters a mapping key or (`None`) a list item `index`; the lengths to return to.
    fn enter(&mut self, key: Option<&str>, index: usize) -> (usize, usize) {
        let at = (self.general.len(), self.concrete.len());
        match key {
            Some(key) => {
                for path in [&mut self.general, &mut self.concrete] {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
            }
            None => {
                self.general.push_str("[]");
                self.concrete.push_str(&format!("[{index}]"));
            }
        }
        at
    }

    /// Leaves the node entered at `at`, written from byte `start` to `end`.
    fn leave(&mut self, at: (usize, usize), start: usize, end: usize) {
        for (i, _) in self.patterns.iter().enumerate().filter(|(_, p)| **p == self.general) {
            self.found.push((i, self.concrete.clone(), start, end));
        }
        self.general.truncate(at.0);
        self.concrete.truncate(at.1);
    }

    /// The found fields with their lines in `out`.
    fn lines(self, out: &str) -> Vec<Mark> {
        let line = |at: usize| out.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() + 1;
        self.found
            .into_iter()
            .map(|(pattern, path, start, end)| {
                // A value's text ends before the line break after it (a literal block's own).
                let mut last = end.max(start + 1) - 1;
                while last > start && out.as_bytes()[last] == b'\n' {
                    last -= 1;
                }
                Mark { pattern, path, line: line(start), end_line: line(last) }
            })
            .collect()
    }
}

/// Where a node sits, as libyaml's `root`/`sequence`/`mapping`/`simple_key` context flags.
#[derive(Clone, Copy, PartialEq)]
enum Context {
    Root,
    SequenceItem,
    MappingValue,
    SimpleKey,
    ComplexKey,
}

/// A recursive-descent reader of the JSON text that drives the emitter as it goes.
struct Parser<'a> {
    text: &'a [u8],
    pos: usize,
    track: Option<Track<'a>>,
}

impl Parser<'_> {
    fn skip_ws(&mut self) {
        while matches!(self.text.get(self.pos), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.text.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.pos += usize::from(found);
        found
    }

    fn node(&mut self, e: &mut Emitter, ctx: Context) -> Option<()> {
        match self.peek()? {
            b'{' => {
                self.pos += 1;
                if self.eat(b'}') {
                    e.empty_collection("{}");
                    return Some(());
                }
                e.increase_indent(false, false);
                loop {
                    let key = self.string()?;
                    if !self.eat(b':') {
                        return None;
                    }
                    e.write_indent();
                    let start = e.out.len();
                    let at = self.track.as_mut().map(|t| t.enter(Some(&key), 0));
                    let key = Scalar::string(&key);
                    if key.simple_key() {
                        e.scalar(&key, Context::SimpleKey);
                        e.write_indicator(":", false, false, false);
                    } else {
                        e.write_indicator("?", true, false, true);
                        e.scalar(&key, Context::ComplexKey);
                        e.write_indent();
                        e.write_indicator(":", true, false, true);
                    }
                    self.node(e, Context::MappingValue)?;
                    if let (Some(t), Some(at)) = (self.track.as_mut(), at) {
                        t.leave(at, start, e.out.len());
                    }
                    if !self.eat(b',') {
                        break;
                    }
                }
                e.indent = e.indents.pop()?;
                self.eat(b'}').then_some(())
            }
            b'[' => {
                self.pos += 1;
                if self.eat(b']') {
                    e.empty_collection("[]");
                    return Some(());
                }
                // Sequences that are mapping values are "indentless": `- ` at the key's column.
                e.increase_indent(false, ctx == Context::MappingValue && !e.indention);
                for index in 0.. {
                    e.write_indent();
                    let start = e.out.len();
                    let at = self.track.as_mut().map(|t| t.enter(None, index));
                    e.write_indicator("-", true, false, true);
                    self.node(e, Context::SequenceItem)?;
                    if let (Some(t), Some(at)) = (self.track.as_mut(), at) {
                        t.leave(at, start, e.out.len());
                    }
                    if !self.eat(b',') {
                        break;
                    }
                }
                e.indent = e.indents.pop()?;
                self.eat(b']').then_some(())
            }
            b'"' => {
                let s = self.string()?;
                e.scalar(&Scalar::string(&s), ctx);
                Some(())
            }
            _ => {
                // null, true, false or a number: plain scalars. Integers keep serde_json's
                // text (itoa, as serde_yaml's); floats are re-laid out as ryu writes them.
                let start = self.pos;
                while matches!(self.text.get(self.pos), Some(b) if !b",]} \n\r\t:".contains(b)) {
                    self.pos += 1;
                }
                let token = std::str::from_utf8(&self.text[start..self.pos]).ok()?;
                let digits = token.strip_prefix('-').unwrap_or(token);
                let text = if matches!(token, "null" | "true" | "false")
                    || (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
                {
                    token.to_string()
                } else {
                    ryu_layout(token)?
                };
                e.scalar(&Scalar::analyze(&text, Style::Plain), ctx);
                Some(())
            }
        }
    }

    /// A JSON string literal at the cursor, unescaped.
    fn string(&mut self) -> Option<String> {
        if !self.eat(b'"') {
            return None;
        }
        let mut out = String::new();
        loop {
            let start = self.pos;
            while !matches!(self.text.get(self.pos), Some(b'"' | b'\\') | None) {
                self.pos += 1;
            }
            out.push_str(std::str::from_utf8(&self.text[start..self.pos]).ok()?);
            let byte = *self.text.get(self.pos)?;
            self.pos += 1;
            if byte == b'"' {
                return Some(out);
            }
            let escape = *self.text.get(self.pos)?;
            self.pos += 1;
            out.push(match escape {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let high = self.hex4()?;
                    let code = if (0xD800..0xDC00).contains(&high) {
                        if self.text.get(self.pos..self.pos + 2)? != b"\\u" {
                            return None;
                        }
                        self.pos += 2;
                        let low = self.hex4()?;
                        if !(0xDC00..0xE000).contains(&low) {
                            return None;
                        }
                        0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        high
                    };
                    char::from_u32(code)?
                }
                _ => return None,
            });
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = std::str::from_utf8(self.text.get(self.pos..self.pos + 4)?).ok()?;
        self.pos += 4;
        u32::from_str_radix(digits, 16).ok()
    }
}

/// A JSON number with a fraction or an exponent, re-laid out as `ryu::Buffer::format_finite`
/// writes the same float (serde_yaml uses ryu; serde_json writes the same shortest digits but
/// may lay them out differently, e.g. `1e+300` for ryu's `1e300`). `None` if `token` is not a
/// JSON number.
fn ryu_layout(token: &str) -> Option<String> {
    let (negative, token) = match token.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, token),
    };
    let (number, exponent) = match token.split_once(['e', 'E']) {
        Some((n, e)) => (n, e.strip_prefix('+').unwrap_or(e).parse::<i32>().ok()?),
        None => (token, 0),
    };
    let (int, frac) = number.split_once('.').unwrap_or((number, ""));
    if int.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    // All the digits, and the power of ten of the last one.
    let all = format!("{int}{frac}");
    let digits = all.trim_start_matches('0').trim_end_matches('0');
    let sign = if negative { "-" } else { "" };
    if digits.is_empty() {
        return Some(format!("{sign}0.0"));
    }
    let trailing = all.len() - all.trim_end_matches('0').len();
    let k = exponent - frac.len() as i32 + trailing as i32;
    let length = digits.len() as i32;
    let kk = length + k; // 10^(kk-1) <= |f| < 10^kk
    let mut out = String::from(sign);
    if 0 <= k && kk <= 16 {
        out.push_str(digits);
        out.extend(std::iter::repeat_n('0', k as usize));
        out.push_str(".0");
    } else if 0 < kk && kk <= 16 {
        out.push_str(&digits[..kk as usize]);
        out.push('.');
        out.push_str(&digits[kk as usize..]);
    } else if -5 < kk && kk <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-kk) as usize));
        out.push_str(digits);
    } else {
        out.push_str(&digits[..1]);
        if length > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push_str(&format!("e{}", kk - 1));
    }
    Some(out)
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// A scalar with libyaml's analysis of it (`yaml_emitter_analyze_scalar`).
struct Scalar<'a> {
    value: &'a str,
    /// The style serde_yaml asks for.
    requested: Style,
    multiline: bool,
    flow_plain_allowed: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

/// libyaml's line breaks: CR, LF, NEL, LS, PS.
fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// libyaml's `IS_BLANKZ`: space, tab, a break, or the end of the text.
fn is_blankz(c: Option<char>) -> bool {
    c.is_none_or(|c| c == ' ' || c == '\t' || is_break(c))
}

/// libyaml's `IS_PRINTABLE` (with `unicode` on, so every printable non-ASCII character counts).
fn is_printable(c: char) -> bool {
    matches!(c, '\n' | '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
}

impl<'a> Scalar<'a> {
    /// A string as serde_yaml's `serialize_str` sends it: quoted when it would read back as
    /// another type, a literal block when it holds a line feed.
    fn string(value: &'a str) -> Scalar<'a> {
        let requested = if value.contains('\n') {
            Style::Literal
        } else if resolves_to_non_string(value) {
            Style::SingleQuoted
        } else {
            Style::Plain
        };
        Scalar::analyze(value, requested)
    }

    fn analyze(value: &'a str, requested: Style) -> Scalar<'a> {
        let mut s = Scalar {
            value,
            requested,
            multiline: false,
            flow_plain_allowed: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
        if value.is_empty() {
            return s;
        }
        let mut block_indicators = false;
        let mut flow_indicators = false;
        let mut line_breaks = false;
        let mut special_characters = false;
        let mut leading_space = false;
        let mut leading_break = false;
        let mut trailing_space = false;
        let mut trailing_break = false;
        let mut break_space = false;
        let mut space_break = false;
        let mut previous_space = false;
        let mut previous_break = false;
        if value.starts_with("---") || value.starts_with("...") {
            block_indicators = true;
            flow_indicators = true;
        }
        let mut preceded_by_whitespace = true;
        let mut chars = value.chars().peekable();
        let mut first = true;
        while let Some(c) = chars.next() {
            let next = chars.peek().copied();
            let followed_by_whitespace = is_blankz(next);
            let last = next.is_none();
            if first {
                if "#,[]{}&*!|>'\"%@`".contains(c) {
                    flow_indicators = true;
                    block_indicators = true;
                }
                if c == '?' || c == ':' {
                    flow_indicators = true;
                    block_indicators |= followed_by_whitespace;
                }
                if c == '-' && followed_by_whitespace {
                    flow_indicators = true;
                    block_indicators = true;
                }
            } else {
                if ",?[]{}".contains(c) {
                    flow_indicators = true;
                }
                if c == ':' {
                    flow_indicators = true;
                    block_indicators |= followed_by_whitespace;
                }
                if c == '#' && preceded_by_whitespace {
                    flow_indicators = true;
                    block_indicators = true;
                }
            }
            if !is_printable(c) {
                special_characters = true;
            }
            if is_break(c) {
                line_breaks = true;
            }
            if c == ' ' {
                leading_space |= first;
                trailing_space |= last;
                break_space |= previous_break;
                previous_space = true;
                previous_break = false;
            } else if is_break(c) {
                leading_break |= first;
                trailing_break |= last;
                space_break |= previous_space;
                previous_space = false;
                previous_break = true;
            } else {
                previous_space = false;
                previous_break = false;
            }
            preceded_by_whitespace = is_blankz(Some(c));
            first = false;
        }
        s.multiline = line_breaks;
        s.flow_plain_allowed = true;
        s.block_allowed = true;
        if leading_space || leading_break || trailing_space || trailing_break {
            s.flow_plain_allowed = false;
            s.block_plain_allowed = false;
        }
        if trailing_space {
            s.block_allowed = false;
        }
        if break_space {
            s.flow_plain_allowed = false;
            s.block_plain_allowed = false;
            s.single_quoted_allowed = false;
        }
        if space_break || special_characters {
            s.flow_plain_allowed = false;
            s.block_plain_allowed = false;
            s.single_quoted_allowed = false;
            s.block_allowed = false;
        }
        if line_breaks {
            s.flow_plain_allowed = false;
            s.block_plain_allowed = false;
        }
        if flow_indicators {
            s.flow_plain_allowed = false;
        }
        if block_indicators {
            s.block_plain_allowed = false;
        }
        s
    }

    /// libyaml's `yaml_emitter_check_simple_key` for a scalar key.
    fn simple_key(&self) -> bool {
        !self.multiline && self.value.len() <= 128
    }

    /// libyaml's `yaml_emitter_select_scalar_style` (block context: no flow collection ever
    /// holds an item here).
    fn style(&self, simple_key: bool) -> Style {
        let mut style = self.requested;
        if simple_key && self.multiline {
            style = Style::DoubleQuoted;
        }
        if style == Style::Plain && (!self.block_plain_allowed || (self.value.is_empty() && simple_key)) {
            style = Style::SingleQuoted;
        }
        if style == Style::SingleQuoted && !self.single_quoted_allowed {
            style = Style::DoubleQuoted;
        }
        if style == Style::Literal && (!self.block_allowed || simple_key) {
            style = Style::DoubleQuoted;
        }
        style
    }
}

/// Whether serde_yaml would read `v` back as null, a bool, an integer or a float (its
/// `visit_untagged_scalar`), which makes it single-quote the string — or whether a YAML 1.1
/// reader would ([`yaml11_non_string`]).
fn resolves_to_non_string(v: &str) -> bool {
    yaml11_non_string(v) || yaml12_non_string(v)
}

/// What YAML 1.1 readers — kubectl's (go-yaml v2 through sigs.k8s.io/yaml) and PyYAML — take
/// for a bool or a number where serde_yaml (YAML 1.2) sees a string: `on`/`off`/`yes`/`no`/`y`/
/// `n` in their three spellings, and numbers written with `_`. serde_yaml leaves these plain, so
/// `updateMode: Off` would reach the cluster as `false`; quoting them is this emitter's one
/// deliberate difference from serde_yaml.
fn yaml11_non_string(v: &str) -> bool {
    matches!(
        v,
        "y" | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
    ) || (v.contains('_') && yaml12_non_string(&v.replace('_', "")))
}

fn yaml12_non_string(v: &str) -> bool {
    v.is_empty()
        || matches!(
            v,
            "null" | "Null" | "NULL" | "~" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
        )
        || unsigned_int(v)
        || negative_int(v)
        || digits_but_not_number(v)
        || float(v)
}

/// serde_yaml's `digits_but_not_number`: leading zeros make a YAML 1.2 string, which serde_yaml
/// quotes anyway.
fn digits_but_not_number(v: &str) -> bool {
    let v = v.strip_prefix(['-', '+']).unwrap_or(v);
    v.len() > 1 && v.starts_with('0') && v[1..].bytes().all(|b| b.is_ascii_digit())
}

/// serde_yaml's `parse_unsigned_int` (widest type: it tries u64, then u128).
fn unsigned_int(v: &str) -> bool {
    let unpositive = v.strip_prefix('+').unwrap_or(v);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return false;
            }
            if u128::from_str_radix(rest, radix).is_ok() {
                return true;
            }
        }
    }
    !unpositive.starts_with(['+', '-']) && !digits_but_not_number(v) && unpositive.parse::<u128>().is_ok()
}

/// serde_yaml's `parse_negative_int` (widest type: it tries i64, then i128).
fn negative_int(v: &str) -> bool {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = v.strip_prefix(prefix) {
            if i128::from_str_radix(&format!("-{rest}"), radix).is_ok() {
                return true;
            }
        }
    }
    !digits_but_not_number(v) && v.parse::<i128>().is_ok()
}

/// serde_yaml's `parse_f64`: `.inf`/`.nan` spellings or a finite Rust float.
fn float(v: &str) -> bool {
    let unpositive = match v.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return false,
        Some(rest) => rest,
        None => v,
    };
    matches!(unpositive, ".inf" | ".Inf" | ".INF")
        || matches!(v, "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN")
        || unpositive.parse::<f64>().is_ok_and(f64::is_finite)
}

/// The parts of libyaml's emitter state that shape the output (`yaml_emitter_t`).
struct Emitter {
    out: String,
    /// In characters, as libyaml counts.
    column: i32,
    indent: i32,
    indents: Vec<i32>,
    whitespace: bool,
    indention: bool,
}

impl Emitter {
    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    /// `text` holds no line break: the column moves by its characters, as libyaml counts.
    fn put_str(&mut self, text: &str) {
        self.out.push_str(text);
        self.column += text.chars().count() as i32;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// libyaml's `WRITE_BREAK`: a line feed is written as the configured break; any other break
    /// character is copied as is.
    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { 2 } else { 0 };
        } else if !indentless {
            self.indent += 2;
        }
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        self.put_str(indicator);
        self.whitespace = is_whitespace;
        self.indention &= is_indention;
    }

    /// `{}` or `[]`: libyaml writes an empty collection in flow style.
    fn empty_collection(&mut self, brackets: &str) {
        self.write_indicator(&brackets[..1], true, true, false);
        self.write_indicator(&brackets[1..], false, false, false);
    }

    fn scalar(&mut self, s: &Scalar, ctx: Context) {
        let simple_key = ctx == Context::SimpleKey;
        let style = s.style(simple_key);
        self.increase_indent(true, false);
        match style {
            Style::Plain => self.write_plain(s.value),
            Style::SingleQuoted => self.write_single_quoted(s.value),
            Style::DoubleQuoted => self.write_double_quoted(s.value),
            Style::Literal => self.write_literal(s.value),
        }
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn write_plain(&mut self, value: &str) {
        if !self.whitespace && !value.is_empty() {
            self.put(' ');
        }
        // Plain scalars never hold a break (the analysis forbids it), and the width is unlimited.
        self.put_str(value);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted(&mut self, value: &str) {
        self.write_indicator("'", true, false, false);
        let mut breaks = false;
        for c in value.chars() {
            if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
        if breaks {
            self.write_indent();
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, value: &str) {
        self.write_indicator("\"", true, false, false);
        for c in value.chars() {
            if !is_printable(c) || c == '\u{feff}' || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let short = match c {
                    '\0' => Some('0'),
                    '\u{7}' => Some('a'),
                    '\u{8}' => Some('b'),
                    '\t' => Some('t'),
                    '\n' => Some('n'),
                    '\u{b}' => Some('v'),
                    '\u{c}' => Some('f'),
                    '\r' => Some('r'),
                    '\u{1b}' => Some('e'),
                    '"' => Some('"'),
                    '\\' => Some('\\'),
                    '\u{85}' => Some('N'),
                    '\u{a0}' => Some('_'),
                    '\u{2028}' => Some('L'),
                    '\u{2029}' => Some('P'),
                    _ => None,
                };
                match short {
                    Some(e) => self.put(e),
                    None => {
                        let code = u32::from(c);
                        let (letter, width) = match code {
                            0..=0xFF => ('x', 2),
                            0x100..=0xFFFF => ('u', 4),
                            _ => ('U', 8),
                        };
                        self.put(letter);
                        for k in (0..width).rev() {
                            let digit = (code >> (k * 4)) & 0xF;
                            self.put(char::from_digit(digit, 16).unwrap_or('0').to_ascii_uppercase());
                        }
                    }
                }
            } else {
                self.put(c);
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal(&mut self, value: &str) {
        self.write_indicator("|", true, false, false);
        // Block scalar hints: an indentation indicator when the text starts with a space or a
        // break; `-` without a final break, `+` (keep) with more than one.
        if value.starts_with(|c: char| c == ' ' || is_break(c)) {
            self.write_indicator("2", false, false, false);
        }
        let mut tail = value.chars().rev();
        match (tail.next(), tail.next()) {
            (Some(last), _) if !is_break(last) => self.write_indicator("-", false, false, false),
            (None, _) => self.write_indicator("-", false, false, false),
            (Some(_), None) => self.write_indicator("+", false, false, false),
            (Some(_), Some(before)) if is_break(before) => self.write_indicator("+", false, false, false),
            _ => {}
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in value.chars() {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{from_json, from_json_marked, Mark};
    use serde_json::{json, Value};

    /// Whether any string in `value` (key or value) is one YAML 1.1 reads as a bool or number.
    fn has_yaml11_ambiguity(value: &Value) -> bool {
        match value {
            Value::String(s) => super::yaml11_non_string(s),
            Value::Array(items) => items.iter().any(has_yaml11_ambiguity),
            Value::Object(map) => {
                map.iter().any(|(k, v)| super::yaml11_non_string(k) || has_yaml11_ambiguity(v))
            }
            _ => false,
        }
    }

    /// The reference is serde_yaml: byte for byte, except where YAML 1.1 ambiguity makes this
    /// emitter quote what serde_yaml leaves plain; always, serde_yaml reads it back as `value`.
    fn check(value: &Value) {
        let json = serde_json::to_string(value).unwrap();
        let ours = from_json(&json).unwrap_or_else(|| panic!("no YAML for {json}"));
        let back: Value = serde_yaml::from_str(&ours).unwrap_or_else(|e| panic!("{e} in {ours:?}"));
        assert_eq!(&back, value, "for {json}");
        if !has_yaml11_ambiguity(value) {
            assert_eq!(ours, serde_yaml::to_string(value).unwrap(), "for {json}");
        }
    }

    #[test]
    fn yaml_1_1_bools_and_underscored_numbers_are_quoted() {
        assert_eq!(from_json(r#"{"updateMode":"Off"}"#).unwrap(), "updateMode: 'Off'\n");
        assert_eq!(
            from_json(r#"["y","no","ON","1_000","a_b"]"#).unwrap(),
            "- 'y'\n- 'no'\n- 'ON'\n- '1_000'\n- a_b\n"
        );
    }

    /// Strings that exercise every branch of libyaml's scalar analysis and serde_yaml's
    /// type inference.
    #[rustfmt::skip]
    const HOSTILE: &[&str] = &[
        "", " ", "a", "a b", " a", "a ", "  ", "\t", "a\tb", "\ta", "a\t", "null", "Null", "NULL", "~",
        "nul", "true", "True", "TRUE", "tRUE", "false", "yes", "no", "on", "off", "y", "n", "0", "1", "-1",
        "+1", "01", "-01", "+01", "00", "0.", "0.5", ".5", "5.", "1e3", "1E3", "1e400", "-1e400", "1_000",
        "0x1F", "0x", "0x+1", "0x-1", "-0x1F", "+0x1F", "0o17", "0o8", "-0o17", "0b101", "0b2", "-0b101",
        "0xfffffffffffffffffffffffffffffffff", "340282366920938463463374607431768211456",
        "-170141183460469231731687303715884105729", "12345678901234567890", ".inf", ".Inf", ".INF", "-.inf",
        "+.inf", ".nan", ".NaN", "NaN", "nan", "inf", "-inf", "infinity", "+", "-", "++1", "+-1", "-", "--",
        "---", "--- a", "...", "....", "-a", "- a", "-\ta", "?", "? a", "?a", ":", ": a", ":a", "a:", "a:b",
        "a: b", "a :b", "#", "# a", "a#b", "a #b", "a# b", ",", "a,b", "[", "a[b", "]", "{", "a}b", "&a",
        "*a", "!a", "|", ">", "'", "a'b", "'a'", "\"", "a\"b", "%", "@", "`", "a`b", "a\\b", "\\", "a/b",
        "=", "<<", "\n", "\n\n", "a\n", "a\nb", "a\nb\n", "a\nb\n\n", "\na", "\n a", " \na", "a \nb",
        "a\n b", "a\n\nb", "a\n \nb", "a\nb ", "a\r", "a\rb", "\r\n", "a\r\nb", "a\u{85}b", "a\u{2028}b",
        "a\u{2029}b", "a\u{2028}", "\u{2028}a", "\u{0}", "\u{1}", "\u{7}", "\u{8}", "\u{b}", "\u{c}",
        "\u{1b}", "\u{7f}", "\u{80}", "\u{9f}", "\u{a0}", "a\u{a0}b", "é", "日本", "\u{d7ff}", "\u{e000}",
        "\u{fdd0}", "\u{fffe}", "\u{ffff}", "\u{feff}", "a\u{feff}", "\u{10000}", "😀", "\u{10ffff}",
        "app.kubernetes.io/name", "convox.com/params", "${VAR}", "$(VAR)", "0 */2 * * *", "*/5 * * * *",
        "250m", "512Mi", "1.5Gi", "http://example.com:8080/x?y=1#z", "echo 'hi' && echo \"there\"",
        "sh -c 'a: b'", "key=value", "a=b,c=d",
    ];

    #[test]
    fn scalars_match_serde_yaml() {
        for s in HOSTILE {
            check(&json!(s));
            check(&json!({ "k": s }));
            check(&json!([s]));
            check(&json!({ "k": [s, { "n": s }] }));
            check(&json!([[s], { "a": { "b": s } }]));
            check(&json!({ *s: 1, "x": { *s: s } }));
        }
    }

    #[test]
    fn long_and_multiline_keys_become_complex_keys() {
        let long = "k".repeat(129);
        check(
            &json!({ "k".repeat(128): 1, long.clone(): 2, "a\nb": 3, "a\rb": 4, long.clone(): [1], "x": { long: {} } }),
        );
    }

    #[test]
    fn collections_numbers_and_nesting_match_serde_yaml() {
        check(&json!(null));
        check(&json!(true));
        check(&json!(-12));
        check(&json!(1.5));
        check(&json!(1e300));
        check(&json!(u64::MAX));
        check(&json!(i64::MIN));
        check(&json!({}));
        check(&json!([]));
        check(&json!({ "a": {}, "b": [], "c": [{}, [], [[]], [{}]], "d": null, "e": false, "f": 0.25 }));
        check(&json!([[1, [2, [3]]], { "a": [[1]] }, [{ "a": 1, "b": [2] }]]));
        check(&json!({ "a": { "b": { "c": [{ "d": "x\ny\n", "e": [" lead", "keep\n\n"] }] } } }));
        check(&json!(["keep\n\n", "x"]));
        check(&json!({ "a": "keep\n\n", "b": "clip\n" }));
        check(&json!("keep\n\n"));
        check(&json!("\n"));
    }

    #[test]
    fn floats_match_serde_yaml() {
        for f in [
            0.0,
            -0.0,
            1.0,
            -1.5,
            0.1,
            1e-5,
            1.5e-5,
            1e-4,
            0.00012345,
            123456.789,
            1e15,
            1e16,
            1.5e16,
            1e17,
            9007199254740993.0,
            1e300,
            -2.5e-300,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
        ] {
            check(&json!(f));
            check(&json!({ "f": [f] }));
        }
        let mut bits = 0x2545_F491_4F6C_DD1D_u64;
        for _ in 0..20_000 {
            bits ^= bits << 13;
            bits ^= bits >> 7;
            bits ^= bits << 17;
            let f = f64::from_bits(bits);
            if f.is_finite() {
                check(&json!(f));
            }
        }
    }

    #[test]
    fn pseudo_random_strings_match_serde_yaml() {
        // A fixed xorshift sequence over characters that matter to YAML.
        let alphabet: Vec<char> =
            " \t\n\r-?:#,[]{}&*!|>'\"%@`.0123456789abexoEIN+_\\/=~\u{85}\u{a0}\u{2028}é\u{1}\u{feff}"
                .chars()
                .collect();
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 8) as usize;
            let s: String = (0..len)
                .map(|i| alphabet[((state >> (8 + 6 * i)) % alphabet.len() as u64) as usize])
                .collect();
            check(&json!({ "k": s, s.clone(): [s] }));
        }
    }

    /// The hand-written emitter against serde_yaml, over every object of every fixture on its
    /// own rack and on generated ones (every kind only some racks render included).
    #[test]
    fn every_fixture_object_on_every_profile_matches_serde_yaml() {
        let all = crate::testing::analyses_on_every_profile();
        let mut objects = 0;
        for (_, analysis) in &all {
            for object in crate::output::objects(analysis) {
                check(&serde_json::from_str(&crate::output::json::to_string(object).unwrap()).unwrap());
                objects += 1;
            }
        }
        assert!(objects > 1000, "only {objects} objects: fixtures missing?");
        crate::testing::assert_every_profile_kind(all.iter().map(|(_, a)| a));
    }

    #[test]
    fn malformed_json_is_none() {
        for bad in ["", "{", "[1,", "{\"a\"}", "\"\\q\"", "nope", "1 2", "\"\\ud800\""] {
            assert_eq!(from_json(bad), None, "{bad}");
        }
    }

    #[test]
    fn marked_fields_span_their_key_and_value_lines() {
        let json = r#"{"metadata":{"annotations":{"a.b/c":"x","d":"line1\nline2\n"}},"spec":{"rules":[{"host":"a","http":{"paths":[{"path":"/"}]}},{"host":"b"}],"tls":[]}}"#;
        let patterns = [
            "spec.rules[].host",
            "metadata.annotations.a.b/c",
            "metadata.annotations.d",
            "spec.rules[]",
            "spec.tls",
            "nope",
        ];
        let (text, marks) = from_json_marked(json, &patterns).unwrap();
        assert_eq!(Some(text.as_str()), from_json(json).as_deref(), "marking changes no byte");
        let lines: Vec<&str> = text.lines().collect();
        let shown = |m: &Mark| lines[m.line - 1..m.end_line].join("\n");
        let found: Vec<(usize, &str, String)> =
            marks.iter().map(|m| (m.pattern, m.path.as_str(), shown(m))).collect();
        assert_eq!(
            found,
            [
                (1, "metadata.annotations.a.b/c", "    a.b/c: x".to_string()),
                (2, "metadata.annotations.d", "    d: |\n      line1\n      line2".to_string()),
                (0, "spec.rules[0].host", "  - host: a".to_string()),
                (3, "spec.rules[0]", "  - host: a\n    http:\n      paths:\n      - path: /".to_string()),
                (0, "spec.rules[1].host", "  - host: b".to_string()),
                (3, "spec.rules[1]", "  - host: b".to_string()),
                (4, "spec.tls", "  tls: []".to_string()),
            ]
        );
    }
}
