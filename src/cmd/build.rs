//! `kadry build`: the site written atomically to the output folder, and a
//! summary or the reason it stopped, with what is at the output now.

use super::{print_diagnostics, report};
use crate::diagnostics::Severity;
use crate::publish::OutputError;
use crate::{BuildError, BuildOptions};
use std::process::ExitCode;

pub fn run(opts: BuildOptions) -> ExitCode {
    match crate::build(&opts) {
        Ok(s) => {
            print_diagnostics(&s.warnings);
            if s.drafts > 0 {
                eprintln!(
                    "Черновики (draft = true) не опубликованы: {}. Посмотреть их можно в kadry serve.",
                    s.drafts
                );
            }
            eprintln!(
                "Готово: мероприятий — {}, отчётов — {}, страниц — {}, файлов — {}; сайт в {}",
                s.measures,
                s.reports,
                s.pages,
                s.files,
                opts.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            // Only a swap that failed half way leaves the output changed;
            // every other failure happens before it.
            let state = match &e {
                BuildError::Other(e) => e.downcast_ref::<OutputError>().map(OutputError::state),
                BuildError::Content(_) => None,
            };
            let only_warnings = match &e {
                BuildError::Content(found) => found.iter().all(|d| d.severity == Severity::Warning),
                BuildError::Other(_) => false,
            };
            report(e);
            if opts.strict && only_warnings {
                eprintln!("С --strict предупреждения останавливают сборку: исправьте их.");
            }
            let state = state.unwrap_or_else(|| "Сайт не изменён.".into());
            eprintln!("Сборка остановлена. {state}");
            ExitCode::FAILURE
        }
    }
}
