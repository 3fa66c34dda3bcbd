//! The build date: without `--as-of`, "today" is taken in the time zone of
//! `kadry.toml` (Moscow unless it names another), never in the machine's,
//! for `check`, `build` and `new report` alike; a name that is no time zone
//! is a Russian error at its line.

mod common;

use chrono::{Days, NaiveDate, Utc};
use common::{date, site};
use std::fs;
use std::path::Path;
use std::process::Command;

/// Zones far from Moscow on either side: at any hour one of them is on
/// another date than Moscow.
const MACHINE_ZONES: [&str; 2] = ["Pacific/Kiritimati", "America/Adak"];

fn today_in(tz: chrono_tz::Tz) -> NaiveDate {
    kadry::config::today_in(tz, Utc::now())
}

fn moscow_today() -> NaiveDate {
    today_in(chrono_tz::Europe::Moscow)
}

/// Runs `kadry` with the machine's time zone set to `tz`: (exit code,
/// standard output, standard error).
fn kadry_in(tz: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kadry"))
        .args(args)
        .env("TZ", tz)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A report on 1.1 dated `day`: it counts only from that day on.
fn report_on(root: &Path, day: NaiveDate) {
    let text = format!(
        "+++\nmeasure = \"1.1\"\ndate = {day}\nstatus = \"in_progress\"\n\
         title = \"Отчёт за {day}\"\nauthor = \"dep-a\"\n+++\n\nХод работ.\n"
    );
    fs::write(
        root.join(format!("content/reports/1.1/{day}-otchet.md")),
        text,
    )
    .unwrap();
}

/// The last line of `kadry check`: the counts of measures and reports.
fn counts(stderr: &str) -> &str {
    stderr.lines().last().unwrap_or_default()
}

#[test]
fn check_and_new_report_take_today_in_moscow_whatever_the_machine_zone() {
    for tz in MACHINE_ZONES {
        let dir = site("small");
        let r = dir.path().to_str().unwrap();
        let today = moscow_today();
        let tomorrow = today + Days::new(1);
        report_on(dir.path(), today);
        report_on(dir.path(), tomorrow);
        let check_on = |day: NaiveDate| {
            let (code, _, stderr) =
                kadry_in(tz, &["check", "--root", r, "--as-of", &day.to_string()]);
            assert_eq!(code, 0, "{stderr}");
            counts(&stderr).to_string()
        };
        let (on_today, on_tomorrow) = (check_on(today), check_on(tomorrow));
        // the two reports tell the days apart
        assert_ne!(on_today, on_tomorrow);
        assert_ne!(on_today, check_on(today - Days::new(1)));

        let (code, _, stderr) = kadry_in(tz, &["check", "--root", r]);
        let (new_code, path, new_err) = kadry_in(tz, &["new", "report", "1.2", "--root", r]);
        if moscow_today() != today {
            continue; // midnight in Moscow came during the test
        }
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(counts(&stderr), on_today, "TZ={tz}\n{stderr}");
        assert_eq!(new_code, 0, "{new_err}");
        let name = Path::new(path.trim())
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(name.starts_with(&format!("{today}-")), "TZ={tz}: {name}");
        let text = fs::read_to_string(path.trim()).unwrap();
        assert!(text.contains(&format!("date = {today}")), "TZ={tz}\n{text}");
    }
}

/// The date a built site says its statuses are for (every page's footer).
fn site_date(out: &Path) -> String {
    let html = common::read(out, "index.html");
    let doc = scraper::Html::parse_document(&html);
    let time = scraper::Selector::parse("p.as-of time").unwrap();
    let found = doc
        .select(&time)
        .next()
        .expect("no as-of date in the footer");
    found.attr("datetime").unwrap().to_string()
}

#[test]
fn build_takes_today_in_the_settings_zone() {
    let vladivostok = "time_zone = \"Asia/Vladivostok\" # Приморский край\n";
    for (settings, zone) in [
        ("", chrono_tz::Europe::Moscow),
        (vladivostok, chrono_tz::Asia::Vladivostok),
    ] {
        for tz in MACHINE_ZONES {
            let dir = site("small");
            let toml = dir.path().join("kadry.toml");
            let text = fs::read_to_string(&toml).unwrap();
            fs::write(&toml, format!("{settings}{text}")).unwrap();
            let r = dir.path().to_str().unwrap();
            let today = today_in(zone);
            let (code, _, stderr) = kadry_in(tz, &["build", "--root", r, "--no-search"]);
            assert_eq!(code, 0, "{stderr}");
            if today_in(zone) != today {
                continue; // midnight in that zone came during the build
            }
            let built = site_date(&dir.path().join("public"));
            assert_eq!(built, today.to_string(), "TZ={tz}, settings «{settings}»");
        }
    }
    // an explicit date stays as given
    let dir = site("small");
    let r = dir.path().to_str().unwrap();
    let (code, _, stderr) = kadry_in(
        MACHINE_ZONES[0],
        &["build", "--root", r, "--as-of", "2026-11-26"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        site_date(&dir.path().join("public")),
        date("2026-11-26").to_string()
    );
}

#[test]
fn a_wrong_time_zone_is_a_russian_error_at_its_line() {
    let dir = site("small");
    let toml = dir.path().join("kadry.toml");
    let text = fs::read_to_string(&toml).unwrap();
    fs::write(&toml, format!("time_zone = \"Europe/Moskow\"\n{text}")).unwrap();
    let r = dir.path().to_str().unwrap();
    for args in [
        vec!["check", "--root", r],
        vec!["build", "--root", r],
        vec!["new", "report", "1.1", "--root", r],
    ] {
        let (code, _, stderr) = kadry_in("Europe/Moscow", &args);
        assert_eq!(code, 1, "{args:?}\n{stderr}");
        for expected in [
            "kadry.toml:1:13: ошибка: time_zone «Europe/Moskow» — не часовой пояс",
            "подсказка: возможно, имелось в виду «Europe/Moscow»; укажите название часового пояса \
             из базы IANA, например time_zone = \"Europe/Moscow\", \"Europe/Samara\" или \
             \"Asia/Yekaterinburg\"",
        ] {
            assert!(stderr.contains(expected), "{args:?}: {expected}\n{stderr}");
        }
    }
    assert!(!dir.path().join("public").exists());
    assert_eq!(
        fs::read_dir(dir.path().join("content/reports/1.1"))
            .unwrap()
            .count(),
        2
    );
}
