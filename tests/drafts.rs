//! Drafts: a report or news item marked `draft = true` is checked like the
//! rest, left out of `kadry build` (its page, the measure's status, feeds,
//! the site map) with a line saying so, and shown by `kadry serve`,
//! marked as a draft.

mod common;

use common::serve::Serve;
use common::{committed, kadry, read_tree, site};
use std::fs;
use std::path::Path;

const REPORT: &str = "content/reports/1.2/2019-01-10-analiz.md";
const NEWS: &str = "content/news/2019-01-11-analiz.md";

fn plant(root: &Path) {
    fs::create_dir_all(root.join("content/reports/1.2")).unwrap();
    fs::write(
        root.join(REPORT),
        "+++\nmeasure = \"1.2\"\ndate = 2019-01-10\nstatus = \"done\"\ntitle = \"Анализ готов\"\n\
         author = \"dep-a\"\ndraft = true\n+++\n\nАнализ проведён.\n",
    )
    .unwrap();
    fs::create_dir_all(root.join("content/news")).unwrap();
    fs::write(
        root.join(NEWS),
        "+++\ntitle = \"Анализ завершён\"\ndate = 2019-01-11\nsummary = \"Подведены итоги.\"\n\
         draft = true\n+++\n\nСм. [отчёт](/reports/1.2/2019-01-10-analiz/).\n",
    )
    .unwrap();
    committed(root, "2026-11-20T10:00:00");
}

#[test]
fn a_draft_is_left_out_of_the_build_and_said_so() {
    let dir = site("small");
    let root = dir.path();
    plant(root);
    let r = root.to_str().unwrap();
    let (code, stderr) = kadry(&["build", "--root", r, "--as-of", "2026-11-26", "--no-search"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("Черновики (draft = true) не опубликованы: 2."),
        "{stderr}"
    );
    let site = read_tree(&root.join("public"));
    let mentions: Vec<_> = site
        .iter()
        .filter(|(_, bytes)| {
            let text = String::from_utf8_lossy(bytes);
            text.contains("2019-01-10-analiz") || text.contains("Анализ завершён")
        })
        .map(|(path, _)| path.display().to_string())
        .collect();
    assert!(mentions.is_empty(), "drafts reached {mentions:?}");
    // the draft's «done» does not set the measure's status
    let measure = common::read(&root.join("public"), "roadmap/1/1.2/index.html");
    assert!(!measure.contains("Анализ готов"), "{measure}");

    // a mistake in a draft is still an error
    let text = fs::read_to_string(root.join(REPORT)).unwrap();
    fs::write(root.join(REPORT), text.replace("\"done\"", "\"dne\"")).unwrap();
    let (code, stderr) = common::check(root);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!("{REPORT}:4:1: ошибка: неизвестный статус «dne»")),
        "{stderr}"
    );
}

#[test]
fn serve_shows_drafts_marked_as_such() {
    let dir = site("small");
    let root = dir.path();
    plant(root);
    let serve = Serve::start(root, &["--as-of", "2026-11-26"], |_| {});
    let (status, page) = serve.get("/reports/1.2/2019-01-10-analiz/");
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("<strong>Черновик.</strong> Отчёт отмечен draft = true"),
        "{page}"
    );
    let (status, page) = serve.get("/news/2019-01-11-analiz/");
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("<strong>Черновик.</strong> Новость отмечена draft = true"),
        "{page}"
    );
    let (_, measure) = serve.get("/roadmap/1/1.2/");
    assert!(measure.contains("Анализ готов"), "{measure}");
}
