//! `kadry check`: the whole site rendered in memory (so that links are
//! checked too), nothing written; every problem printed, exit code 1 on
//! errors.

use super::{print_diagnostics, report};
use crate::BuildOptions;
use std::process::ExitCode;

pub fn run(opts: BuildOptions) -> ExitCode {
    match crate::render(&opts) {
        Ok((_, s)) => {
            print_diagnostics(&s.warnings);
            eprintln!(
                "Ошибок нет, предупреждений — {}. Мероприятий — {}, отчётов — {}.",
                s.warnings.len(),
                s.measures,
                s.reports
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            report(e);
            ExitCode::FAILURE
        }
    }
}
