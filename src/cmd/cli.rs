//! The command line in Russian. clap writes its help and its errors in
//! English («Usage:», «Options:», «error: unexpected argument»); an editor
//! reads neither.
//!
//! Takes the [`Command`] that clap derives from `main.rs`'s arguments and
//! the arguments typed; gives the parsed arguments, or prints the help,
//! the version or a Russian error with a hint and gives the exit code
//! (0 for help and version, 2 for a mistake, as clap does).
//! [`russian`] rewrites every command's help (headings, usage line, own
//! `--help`/`--version`, defaults and choices); [`explain`] words each kind
//! of clap error anew from its context, never from clap's English text.

use crate::diagnostics::visible;
use clap::builder::{Arg, ArgAction, Command};
use clap::error::{ContextKind, ContextValue, Error, ErrorKind};
use clap::FromArgMatches;
use std::ffi::OsString;
use std::process::ExitCode;

/// Exit code of a mistake in the command line, as clap's own.
const USAGE_ERROR: u8 = 2;

/// Parses `args` (the program name first) with `cmd` made Russian. On
/// `--help`, `--version` or a mistake, prints what clap would, in Russian,
/// and gives the exit code instead.
pub fn parse<T: FromArgMatches>(cmd: Command, args: Vec<OsString>) -> Result<T, ExitCode> {
    let cmd = russian(cmd, "");
    let parsed = cmd
        .clone()
        .try_get_matches_from(&args)
        .and_then(|m| T::from_arg_matches(&m));
    parsed.map_err(|e| answer(&cmd, &args, &e))
}

/// `cmd` and its subcommands with help in Russian: a template with Russian
/// headings, a usage line of Russian words, `-h`/`--help` (and on the top
/// command `-V`/`--version`) said in Russian, no `help` subcommand (see
/// [`answer`]), defaults and choices written into each argument's help.
/// `parent` is the command line above `cmd` (`kadry new`), empty at the top.
fn russian(cmd: Command, parent: &str) -> Command {
    let path = if parent.is_empty() {
        cmd.get_name().to_string()
    } else {
        format!("{parent} {}", cmd.get_name())
    };
    let versioned = cmd.get_version().is_some();
    let mut cmd = cmd
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .subcommand_value_name("КОМАНДА")
        .mut_args(with_defaults_said)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Показать эту справку"),
        );
    if versioned {
        cmd = cmd.arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Показать версию"),
        );
    }
    let usage = usage(&cmd, &path);
    let template = template(&cmd);
    cmd.override_usage(usage)
        .help_template(template)
        .mut_subcommands(|sub| russian(sub, &path))
}

/// The help layout: about, usage, then each list under a Russian heading
/// (only the lists the command has).
fn template(cmd: &Command) -> String {
    let mut t = String::from("{about-with-newline}\nИспользование: {usage}\n");
    if cmd.get_arguments().any(Arg::is_positional) {
        t += "\nАргументы:\n{positionals}\n";
    }
    if cmd.has_subcommands() {
        t += "\nКоманды:\n{subcommands}\n";
    }
    t += "\nПараметры:\n{options}\n";
    t
}

/// `kadry new report [ПАРАМЕТРЫ] <НОМЕР>`: what clap would write, with
/// Russian placeholders (clap's own says `[OPTIONS]`).
fn usage(cmd: &Command, path: &str) -> String {
    let mut parts = vec![path.to_string()];
    let own = |a: &&Arg| !a.is_hide_set() && !matches!(a.get_id().as_str(), "help" | "version");
    let options: Vec<&Arg> = cmd
        .get_arguments()
        .filter(own)
        .filter(|a| !a.is_positional())
        .collect();
    if options.iter().any(|a| !a.is_required_set()) {
        parts.push("[ПАРАМЕТРЫ]".into());
    }
    for a in options.iter().filter(|a| a.is_required_set()) {
        let long = a.get_long().unwrap_or_default();
        parts.push(format!("--{long} <{}>", value_name(a)));
    }
    for a in cmd
        .get_arguments()
        .filter(own)
        .filter(|a| a.is_positional())
    {
        parts.push(match a.is_required_set() {
            true => format!("<{}>", value_name(a)),
            false => format!("[{}]", value_name(a)),
        });
    }
    if cmd.has_subcommands() {
        parts.push("<КОМАНДА>".into());
    }
    parts.join(" ")
}

fn value_name(a: &Arg) -> String {
    a.get_value_names()
        .and_then(|names| names.first())
        .map_or_else(|| a.get_id().to_string(), ToString::to_string)
}

/// An argument whose help says its default and its choices in Russian
/// (clap's own `[default: …]`, `[possible values: …]` are hidden).
fn with_defaults_said(arg: Arg) -> Arg {
    if !arg.get_action().takes_values() {
        return arg;
    }
    let mut help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let choices = arg.get_possible_values();
    let named: Vec<&str> = choices
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name())
        .collect();
    if !named.is_empty() {
        help += &format!(" [варианты: {}]", named.join(", "));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() {
        help += &format!(" [по умолчанию: {}]", defaults.join(", "));
    }
    let explained: Vec<String> = choices
        .iter()
        .filter(|v| !v.is_hide_set())
        .filter_map(|v| Some(format!("  {} — {}", v.get_name(), v.get_help()?)))
        .collect();
    let arg = if explained.is_empty() {
        arg
    } else {
        arg.long_help(format!("{help}\n{}", explained.join("\n")))
    };
    arg.help(help)
        .hide_default_value(true)
        .hide_possible_values(true)
}

/// What to do about a failed parse: help and version on standard output
/// (exit 0), anything else explained on standard error (exit 2).
fn answer(cmd: &Command, args: &[OsString], e: &Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(USAGE_ERROR);
        }
        _ => {}
    }
    let (mut at, path) = typed_command(cmd, args);
    if e.kind() == ErrorKind::InvalidSubcommand && text(e, ContextKind::InvalidSubcommand) == "help"
    {
        // `kadry help build`: the help of what follows, as `kadry build --help`
        let after = args.iter().skip_while(|a| *a != "help").skip(1);
        for name in after {
            match at.find_subcommand(name) {
                Some(sub) => at = sub,
                None => break,
            }
        }
        print!("{}", at.clone().render_help());
        return ExitCode::SUCCESS;
    }
    let (message, suggestion) = explain(e, at);
    let help = format!("справка — {path} --help");
    let hint = match suggestion {
        Some(s) => format!("{s}; {help}"),
        None => help,
    };
    eprintln!("ошибка: {}\n  подсказка: {hint}", visible(&message));
    ExitCode::from(USAGE_ERROR)
}

/// The deepest (sub)command named in `args`, and how it is typed
/// (`kadry new report`): where the mistake was made.
fn typed_command<'c>(cmd: &'c Command, args: &[OsString]) -> (&'c Command, String) {
    let mut at = cmd;
    let mut path = vec![cmd.get_name().to_string()];
    let mut words = args.iter().skip(1);
    while let Some(word) = words.next() {
        let text = word.to_string_lossy();
        if text == "--" {
            break;
        }
        if text.starts_with('-') {
            // an option unknown here is the mistake: it is in this command
            let name = text.split('=').next().unwrap_or_default();
            let short = name.strip_prefix('-').and_then(|s| {
                let mut chars = s.chars();
                chars.next().filter(|_| chars.next().is_none())
            });
            let known = at.get_arguments().find(|a| match name.strip_prefix("--") {
                Some(long) => a.get_long() == Some(long),
                None => short.is_some() && a.get_short() == short,
            });
            let Some(arg) = known else { break };
            if arg.get_action().takes_values() && !text.contains('=') {
                words.next();
            }
        } else if let Some(sub) = at.find_subcommand(word) {
            at = sub;
            path.push(sub.get_name().to_string());
        }
    }
    (at, path.join(" "))
}

/// The message and, where there is one, a suggestion («возможно, имелось
/// в виду …») for a mistake made in `at`.
fn explain(e: &Error, at: &Command) -> (String, Option<String>) {
    let arg = text(e, ContextKind::InvalidArg);
    let value = text(e, ContextKind::InvalidValue);
    let meant = |kind| {
        Some(text(e, kind))
            .filter(|s| !s.is_empty())
            .map(|s| format!("возможно, имелось в виду «{s}»"))
    };
    match e.kind() {
        ErrorKind::InvalidSubcommand => (
            format!(
                "неизвестная команда «{}»",
                text(e, ContextKind::InvalidSubcommand)
            ),
            meant(ContextKind::SuggestedSubcommand).or_else(|| commands_of(at)),
        ),
        ErrorKind::UnknownArgument if !arg.starts_with('-') => {
            (format!("лишний аргумент «{arg}»"), commands_of(at))
        }
        ErrorKind::UnknownArgument => (
            format!("неизвестный параметр «{arg}»"),
            meant(ContextKind::SuggestedArg).or_else(|| elsewhere(at, &arg)),
        ),
        ErrorKind::InvalidValue if value.is_empty() => {
            (format!("не указано значение для «{arg}»"), None)
        }
        ErrorKind::InvalidValue => (
            format!("недопустимое значение «{value}» для «{arg}»"),
            meant(ContextKind::SuggestedValue).or_else(|| {
                Some(text(e, ContextKind::ValidValue))
                    .filter(|s| !s.is_empty())
                    .map(|s| format!("допустимые значения: {s}"))
            }),
        ),
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e).map_or(String::new(), |s| format!(": {s}"));
            (format!("«{arg}»{why}"), None)
        }
        ErrorKind::MissingRequiredArgument => {
            (format!("не указан обязательный аргумент {arg}"), None)
        }
        ErrorKind::MissingSubcommand => ("не указана команда".into(), commands_of(at)),
        ErrorKind::ArgumentConflict if text(e, ContextKind::PriorArg) == arg => {
            (format!("«{arg}» указан дважды"), None)
        }
        ErrorKind::ArgumentConflict => (
            format!(
                "«{arg}» нельзя указать вместе с «{}»",
                text(e, ContextKind::PriorArg)
            ),
            None,
        ),
        ErrorKind::NoEquals => (format!("укажите значение «{arg}» через «=»"), None),
        ErrorKind::TooManyValues => (format!("лишнее значение «{value}» для «{arg}»"), None),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            (format!("не хватает значений для «{arg}»"), None)
        }
        ErrorKind::InvalidUtf8 => ("аргумент записан не в кодировке UTF-8".into(), None),
        _ => ("командная строка не разобрана".into(), None),
    }
}

/// One piece of an error's context as text (a list joined with commas).
fn text(e: &Error, kind: ContextKind) -> String {
    match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// «команды: build, check, …» where `at` has subcommands.
fn commands_of(at: &Command) -> Option<String> {
    let names: Vec<&str> = at
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(Command::get_name)
        .collect();
    (!names.is_empty()).then(|| format!("команды: {}", names.join(", ")))
}

/// «параметр «--out» есть у команды «build»»: an option typed before its
/// subcommand (`kadry --out x build`).
fn elsewhere(at: &Command, arg: &str) -> Option<String> {
    let long = arg.strip_prefix("--")?.split('=').next()?;
    let owner = at
        .get_subcommands()
        .find(|s| s.get_arguments().any(|a| a.get_long() == Some(long)))?;
    Some(format!(
        "параметр «--{long}» есть у команды «{}»: укажите его после неё",
        owner.get_name()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd() -> Command {
        Command::new("kadry")
            .version("1.0")
            .about("Портал")
            .subcommand_required(true)
            .subcommand(
                Command::new("build")
                    .about("Собрать")
                    .arg(Arg::new("out").long("out").default_value("public"))
                    .arg(
                        Arg::new("format")
                            .long("format")
                            .value_parser(["text", "json"]),
                    ),
            )
            .subcommand(
                Command::new("new")
                    .subcommand_required(true)
                    .subcommand(Command::new("report").arg(Arg::new("measure").required(true))),
            )
    }

    fn error(args: &[&str]) -> Error {
        russian(cmd(), "")
            .try_get_matches_from(args)
            .expect_err("parsed")
    }

    #[test]
    fn help_is_russian_at_every_level() {
        let mut root = russian(cmd(), "");
        let help = root.render_help().to_string();
        assert!(help.contains("Использование: kadry <КОМАНДА>"), "{help}");
        assert!(help.contains("Команды:\n  build"), "{help}");
        assert!(help.contains("-V, --version  Показать версию"), "{help}");
        for english in ["Usage", "Options", "Commands", "Print", "help\n"] {
            assert!(!help.contains(english), "{english}: {help}");
        }
        let build = root.find_subcommand_mut("build").unwrap();
        let help = build.render_help().to_string();
        assert!(
            help.contains("Использование: kadry build [ПАРАМЕТРЫ]"),
            "{help}"
        );
        assert!(help.contains("[по умолчанию: public]"), "{help}");
        assert!(help.contains("[варианты: text, json]"), "{help}");
        assert!(!help.contains("default") && !help.contains("--version"));
        let new = root.find_subcommand_mut("new").unwrap();
        let report = new.find_subcommand_mut("report").unwrap();
        let help = report.render_help().to_string();
        assert!(help.contains("kadry new report <measure>"), "{help}");
        assert!(help.contains("Аргументы:\n  <measure>"), "{help}");
    }

    #[test]
    fn mistakes_are_explained_with_suggestions() {
        let root = russian(cmd(), "");
        let e = error(&["kadry", "biuld"]);
        assert_eq!(
            explain(&e, &root),
            (
                "неизвестная команда «biuld»".into(),
                Some("возможно, имелось в виду «build»".into())
            )
        );
        let build = root.find_subcommand("build").unwrap();
        let e = error(&["kadry", "build", "--outt", "x"]);
        assert_eq!(
            explain(&e, build).1.as_deref(),
            Some("возможно, имелось в виду «--out»")
        );
        let e = error(&["kadry", "build", "--format", "jsn"]);
        assert_eq!(
            explain(&e, build).0,
            "недопустимое значение «jsn» для «--format <format>»"
        );
        let e = error(&["kadry", "--out", "x", "build"]);
        assert_eq!(
            explain(&e, &root).1.as_deref(),
            Some("параметр «--out» есть у команды «build»: укажите его после неё")
        );
        let e = error(&["kadry", "build", "--out", "a", "--out", "b"]);
        assert_eq!(explain(&e, build).0, "«--out <out>» указан дважды");
    }

    #[test]
    fn finds_the_command_the_mistake_is_in() {
        let root = russian(cmd(), "");
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            typed_command(&root, &args(&["kadry", "build", "--out", "new", "--x"])).1,
            "kadry build"
        );
        assert_eq!(
            typed_command(&root, &args(&["kadry", "new", "report", "1.1"])).1,
            "kadry new report"
        );
        // the mistake is before the command: it is the top command's
        assert_eq!(
            typed_command(&root, &args(&["kadry", "--out", "x", "build"])).1,
            "kadry"
        );
    }
}
