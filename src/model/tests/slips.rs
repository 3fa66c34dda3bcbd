//! Reports that are well formed but misleading (see `model::reports`'s
//! `slips`): each is named at the line to fix, as an error or a warning by
//! what a reader would lose.

use super::*;

fn warnings(files: &[(String, String)], as_of: &str) -> Vec<String> {
    let roadmap = built(files, as_of).unwrap_or_else(|e| panic!("{e:?}"));
    roadmap.warnings.iter().map(ToString::to_string).collect()
}

#[test]
fn a_report_in_another_measures_folder_is_an_error() {
    let mut files = roadmap_with(&[]);
    files.push((
        "content/roadmap/01/1.2.md".into(),
        measure("dep-a").replace("\"1.1\"", "\"1.2\""),
    ));
    let text = report("1.1", "2018-08-10", "");
    files.push(("content/reports/1.2/2018-08-10-gruppa.md".into(), text));
    let found = errors(&files);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(
            "content/reports/1.2/2018-08-10-gruppa.md:2:1: ошибка: отчёт лежит в папке мероприятия 1.2, а в поле measure указано «1.1»"
        ) && found[0].contains("перенесите файл в content/reports/1.1/"),
        "{found:?}"
    );
}

#[test]
fn a_date_other_than_the_file_names_is_a_warning() {
    let text = report("1.1", "2018-08-11", "");
    let files = roadmap_with(&[("content/reports/1.1/2018-08-10-gruppa.md", &text)]);
    let found = warnings(&files, "2019-01-01");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("content/reports/1.1/2018-08-10-gruppa.md:3:1: предупреждение: дата в поле date (11.08.2018) не совпадает с датой в имени файла (10.08.2018)")
            && found[0].contains("date = 2018-08-10"),
        "{found:?}"
    );
}

#[test]
fn the_templates_placeholder_text_left_in_is_an_error_at_its_line() {
    let template = include_str!("../../cmd/new/report.md");
    for line in crate::model::reports::PLACEHOLDERS {
        assert!(template.contains(line), "the template lacks «{line}»");
    }
    let news = format!(
        "{}{}",
        include_str!("../../cmd/new/news.md"),
        include_str!("../../cmd/new/news.rs")
    );
    for line in crate::model::reports::NEWS_PLACEHOLDERS {
        assert!(news.contains(line), "the news template lacks «{line}»");
    }
    let text = report("1.1", "2018-08-10", "") + "\n## Что сделано\n\n- первый результат;\n";
    let files = roadmap_with(&[("content/reports/1.1/2018-08-10-gruppa.md", &text)]);
    let found = errors(&files);
    assert_eq!(
        found,
        ["content/reports/1.1/2018-08-10-gruppa.md:13:1: ошибка: в тексте осталась заготовка из шаблона: «- первый результат;»\n  \
          подсказка: замените её своим текстом (что сделано, что дальше) или удалите строку"]
    );
}

#[test]
fn reopening_a_measure_done_after_its_deadline_is_a_warning() {
    let done = report("1.1", "2018-08-10", "");
    let again = report("1.1", "2019-02-01", "").replace("\"done\"", "\"in_progress\"");
    let files = roadmap_with(&[
        ("content/reports/1.1/2018-08-10-gruppa.md", &done),
        ("content/reports/1.1/2019-02-01-snova.md", &again),
    ]);
    let found = warnings(&files, "2019-03-01");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("content/reports/1.1/2019-02-01-snova.md:4:1: предупреждение: мероприятие 1.1 уже выполнено (отчёт от 10.08.2018), срок истёк 31.08.2018"),
        "{found:?}"
    );
    // before the deadline, going back to work is ordinary
    let early = again.replace("2019-02-01", "2018-08-20");
    let files = roadmap_with(&[
        ("content/reports/1.1/2018-08-10-gruppa.md", &done),
        ("content/reports/1.1/2018-08-20-snova.md", &early),
    ]);
    assert!(warnings(&files, "2019-03-01").is_empty());
}
