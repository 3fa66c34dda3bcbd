//! The `kadry` command line.

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use kadry::{BuildError, BuildOptions};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "kadry",
    version,
    about = "Портал дорожной карты кадрового обеспечения"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Собрать сайт из content/ и themes/ в папку public/
    Build {
        /// Корень сайта (где лежат kadry.toml, content/, themes/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Папка для готового сайта
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// Дата, на которую определяются статусы (ГГГГ-ММ-ДД); по умолчанию сегодня
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// Адрес сайта в интернете, например https://kadry.example.org/
        #[arg(long)]
        base_url: Option<String>,
    },
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("«{s}» — не дата; укажите в виде ГГГГ-ММ-ДД, например 2026-11-26"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            out,
            as_of,
            base_url,
        } => {
            let opts = BuildOptions {
                out: if out.is_absolute() {
                    out
                } else {
                    root.join(out)
                },
                root,
                as_of: as_of.unwrap_or_else(|| chrono::Local::now().date_naive()),
                base_url,
            };
            match kadry::build(&opts) {
                Ok(s) => {
                    eprintln!(
                        "Готово: мероприятий — {}, страниц — {}, файлов — {}; сайт в {}",
                        s.measures,
                        s.pages,
                        s.files,
                        opts.out.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => report(e),
            }
        }
    }
}

fn report(e: BuildError) -> ExitCode {
    match e {
        BuildError::Content(diags) => {
            for d in &diags {
                eprintln!("{d}");
            }
            eprintln!(
                "Сборка остановлена: ошибок — {}. Сайт не изменён.",
                diags.len()
            );
        }
        BuildError::Other(e) => {
            eprintln!("ошибка: {e:#}");
            eprintln!("Сборка остановлена. Сайт не изменён.");
        }
    }
    ExitCode::FAILURE
}
