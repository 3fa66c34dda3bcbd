//! The `kadry` command line: parses the arguments and runs the subcommand
//! (see `kadry::cmd`) on a thread with a big stack.

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use kadry::cmd::check::{CheckOptions, Format as CheckFormat};
use kadry::BuildOptions;
use std::path::PathBuf;
use std::process::ExitCode;

// Rendering allocates many short-lived strings and JSON values on every
// core; mimalloc does that several times faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "kadry",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("KADRY_BUILD_COMMIT"), ")"),
    about = "Портал дорожной карты кадрового обеспечения"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Показать сайт в браузере и обновлять его при каждой правке (без записи в public/)
    Serve {
        /// Корень сайта (где лежат kadry.toml, content/, themes/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Порт на 127.0.0.1
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Дата, на которую определяются статусы (ГГГГ-ММ-ДД); по умолчанию сегодня
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
    },
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
        /// Не строить поисковый индекс (быстрее; поиск на сайте работать не будет)
        #[arg(long)]
        no_search: bool,
        /// Показать, сколько времени заняла каждая стадия сборки
        #[arg(long)]
        timings: bool,
        /// Не собирать сайт, если история изменений из git неполная (неглубокий клон, архив, копия без .git)
        #[arg(long)]
        require_history: bool,
        /// Считать предупреждения ошибками: сайт не изменится
        #[arg(long)]
        strict: bool,
    },
    /// Проверить содержимое, ничего не записывая; код выхода 1 при ошибках
    Check {
        /// Корень сайта (где лежат kadry.toml, content/, themes/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Дата, на которую определяются статусы (ГГГГ-ММ-ДД); по умолчанию сегодня
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// Что ещё вывести на стандартный вывод для CI: text — ничего, json, gitlab, github
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Считать предупреждения ошибками (код выхода 1)
        #[arg(long)]
        strict: bool,
    },
    /// Создать новый файл по образцу
    New {
        #[command(subcommand)]
        what: New,
    },
}

#[derive(Subcommand)]
enum New {
    /// Отчёт о ходе выполнения мероприятия, например: kadry new report 14.1
    Report {
        /// Номер мероприятия, например 14.1
        measure: String,
        /// Заголовок отчёта
        #[arg(long)]
        title: Option<String>,
        /// Статус: done, in_progress, delayed, not_started, cancelled
        #[arg(long, default_value = "in_progress")]
        status: String,
        /// Корень сайта
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("«{s}» — не дата; укажите в виде ГГГГ-ММ-ДД, например 2026-11-26"))
}

/// Stack size of the thread that runs a command (and `kadry serve`'s
/// rebuilds) and of the rendering threads. Bodies nested too deeply for the
/// recursive HTML stages are refused before them (`markdown::MAX_NESTING`);
/// a big stack is the second line of defence.
const STACK_SIZE: usize = 64 << 20;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(e) = rayon::ThreadPoolBuilder::new()
        .stack_size(STACK_SIZE)
        .build_global()
    {
        eprintln!("ошибка: не удалось запустить потоки сборки: {e}");
        return ExitCode::FAILURE;
    }
    let worker = std::thread::Builder::new()
        .name("kadry".into())
        .stack_size(STACK_SIZE)
        .spawn(move || run(cli));
    match worker.map(std::thread::JoinHandle::join) {
        Ok(Ok(code)) => code,
        // a panic has printed its message already
        Ok(Err(_)) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("ошибка: не удалось запустить поток сборки: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Serve { root, port, as_of } => {
            let opts = kadry::cmd::serve::ServeOptions { root, port, as_of };
            match kadry::cmd::serve::run(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    kadry::cmd::print_error(&e);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Build {
            root,
            out,
            as_of,
            base_url,
            no_search,
            timings,
            require_history,
            strict,
        } => {
            let out = if out.is_absolute() {
                out
            } else {
                root.join(out)
            };
            kadry::cmd::build::run(BuildOptions {
                base_url,
                search: !no_search,
                timings,
                require_history,
                strict,
                ..BuildOptions::new(root, out, as_of)
            })
        }
        Command::Check {
            root,
            as_of,
            format,
            strict,
        } => kadry::cmd::check::run(
            BuildOptions {
                // the check needs every page (for links), but not the index
                search: false,
                ..BuildOptions::new(root, PathBuf::new(), as_of)
            },
            CheckOptions { format, strict },
        ),
        Command::New {
            what:
                New::Report {
                    measure,
                    title,
                    status,
                    root,
                },
        } => kadry::cmd::new::run(&root, &measure, title.as_deref(), &status),
    }
}
