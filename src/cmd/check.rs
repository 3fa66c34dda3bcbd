//! `kadry check`: the whole site rendered in memory (so that links are
//! checked too), nothing written; every problem printed on standard error,
//! and with `--format` also to standard output for a CI system
//! ([`format`]). Exit code 1 on errors, and with `--strict` on warnings.

mod format;

pub use format::Format;

use super::{print_diagnostics, report};
use crate::BuildOptions;
use format::Outcome;
use std::io::Write;
use std::process::ExitCode;

/// How the result is given: on standard output in `format`, and whether
/// warnings fail the check.
#[derive(Clone, Copy, Debug)]
pub struct CheckOptions {
    pub format: Format,
    pub strict: bool,
}

pub fn run(opts: BuildOptions, check: CheckOptions) -> ExitCode {
    let (outcome, mut failed) = match crate::render(&opts) {
        Ok((_, s)) => {
            print_diagnostics(&s.warnings);
            eprintln!(
                "Ошибок нет, предупреждений — {}. Мероприятий — {}, отчётов — {}.",
                s.warnings.len(),
                s.measures,
                s.reports
            );
            (Outcome::passed(&s), false)
        }
        Err(e) => {
            let outcome = Outcome::failed(&e);
            report(e);
            (outcome, true)
        }
    };
    if let Some(text) = format::render(check.format, &outcome) {
        if let Err(e) = std::io::stdout().lock().write_all(text.as_bytes()) {
            eprintln!("ошибка: не удалось вывести результат проверки: {e}");
            failed = true;
        }
    }
    if !failed && check.strict && outcome.warnings() > 0 {
        eprintln!(
            "Предупреждений — {}; с --strict это ошибка.",
            outcome.warnings()
        );
        failed = true;
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
