//! The subcommands, one file each: what the operator or editor typed,
//! turned into a build, a check, a new file or a preview, and the result
//! printed in Russian on the terminal.
//!
//! Takes options parsed by `main.rs`; gives an exit code. Everything here
//! that prints goes through [`print_diagnostics`] and [`print_error`], so
//! that what an editor wrote reaches the terminal with control characters
//! shown visibly.

pub mod build;
pub mod check;
pub mod cli;
pub mod new;
pub mod root;
pub mod serve;

use crate::diagnostics::{visible, Diagnostic, Severity};
use crate::BuildError;

fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

/// Prints why a build or check stopped: every content problem with a
/// count, or the one other error.
fn report(e: BuildError) {
    match e {
        BuildError::Content(diags) => {
            print_diagnostics(&diags);
            let errors = diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            eprintln!(
                "Ошибок — {errors}, предупреждений — {}.",
                diags.len() - errors
            );
        }
        BuildError::Other(e) => print_error(&e),
    }
}

/// Prints an error that is not about content (disk, templates, the server).
pub fn print_error(e: &anyhow::Error) {
    eprintln!("ошибка: {}", visible_lines(&format!("{e:#}")));
}

/// An error's text with control characters shown visibly, line by line:
/// the line breaks kadry itself puts before a hint stay real.
fn visible_lines(text: &str) -> String {
    text.split('\n').map(visible).collect::<Vec<_>>().join("\n")
}
