//! Splits a command string into words the way the rack's `shellsplit` template helper does
//! (github.com/kballard/go-shellquote `Split`).
//!
//! Written here rather than taken from the `shell-words` crate: shell-words treats `#` as the
//! start of a comment and keeps a trailing backslash, where go-shellquote keeps `#` as an
//! ordinary character (`command: curl http://x/#frag` stays one word) and refuses a trailing
//! backslash. Matching the rack exactly needs its rules, which fit in this file.

/// Why a command cannot be split; the rack's promote fails with this text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitError {
    SingleQuote,
    DoubleQuote,
    Escape,
}

impl SplitError {
    /// go-shellquote's error text.
    pub fn message(self) -> &'static str {
        match self {
            SplitError::SingleQuote => "Unterminated single-quoted string",
            SplitError::DoubleQuote => "Unterminated double-quoted string",
            SplitError::Escape => "Unterminated backslash-escape",
        }
    }
}

const SPLIT: [char; 3] = [' ', '\n', '\t'];
/// The escapes bash honours inside double quotes.
const DOUBLE_ESCAPES: [char; 5] = ['$', '`', '"', '\n', '\\'];

/// go-shellquote's `Split`: words separated by spaces, tabs and newlines; single quotes keep
/// everything; double quotes honour `\$ \` \" \\` and an escaped newline; a backslash outside
/// quotes escapes the next character (an escaped newline vanishes).
pub fn split(input: &str) -> Result<Vec<String>, SplitError> {
    let mut words = Vec::new();
    let mut chars = input.chars().peekable();
    loop {
        // Skip separators and escaped newlines between words.
        match chars.peek() {
            None => return Ok(words),
            Some(c) if SPLIT.contains(c) => {
                chars.next();
                continue;
            }
            Some('\\') => {
                let mut ahead = chars.clone();
                ahead.next();
                match ahead.next() {
                    None => return Err(SplitError::Escape),
                    Some('\n') => {
                        chars = ahead;
                        continue;
                    }
                    Some(_) => {}
                }
            }
            Some(_) => {}
        }
        let mut word = String::new();
        while let Some(c) = chars.next() {
            match c {
                c if SPLIT.contains(&c) => break,
                '\'' => loop {
                    match chars.next() {
                        None => return Err(SplitError::SingleQuote),
                        Some('\'') => break,
                        Some(c) => word.push(c),
                    }
                },
                '"' => loop {
                    match chars.next() {
                        None => return Err(SplitError::DoubleQuote),
                        Some('"') => break,
                        Some('\\') => match chars.peek().copied() {
                            Some(e) if DOUBLE_ESCAPES.contains(&e) => {
                                chars.next();
                                if e != '\n' {
                                    word.push(e);
                                }
                            }
                            _ => word.push('\\'),
                        },
                        Some(c) => word.push(c),
                    }
                },
                '\\' => match chars.next() {
                    None => return Err(SplitError::Escape),
                    Some('\n') => {}
                    Some(e) => word.push(e),
                },
                c => word.push(c),
            }
        }
        words.push(word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Vec<String> {
        split(s).unwrap()
    }

    #[test]
    fn hash_is_an_ordinary_character() {
        assert_eq!(
            ok("curl http://x/#frag # not a comment"),
            ["curl", "http://x/#frag", "#", "not", "a", "comment"]
        );
    }

    #[test]
    fn quotes_and_escapes_follow_go_shellquote() {
        assert_eq!(ok("sh -c 'echo $HOME'"), ["sh", "-c", "echo $HOME"]);
        assert_eq!(ok(r#"echo "a \"b\" \x""#), ["echo", r#"a "b" \x"#]);
        assert_eq!(ok("a\\ b c"), ["a b", "c"]);
        assert_eq!(ok("one \\\n two"), ["one", "two"]);
        assert_eq!(ok("x''y \"\""), ["xy", ""]);
        assert_eq!(ok("  \t\n"), Vec::<String>::new());
    }

    #[test]
    fn unterminated_quotes_and_escapes_are_errors() {
        assert_eq!(split("echo 'x"), Err(SplitError::SingleQuote));
        assert_eq!(split("echo \"x"), Err(SplitError::DoubleQuote));
        assert_eq!(split("echo x\\"), Err(SplitError::Escape));
        assert_eq!(split("\\"), Err(SplitError::Escape));
    }
}
