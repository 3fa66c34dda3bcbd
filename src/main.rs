//! The `kadry` command line: parses the arguments and runs the subcommand
//! (see `kadry::cmd`) on a thread with a big stack.

use chrono::NaiveDate;
use clap::{Args, CommandFactory, Parser, Subcommand};
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

/// `--root`, shared by every command (see `kadry::cmd::root`).
#[derive(Args)]
struct Root {
    /// Папка портала; по умолчанию — текущая или ближайшая выше, где лежит kadry.toml
    #[arg(long = "root", value_name = "ПАПКА")]
    dir: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Показать сайт в браузере и обновлять его при каждой правке (без записи в public/)
    Serve {
        #[command(flatten)]
        root: Root,
        /// Порт на 127.0.0.1
        #[arg(long, value_name = "ПОРТ", default_value = "1111", value_parser = parse_port)]
        port: u16,
        /// Дата, на которую определяются статусы (ГГГГ-ММ-ДД); по умолчанию сегодня
        #[arg(long, value_name = "ДАТА", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// Открыть сайт в браузере после первой сборки
        #[arg(long)]
        open: bool,
    },
    /// Собрать сайт из content/ и themes/ в папку public/
    Build {
        #[command(flatten)]
        root: Root,
        /// Папка для готового сайта (относительно папки портала)
        #[arg(long, value_name = "ПАПКА", default_value = "public")]
        out: PathBuf,
        /// Дата, на которую определяются статусы (ГГГГ-ММ-ДД); по умолчанию сегодня
        #[arg(long, value_name = "ДАТА", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// Адрес сайта в интернете, например https://kadry.example.org/
        #[arg(long, value_name = "АДРЕС")]
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
        #[command(flatten)]
        root: Root,
        /// Дата, на которую определяются статусы (ГГГГ-ММ-ДД); по умолчанию сегодня
        #[arg(long, value_name = "ДАТА", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// Что ещё вывести на стандартный вывод для CI
        #[arg(long, value_name = "ФОРМАТ", value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Считать предупреждения ошибками (код выхода 1)
        #[arg(long)]
        strict: bool,
    },
    /// Создать новый файл по образцу: отчёт или новость
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
        #[arg(value_name = "НОМЕР")]
        measure: String,
        /// Заголовок отчёта
        #[arg(long, value_name = "ТЕКСТ")]
        title: Option<String>,
        /// Статус: done, in_progress, delayed, not_started, cancelled
        #[arg(long, value_name = "СТАТУС", default_value = "in_progress")]
        status: String,
        #[command(flatten)]
        root: Root,
    },
    /// Новость, например: kadry new news --title "Открыта мастерская" --measure 14.1
    News {
        /// Заголовок новости (из него же — имя файла и адрес страницы)
        #[arg(long, value_name = "ТЕКСТ")]
        title: String,
        /// Одно-два предложения о главном: их видно в списке новостей и в ленте
        #[arg(long, value_name = "ТЕКСТ")]
        summary: Option<String>,
        /// Мероприятие, о котором новость (можно указать несколько раз)
        #[arg(long = "measure", value_name = "НОМЕР")]
        measures: Vec<String>,
        #[command(flatten)]
        root: Root,
    },
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("«{s}» — не дата; укажите в виде ГГГГ-ММ-ДД, например 2026-11-26"))
}

fn parse_port(s: &str) -> Result<u16, String> {
    s.parse()
        .map_err(|_| format!("«{s}» — не номер порта; укажите число от 1 до 65535, например 1112"))
}

/// Stack size of the thread that runs a command (and `kadry serve`'s
/// rebuilds) and of the rendering threads. Bodies nested too deeply for the
/// recursive HTML stages are refused before them (`markdown::MAX_NESTING`);
/// a big stack is the second line of defence.
const STACK_SIZE: usize = 64 << 20;

fn main() -> ExitCode {
    let cli: Cli = match kadry::cmd::cli::parse(Cli::command(), std::env::args_os().collect()) {
        Ok(cli) => cli,
        Err(code) => return code,
    };
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

/// The portal's root (see `kadry::cmd::root`), or the exit code after
/// saying why there is none.
fn root_of(root: Root) -> Result<PathBuf, ExitCode> {
    kadry::cmd::root::resolve(root.dir).map_err(|e| {
        kadry::cmd::print_error(&e);
        ExitCode::FAILURE
    })
}

fn run(cli: Cli) -> ExitCode {
    match run_command(cli.command) {
        Ok(code) | Err(code) => code,
    }
}

fn run_command(command: Command) -> Result<ExitCode, ExitCode> {
    Ok(match command {
        Command::Serve {
            root,
            port,
            as_of,
            open,
        } => {
            let root = root_of(root)?;
            let opts = kadry::cmd::serve::ServeOptions {
                root,
                port,
                as_of,
                open,
            };
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
            let root = root_of(root)?;
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
                ..BuildOptions::new(root_of(root)?, PathBuf::new(), as_of)
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
        } => kadry::cmd::new::report(&root_of(root)?, &measure, title.as_deref(), &status),
        Command::New {
            what:
                New::News {
                    title,
                    summary,
                    measures,
                    root,
                },
        } => kadry::cmd::new::news(&root_of(root)?, &title, summary.as_deref(), &measures),
    })
}
