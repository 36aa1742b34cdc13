//! The release environment (`convox env`) as text: the one reader of `KEY=VALUE` lines, for the
//! CLI's `--env`/`--env-file`, the page's env box (the page sends the text; the core reads it)
//! and the fixtures' `env` files.
//!
//! A line is read as the rack reads `convox env` (`structs.Environment.Load` in
//! `pkg/structs/environment.go`): the name before the first `=` is trimmed, the value after it
//! is kept verbatim (`A=1 ` is `1 `, with its space). Where the rack silently skips a line it
//! cannot read, this reader says so, at the line: a line without `=` or without a name is a
//! [`EnvProblem`]. Blank lines and lines starting with `#` are skipped (the rack would set a
//! variable named `#…`; in a file a person writes, `#` starts a comment).

use crate::manifest::Env;
use crate::OptionError;

/// A line the reader could not take (the rack would skip it without a word).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvProblem {
    /// 1-based line of the text.
    pub line: usize,
    pub message: String,
}

impl EnvProblem {
    /// The problem as an option error at `env` (the page's env box, the CLI's `--env`).
    pub fn option_error(&self) -> OptionError {
        OptionError { field: "env".into(), message: format!("line {}: {}", self.line, self.message) }
    }
}

/// Reads `KEY=VALUE` lines: the environment, and each line it could not take.
pub fn read(text: &str) -> (Env, Vec<EnvProblem>) {
    let mut env = Env::new();
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        match pair(line) {
            Ok((key, value)) => {
                env.insert(key, value);
            }
            Err(message) => problems.push(EnvProblem { line: n + 1, message }),
        }
    }
    (env, problems)
}

/// One `KEY=VALUE` (a line, or the CLI's `--env KEY=VALUE`): the trimmed name and the verbatim
/// value, or why it is not one.
pub fn pair(line: &str) -> Result<(String, String), String> {
    match line.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => Ok((key.trim().to_string(), value.to_string())),
        Some(_) => {
            Err(format!("{:?} has no name before '=' (convox env set skips such a line)", line.trim()))
        }
        None => {
            let name = line.trim();
            Err(format!("{name:?} has no '=': write {name}=<value> (convox env set skips such a line)"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_verbatim_and_names_trimmed_as_the_rack_reads_them() {
        let (env, problems) = read(" A =1 \nB==x\nC=\n");
        let got: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(got, [("A", "1 "), ("B", "=x"), ("C", "")]);
        assert!(problems.is_empty());
    }

    #[test]
    fn lines_the_rack_would_skip_are_problems_at_their_line() {
        let (env, problems) = read("# comment\n\nA=1\nB\n=2\n");
        assert_eq!(env.len(), 1);
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [4, 5]);
        assert_eq!(
            problems[0].option_error().message,
            "line 4: \"B\" has no '=': write B=<value> (convox env set skips such a line)"
        );
    }
}
