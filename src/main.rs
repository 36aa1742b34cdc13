//! The `convox-k8s` command line: a thin shell over [`convox_k8s::analyze`] and
//! [`convox_k8s::output`]. `map` shows what a convox.yml creates; `diff` what changing one does;
//! `drift` how a cluster differs from it, `upgrade` what a rack update does to it. Exit codes:
//! 0 no errors (and, for `--exit-code`, no changes or drift), 1 manifest errors, a dump that
//! cannot be compared (or, with `--exit-code`, changes or drift), 2 usage errors.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use convox_k8s::manifest::Env;
use convox_k8s::output::{self, LineIndex};
use convox_k8s::profile::{Profile, ProfileError, Provider, RackVersion};
use convox_k8s::{analyze_bytes, Options, Severity};

#[derive(Parser)]
#[command(
    name = "convox-k8s",
    version,
    about = "Shows every Kubernetes object a Convox v3 rack creates from a convox.yml"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Map a convox.yml to the Kubernetes objects a rack would apply.
    Map(MapArgs),
    /// What changing a convox.yml does to the cluster: objects added, removed and changed,
    /// with the fields and effects (rollout, immutable, data-loss, traffic).
    Diff(DiffArgs),
    /// How a cluster differs from a convox.yml, from a dump of the app's namespace (`kubectl get
    /// … -o yaml`; `--command` prints the command that makes it): objects missing, extra and
    /// changed, and what the next deploy does to each difference.
    Drift(DriftArgs),
    /// What a rack update does to the app: the path the rack takes (one minor at a time, each at
    /// its newest patch) and, per step, the objects it changes (as `diff` says them) and the
    /// rack parameters it brings.
    Upgrade(UpgradeArgs),
    /// Print the JSON Schema (draft-07) of convox.yml, for editors (yaml-language-server)
    /// and SchemaStore.
    Schema(SchemaArgs),
}

#[derive(Parser)]
struct MapArgs {
    /// The convox.yml to read; `-` for standard input.
    #[arg(default_value = "convox.yml")]
    file: String,
    #[command(flatten)]
    options: OptionArgs,
    #[arg(long, value_enum, default_value_t = Format::Yaml)]
    format: Format,
}

#[derive(Parser)]
struct DiffArgs {
    /// The convox.yml before: a file, `-` for standard input, or `git:REV:PATH` (read with
    /// `git show REV:PATH`, e.g. `git:origin/main:convox.yml`).
    old: String,
    /// The convox.yml after, in the same forms.
    new: String,
    #[command(flatten)]
    options: OptionArgs,
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Exit with 1 when anything changes and 0 when nothing does (as `git diff --exit-code`).
    #[arg(long)]
    exit_code: bool,
}

#[derive(Parser)]
struct DriftArgs {
    /// The convox.yml the cluster was deployed from: a file, `-`, or `git:REV:PATH`.
    file: String,
    /// The dump of the app's namespace: a file or `-` (the output of the command `--command`
    /// prints: `kubectl get … -o yaml`; `-o json` and multi-document YAML are read too).
    #[arg(required_unless_present = "command")]
    dump: Option<String>,
    #[command(flatten)]
    options: OptionArgs,
    /// Print the command that captures the dump for this manifest's namespace, and exit.
    #[arg(long)]
    command: bool,
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Exit with 1 when the cluster drifts and 0 when it does not.
    #[arg(long)]
    exit_code: bool,
}

#[derive(Parser)]
struct UpgradeArgs {
    /// The convox.yml: a file, `-` for standard input, or `git:REV:PATH`.
    #[arg(default_value = "convox.yml")]
    file: String,
    /// The rack's release today.
    #[arg(long, value_name = "VERSION", value_parser = parse_version)]
    from: RackVersion,
    /// The release to update to (default: the newest the tool knows).
    #[arg(long, value_name = "VERSION", default_value_t = RackVersion::default(), value_parser = parse_version)]
    to: RackVersion,
    /// The release and the rack after the update (its rack parameters: those a release before
    /// them does not have yet act as their defaults there).
    #[command(flatten)]
    options: OptionArgs,
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Exit with 1 when any step changes an object and 0 when none does.
    #[arg(long)]
    exit_code: bool,
}

#[derive(Parser)]
struct SchemaArgs {
    /// The rack's Convox release: keys it does not read are refused, with the release that
    /// brought them.
    #[arg(long = "rack-version", value_name = "VERSION", default_value_t = RackVersion::default(), value_parser = parse_version)]
    rack_version: RackVersion,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    /// A summary for a terminal (coloured when it is one).
    Text,
    Json,
    /// For a pull-request comment.
    Markdown,
}

/// The release and rack both commands take.
#[derive(Parser)]
struct OptionArgs {
    #[arg(long, default_value = convox_k8s::DEFAULT_RACK)]
    rack: String,
    #[arg(long, default_value = convox_k8s::DEFAULT_APP)]
    app: String,
    /// Release id: the `release` label.
    #[arg(long, default_value = convox_k8s::DEFAULT_RELEASE)]
    release: String,
    /// Build id: the image tag `<service>.<build>`.
    #[arg(long, default_value = convox_k8s::DEFAULT_BUILD)]
    build: String,
    /// A release environment variable (`convox env`), `KEY=VALUE`; repeatable.
    #[arg(long = "env", value_name = "KEY=VALUE", value_parser = parse_pair)]
    env: Vec<(String, String)>,
    /// A file of `KEY=VALUE` lines (blank lines and `#` comments skipped).
    #[arg(long = "env-file", value_name = "FILE")]
    env_file: Option<PathBuf>,
    /// The rack's provider: aws, azure, gcp, do, local or metal.
    #[arg(long, default_value = convox_k8s::profile::Provider::default().name(), value_parser = parse_provider)]
    provider: Provider,
    /// The rack's Convox release (`convox rack` shows it): 3.20.1, 3.21.5, 3.22.5, 3.23.4 or
    /// 3.24.0 to 3.24.9 (default: 3.24.9). `upgrade` takes --from and --to instead.
    #[arg(long = "rack-version", value_name = "VERSION", value_parser = parse_version)]
    rack_version: Option<RackVersion>,
    /// A rack parameter, `NAME=VALUE` as `convox rack params set` takes it; repeatable.
    /// Unset parameters have the rack's defaults.
    #[arg(long = "rack-param", value_name = "NAME=VALUE")]
    rack_params: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Yaml,
    Json,
    Table,
    /// The quick reference, finding commands and troubleshooting cheat sheet, as Markdown.
    Reference,
}

/// Why the command could not run (exit 2). Manifest problems are diagnostics, not these.
#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error("{path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path}:{line}: {message}")]
    EnvFile { path: String, line: usize, message: String },
    #[error("--rack-param: {0}")]
    Profile(#[from] ProfileError),
    #[error("{spec}: {message}")]
    Git { spec: String, message: String },
    #[error("writing the output: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{0}")]
    Usage(String),
}

/// `convox-k8s schema`: the JSON Schema of convox.yml, generated from the core's key tables.
fn schema(args: SchemaArgs) -> Result<u8, CliError> {
    let mut text = serde_json::to_string_pretty(&convox_k8s::manifest::json_schema_at(args.rack_version))?;
    text.push('\n');
    // A closed pipe (`| head`) is not an error of the schema.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(0)
}

fn parse_version(s: &str) -> Result<RackVersion, String> {
    RackVersion::parse(s).map_err(|e| e.to_string())
}

fn parse_provider(s: &str) -> Result<Provider, String> {
    Provider::parse(s).map_err(|e| e.to_string())
}

fn parse_pair(s: &str) -> Result<(String, String), String> {
    convox_k8s::env::pair(s)
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Map(args) => run(args),
        Command::Diff(args) => diff(args),
        Command::Drift(args) => drift(args),
        Command::Upgrade(args) => upgrade(args),
        Command::Schema(args) => schema(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("convox-k8s: {message}");
            ExitCode::from(2)
        }
    }
}

/// The analysis options from the flags.
fn options(args: OptionArgs) -> Result<Options, CliError> {
    let mut env = Env::new();
    if let Some(path) = &args.env_file {
        let shown = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|source| CliError::Read { path: shown.clone(), source })?;
        let (read, problems) = convox_k8s::env::read(&text);
        if let Some(p) = problems.into_iter().next() {
            return Err(CliError::EnvFile { path: shown, line: p.line, message: p.message });
        }
        env = read;
    }
    env.extend(args.env);
    let mut profile = Profile::at(args.provider, args.rack_version.unwrap_or_default());
    for pair in &args.rack_params {
        profile.set_pair(pair)?;
    }
    Ok(Options {
        rack: args.rack,
        app: args.app,
        release: args.release,
        build: args.build,
        env,
        profile,
        why_not: false,
        // The CLI is given real values: none stands in.
        withheld: Default::default(),
    })
}

/// Prints the options' own problems to stderr as `--FIELD: error: message` (an `env` problem
/// is of `--env`/`--env-file`).
fn report_options(analysis: &convox_k8s::Analysis) {
    for e in &analysis.option_errors {
        eprintln!("--{}: error: {}", e.field, e.message);
    }
}

/// Prints `analysis`'s diagnostics to stderr as `FILE:LINE:COL: severity: message`.
fn report(shown: &str, source: &str, analysis: &convox_k8s::Analysis) {
    let index = LineIndex::new(source);
    for d in &analysis.diagnostics {
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let (line, column) = d.span.map_or((1, 1), |s| index.span_start(s));
        eprintln!("{shown}:{line}:{column}: {severity}: {}", d.message);
    }
}

fn shown(file: &str) -> &str {
    if file == "-" {
        "<stdin>"
    } else {
        file
    }
}

fn run(args: MapArgs) -> Result<u8, CliError> {
    let bytes = read_source(&args.file)?;
    let mut options = options(args.options)?;
    // The JSON contract carries why-not (`absent`); the other formats do not show it.
    options.why_not = matches!(args.format, Format::Json);
    let (source, analysis) = analyze_bytes(&bytes, &options);
    report_options(&analysis);
    report(shown(&args.file), &source, &analysis);

    let failed = analysis.has_errors();
    let text = match args.format {
        Format::Json => {
            let mut json = serde_json::to_string_pretty(&output::contract(&analysis, &source))?;
            json.push('\n');
            json
        }
        // Nothing to apply: a refused release's objects are not piped to kubectl.
        Format::Yaml if failed => String::new(),
        Format::Yaml => output::yaml_file(&analysis),
        // The text formats are read by a person: a refused release says so first, then shows
        // what the rack creates once it is fixed.
        Format::Table if failed => format!("{}\n\n{}", refused_banner(&analysis), output::table(&analysis)),
        Format::Table => output::table(&analysis),
        Format::Reference => {
            let markdown = output::reference::markdown(&output::reference::reference(&analysis));
            if failed {
                format!("> **{}**\n\n{markdown}", refused_banner(&analysis))
            } else {
                markdown
            }
        }
    };
    if failed {
        eprintln!("{}", analysis.verdict().summary);
    }
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = stdout.write_all(text.as_bytes());
    Ok(u8::from(failed))
}

/// The verdict and what the objects shown are, for the text formats of a refused release.
fn refused_banner(analysis: &convox_k8s::Analysis) -> String {
    let v = analysis.verdict();
    [v.summary, v.once_fixed.unwrap_or_default()].join(" ")
}

fn diff(args: DiffArgs) -> Result<u8, CliError> {
    if args.old == "-" && args.new == "-" {
        return Err(CliError::Git {
            spec: "-".into(),
            message: "only one side can be standard input".into(),
        });
    }
    let options = options(args.options)?;
    let (old_bytes, new_bytes) = (read_side(&args.old)?, read_side(&args.new)?);
    let (old_source, old) = analyze_bytes(&old_bytes, &options);
    let (new_source, new) = analyze_bytes(&new_bytes, &options);
    report_options(&old);
    report(shown(&args.old), &old_source, &old);
    report(shown(&args.new), &new_source, &new);
    let d = output::diff::diff(&old, &new);
    let text = match args.format {
        DiffFormat::Json => {
            let review = output::review::json(&d, (&old, &old_source), (&new, &new_source));
            let mut json = serde_json::to_string_pretty(&review)?;
            json.push('\n');
            json
        }
        DiffFormat::Text => output::review::text(&d, std::io::stdout().is_terminal()),
        DiffFormat::Markdown => output::review::markdown(&d),
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    let errors = old.has_errors() || new.has_errors();
    Ok(u8::from(errors || (args.exit_code && !d.is_empty())))
}

fn drift(args: DriftArgs) -> Result<u8, CliError> {
    if args.file == "-" && args.dump.as_deref() == Some("-") {
        return Err(CliError::Git {
            spec: "-".into(),
            message: "only one input can be standard input".into(),
        });
    }
    let options = options(args.options)?;
    let bytes = read_side(&args.file)?;
    let (source, analysis) = analyze_bytes(&bytes, &options);
    report_options(&analysis);
    report(shown(&args.file), &source, &analysis);
    let mut stdout = std::io::stdout().lock();
    if args.command {
        let _ = stdout.write_all(output::drift::command::command(&analysis).as_bytes());
        return Ok(u8::from(analysis.has_errors()));
    }
    let dump_path = args.dump.unwrap_or_else(|| "-".into());
    let dump_bytes = read_source(&dump_path)?;
    // A dump that is not UTF-8 is read with the bad bytes replaced; kubectl writes UTF-8.
    let dump = String::from_utf8_lossy(&dump_bytes);
    let d = output::drift::drift(&analysis, &options, &dump);
    for p in output::drift::render::diagnostics(&d, &dump) {
        eprintln!("{}:{}:{}: {}: {}", shown(&dump_path), p.line, p.column, p.severity, p.message);
    }
    let text = match args.format {
        DiffFormat::Json => {
            let mut json = serde_json::to_string_pretty(&output::drift::render::json(&d, &dump))?;
            json.push('\n');
            json
        }
        _ if d.failed() => String::new(),
        DiffFormat::Text => output::drift::render::text(&d, std::io::stdout().is_terminal()),
        DiffFormat::Markdown => output::drift::render::markdown(&d),
    };
    let _ = stdout.write_all(text.as_bytes());
    let errors = analysis.has_errors() || d.failed();
    Ok(u8::from(errors || (args.exit_code && d.has_drift())))
}

fn upgrade(args: UpgradeArgs) -> Result<u8, CliError> {
    if args.options.rack_version.is_some() {
        return Err(CliError::Usage(
            "--rack-version: upgrade takes the rack's release with --from and the one to update to with --to"
                .into(),
        ));
    }
    // The rack parameters are the updated rack's: checked against --to.
    let mut options = options(OptionArgs { rack_version: Some(args.to), ..args.options })?;
    options.why_not = false;
    let bytes = read_side(&args.file)?;
    let source = String::from_utf8_lossy(&bytes).into_owned();
    let (first, up) = convox_k8s::upgrade::upgrade(&source, &options, args.from, args.to)
        .map_err(|e| CliError::Usage(format!("--from/--to: {e}")))?;
    report_options(&first);
    report(shown(&args.file), &source, &first);
    let text = match args.format {
        DiffFormat::Json => {
            let mut json = serde_json::to_string_pretty(&output::upgrade::json(&up, &source))?;
            json.push('\n');
            json
        }
        DiffFormat::Text => {
            output::upgrade::text(&up, &source, shown(&args.file), std::io::stdout().is_terminal())
        }
        DiffFormat::Markdown => output::upgrade::markdown(&up, &source),
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    let errors = first.has_errors() || up.has_errors();
    Ok(u8::from(errors || (args.exit_code && up.changes())))
}

/// One side of a diff: a file, `-`, or `git:REV:PATH`.
fn read_side(spec: &str) -> Result<Vec<u8>, CliError> {
    let Some(rest) = spec.strip_prefix("git:") else { return read_source(spec) };
    let Some((rev, path)) = rest.split_once(':') else {
        return Err(CliError::Git { spec: spec.into(), message: "expected git:REV:PATH".into() });
    };
    let out = std::process::Command::new("git")
        .args(["show", &format!("{rev}:{path}")])
        .output()
        .map_err(|e| CliError::Git { spec: spec.into(), message: format!("could not run git: {e}") })?;
    if !out.status.success() {
        let message = String::from_utf8_lossy(&out.stderr).trim().to_string();
        return Err(CliError::Git { spec: spec.into(), message });
    }
    Ok(out.stdout)
}

fn read_source(file: &str) -> Result<Vec<u8>, CliError> {
    let read =
        |source| CliError::Read { path: if file == "-" { "<stdin>".into() } else { file.into() }, source };
    if file == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(read)?;
        Ok(buf)
    } else {
        std::fs::read(file).map_err(read)
    }
}
