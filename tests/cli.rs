//! The `kadry` command line as an editor meets it: help and mistakes in
//! Russian (never clap's English), exit code 2 for a mistake; commands
//! find the portal from any folder inside it; `kadry new news` makes a
//! news item that passes `kadry check`.

mod common;

use common::site;
use std::fs;
use std::path::Path;
use std::process::Command;

/// What clap would say in English.
const ENGLISH: [&str; 10] = [
    "Usage",
    "Options",
    "Commands",
    "Arguments",
    "Print help",
    "Print version",
    "error:",
    "tip:",
    "For more information",
    "[default:",
];

/// Runs `kadry args…` in `dir`: (exit code, stdout, stderr).
fn kadry_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kadry"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn kadry(args: &[&str]) -> (i32, String, String) {
    kadry_in(&std::env::temp_dir(), args)
}

fn assert_russian(args: &[&str], text: &str) {
    for word in ENGLISH {
        assert!(!text.contains(word), "{args:?} says «{word}»:\n{text}");
    }
}

#[test]
fn help_is_in_russian() {
    for (args, headings) in [
        (
            &["--help"][..],
            &["Использование: kadry <КОМАНДА>", "Команды:", "Параметры:"][..],
        ),
        (&["-h"], &["Команды:", "-V, --version  Показать версию"]),
        (&["help"], &["Команды:", "Параметры:"]),
        (
            &["build", "--help"],
            &[
                "Использование: kadry build [ПАРАМЕТРЫ]",
                "Параметры:",
                "[по умолчанию: public]",
            ],
        ),
        (
            &["check", "--help"],
            &[
                "[варианты: text, json, gitlab, github]",
                "json — документ JSON",
            ],
        ),
        (&["serve", "--help"], &["--open", "[по умолчанию: 1111]"]),
        (
            &["new", "--help"],
            &[
                "Использование: kadry new <КОМАНДА>",
                "Команды:",
                "report",
                "news",
            ],
        ),
        (
            &["new", "report", "--help"],
            &[
                "kadry new report [ПАРАМЕТРЫ] <НОМЕР>",
                "Аргументы:",
                "<НОМЕР>",
            ],
        ),
        (
            &["help", "new", "news"],
            &[
                "kadry new news [ПАРАМЕТРЫ] --title <ТЕКСТ>",
                "--measure <НОМЕР>",
            ],
        ),
    ] {
        let (code, stdout, stderr) = kadry(args);
        assert_eq!((code, stderr.as_str()), (0, ""), "{args:?}");
        for heading in headings {
            assert!(
                stdout.contains(heading),
                "{args:?}: no «{heading}»\n{stdout}"
            );
        }
        assert!(stdout.contains("-h, --help"), "{args:?}\n{stdout}");
        assert_russian(args, &stdout);
    }
    // the version keeps its format (tests/version.rs)
    let (code, stdout, _) = kadry(&["-V"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with(&format!("kadry {} (", env!("CARGO_PKG_VERSION"))));
}

#[test]
fn mistakes_are_explained_in_russian_with_exit_code_2() {
    for (args, said) in [
        (
            &["biuld"][..],
            &[
                "ошибка: неизвестная команда «biuld»",
                "подсказка: возможно, имелось в виду «build»; справка — kadry --help",
            ][..],
        ),
        (
            &["build", "--outt", "x"],
            &[
                "ошибка: неизвестный параметр «--outt»",
                "подсказка: возможно, имелось в виду «--out»; справка — kadry build --help",
            ],
        ),
        (
            &["check", "--format", "jsn"],
            &[
                "недопустимое значение «jsn» для «--format <ФОРМАТ>»",
                "возможно, имелось в виду «json»",
            ],
        ),
        (
            &["check", "--as-of", "2026-02-30"],
            &["«2026-02-30» — не дата; укажите в виде ГГГГ-ММ-ДД"],
        ),
        (&["serve", "--port", "x"], &["«x» — не номер порта"]),
        (
            &["serve", "--port", "1", "--port", "2"],
            &["«--port <ПОРТ>» указан дважды"],
        ),
        (&["build", "лишнее"], &["лишний аргумент «лишнее»"]),
        (
            &["new", "news"],
            &[
                "не указан обязательный аргумент --title <ТЕКСТ>",
                "справка — kadry new news --help",
            ],
        ),
        (
            &["--out", "x", "build"],
            &["параметр «--out» есть у команды «build»: укажите его после неё"],
        ),
        // no command: the help, on standard error
        (&[], &["Использование: kadry <КОМАНДА>"]),
        (&["new"], &["Использование: kadry new <КОМАНДА>"]),
    ] {
        let (code, stdout, stderr) = kadry(args);
        assert_eq!((code, stdout.as_str()), (2, ""), "{args:?}\n{stderr}");
        for text in said {
            assert!(stderr.contains(text), "{args:?}: no «{text}»\n{stderr}");
        }
        assert_russian(args, &stderr);
    }
}

#[test]
fn commands_find_the_portal_from_a_folder_inside_it() {
    let dir = site("small");
    let inside = dir.path().join("content/reports/1.1");
    let (code, stdout, stderr) = kadry_in(&inside, &["new", "report", "1.2", "--title", "Итоги"]);
    assert_eq!(code, 0, "{stderr}");
    // the path printed opens from where the command was typed
    let printed = stdout.trim();
    assert!(
        printed.starts_with("../../../content/reports/1.2/"),
        "{printed}"
    );
    assert!(inside.join(printed).is_file(), "{printed}");
    // the editor writes the text in place of the template's
    let text = fs::read_to_string(inside.join(printed)).unwrap();
    let (front, _) = text.rsplit_once("+++").unwrap();
    fs::write(
        inside.join(printed),
        format!("{front}+++\n\nИтоги подведены.\n"),
    )
    .unwrap();
    let root = dir.path().canonicalize().unwrap();
    assert!(
        stderr.contains(&format!("Папка портала: {}", root.display())),
        "{stderr}"
    );

    let (code, _, stderr) = kadry_in(&inside, &["check", "--as-of", "2026-11-26"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("Ошибок нет"), "{stderr}");
    // `build --out` stays relative to the portal, not to the folder
    let (code, _, stderr) = kadry_in(
        &inside,
        &[
            "build",
            "--as-of",
            "2026-11-26",
            "--no-search",
            "--out",
            "site",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(dir.path().join("site/index.html").is_file());
    assert!(!inside.join("site").exists());

    // in the portal's own folder nothing is said about it
    let (code, stdout, stderr) = kadry_in(dir.path(), &["new", "report", "1.2"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("./content/reports/1.2/"), "{stdout}");
    assert!(!stderr.contains("Папка портала"), "{stderr}");
}

#[test]
fn outside_any_portal_the_error_says_where_to_go() {
    let dir = tempfile::tempdir().unwrap();
    let here = dir.path().canonicalize().unwrap();
    for args in [
        &["check"][..],
        &["build"],
        &["serve"],
        &["new", "report", "1.1"],
        &["new", "news", "--title", "Т"],
    ] {
        let (code, stdout, stderr) = kadry_in(&here, args);
        assert_eq!((code, stdout.as_str()), (1, ""), "{args:?}\n{stderr}");
        assert_eq!(
            stderr,
            format!(
                "ошибка: не найден kadry.toml ни в папке {}, ни в папках выше\n  подсказка: \
                 перейдите в папку портала (где лежит kadry.toml) или укажите --root\n",
                here.display()
            ),
            "{args:?}"
        );
    }
    assert_eq!(fs::read_dir(&here).unwrap().count(), 0);
}

#[test]
fn a_new_news_item_passes_the_check_and_is_published() {
    let dir = site("small");
    let r = dir.path().to_str().unwrap();
    let title = "Открыта «мастерская» \\ цех";
    let (code, stdout, stderr) = kadry(&[
        "new",
        "news",
        "--root",
        r,
        "--title",
        title,
        "--measure",
        "1.2",
        "--measure",
        "1.1",
        "--measure",
        "1.2",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let path = Path::new(stdout.trim());
    let name = path.file_name().unwrap().to_string_lossy();
    assert!(name.ends_with("-otkryta-masterskaia-tsekh.md"), "{name}");
    assert_eq!(
        path.parent(),
        Some(dir.path().join("content/news").as_path())
    );
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains("measures = [\"1.2\", \"1.1\"]"), "{text}");
    assert!(text.contains("author = \"dep-a\""), "{text}");

    // the template's summary and text are for the editor to replace
    let (code, _, stderr) = kadry(&["check", "--root", r]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("ошибка: в поле summary осталась заготовка из шаблона")
            && stderr.contains(
                "ошибка: в тексте осталась заготовка из шаблона: «Замените этот абзац главным"
            ),
        "{stderr}"
    );
    let (front, _) = text.rsplit_once("+++").unwrap();
    let front = front.replace(
        "Замените: одно-два предложения о главном в новости.",
        "Мастерская открыта.",
    );
    fs::write(
        path,
        format!("{front}+++\n\nВ колледже открыта мастерская.\n"),
    )
    .unwrap();
    let (code, _, stderr) = kadry(&["check", "--root", r]);
    assert_eq!(code, 0, "{stderr}");
    // the one warning: the copy has no git history (see tests/history.rs)
    assert!(stderr.contains("предупреждений — 1"), "{stderr}");
    let (code, _, stderr) = kadry(&["build", "--root", r, "--no-search"]);
    assert_eq!(code, 0, "{stderr}");
    let slug = name.trim_end_matches(".md");
    let page = common::read(
        &dir.path().join("public"),
        &format!("news/{slug}/index.html"),
    );
    assert!(
        common::text(&page).contains("Открыта «мастерская» \\ цех"),
        "{page}"
    );

    // a measure not in the roadmap: nothing is written
    let (code, stdout, stderr) = kadry(&[
        "new",
        "news",
        "--root",
        r,
        "--title",
        "Другая",
        "--measure",
        "1.9",
    ]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(
        stderr.contains("мероприятие «1.9» не найдено в дорожной карте"),
        "{stderr}"
    );
    assert_eq!(
        fs::read_dir(dir.path().join("content/news"))
            .unwrap()
            .count(),
        1
    );
}
