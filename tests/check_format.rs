//! `kadry check --format json` against its published schema
//! (docs/check-format.schema.json), for a passing site, a site with errors
//! and a failure outside the content; `--format text` unchanged; and
//! `--strict`.

mod check_sites;
mod common;

use check_sites::{broken_site, run_in, shown, warned_site, Run};
use serde_json::Value;
use std::fs;
use std::path::Path;

const AS_OF: &str = "2026-11-26";

fn check(root: &Path, extra: &[&str]) -> Run {
    let r = root.to_str().unwrap();
    let mut args = vec!["check", "--root", r, "--as-of", AS_OF];
    args.extend_from_slice(extra);
    run_in(root, &args)
}

fn schema() -> Value {
    let text = fs::read_to_string(common::repo().join("docs/check-format.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The JSON document of a check, after asserting that it matches the
/// schema, names no field the schema does not describe, and lists what the
/// text output (on standard error) shows, in its order.
fn checked_json(run: &Run) -> Value {
    let schema = schema();
    let doc: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.stdout));
    let validator = jsonschema::draft202012::new(&schema).expect("the schema is valid 2020-12");
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}\n{}", errors.join("\n"), run.stdout);
    described_fields_only(&doc, &schema["properties"]);
    for d in doc["diagnostics"].as_array().unwrap() {
        described_fields_only(d, &schema["$defs"]["diagnostic"]["properties"]);
    }
    if !doc["summary"].is_null() {
        described_fields_only(&doc["summary"], &schema["$defs"]["summary"]["properties"]);
    }
    let listed: Vec<(bool, String, Option<usize>)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let line = d["line"].as_u64().map(|l| l as usize);
            (
                d["severity"] == "error",
                d["path"].as_str().unwrap().to_string(),
                line,
            )
        })
        .collect();
    let text: Vec<_> = shown(&run.stderr)
        .into_iter()
        .map(|s| (s.error, s.path, s.line))
        .collect();
    assert_eq!(listed, text, "{}", run.stderr);
    let errors = listed.iter().filter(|d| d.0).count();
    assert_eq!(doc["errors"], errors);
    assert_eq!(doc["warnings"], listed.len() - errors);
    doc
}

fn described_fields_only(object: &Value, properties: &Value) {
    for key in object.as_object().unwrap().keys() {
        assert!(
            properties.get(key).is_some(),
            "field «{key}» is not in docs/check-format.schema.json"
        );
    }
}

#[test]
fn json_of_a_passing_check_matches_the_schema() {
    let dir = warned_site();
    let run = check(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = checked_json(&run);
    assert_eq!((&doc["errors"], &doc["warnings"]), (&0.into(), &1.into()));
    let d = &doc["diagnostics"][0];
    assert_eq!(d["path"], check_sites::REPORT);
    assert_eq!(
        (&d["severity"], &d["column"]),
        (&"warning".into(), &1.into())
    );
    assert!(d["message"]
        .as_str()
        .unwrap()
        .contains("у изображения нет описания"));
    assert!(!d["hint"].as_str().unwrap().is_empty());
    assert_eq!(doc["summary"]["measures"], 2);
    assert_eq!(doc["summary"]["reports"], 1);
    assert!(doc["summary"]["pages"].as_u64().unwrap() > 10);
}

#[test]
fn json_of_a_failing_check_lists_every_problem_and_matches_the_schema() {
    let dir = broken_site();
    let run = check(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = checked_json(&run);
    assert!(doc["summary"].is_null());
    assert_eq!(doc["errors"], 2, "{}", run.stdout);
    assert!(doc["warnings"].as_u64().unwrap() >= 1, "{}", run.stdout);
    let diags = doc["diagnostics"].as_array().unwrap();
    let executor = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("«dep-c»"))
        .expect("the unknown executor");
    assert_eq!(executor["path"], "content/roadmap/01/1.2.md");
    assert_eq!(
        (&executor["line"], &executor["column"]),
        (&9.into(), &1.into())
    );
    let address = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("уже занят"))
        .expect("the taken address");
    assert_eq!(
        (&address["line"], &address["column"]),
        (&Value::Null, &Value::Null)
    );
    // the human summary stays on standard error, out of the document
    assert!(
        run.stderr.contains("Ошибок — 2, предупреждений —"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_failure_outside_the_content_is_one_error_at_the_site_root() {
    let dir = warned_site();
    let template = dir.path().join("themes/default/templates/home.html");
    fs::write(&template, "{% if %}").unwrap();
    let run = check(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(jsonschema::draft202012::is_valid(&schema(), &doc), "{doc}");
    assert_eq!((&doc["errors"], &doc["warnings"]), (&1.into(), &0.into()));
    let d = &doc["diagnostics"][0];
    assert_eq!((&d["path"], &d["line"]), (&".".into(), &Value::Null));
    assert!(
        d["message"].as_str().unwrap().contains("home.html"),
        "{doc}"
    );
    assert!(run.stderr.contains("ошибка: "), "{}", run.stderr);
}

#[test]
fn text_format_is_the_default_and_writes_nothing_to_stdout() {
    let dir = broken_site();
    let plain = check(dir.path(), &[]);
    let text = check(dir.path(), &["--format", "text"]);
    assert_eq!((plain.code, text.code), (1, 1));
    assert_eq!((plain.stdout.as_str(), text.stdout.as_str()), ("", ""));
    assert_eq!(plain.stderr, text.stderr);
    // machine formats add standard output; the text stays as it is
    let json = check(dir.path(), &["--format", "json"]);
    assert_eq!(json.stderr, plain.stderr);
}

#[test]
fn strict_fails_on_warnings_and_says_so() {
    let dir = warned_site();
    let lenient = check(dir.path(), &[]);
    assert_eq!(lenient.code, 0, "{}", lenient.stderr);
    assert!(!lenient.stderr.contains("--strict"));
    let strict = check(dir.path(), &["--strict", "--format", "github"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(
        strict
            .stderr
            .ends_with("Предупреждений — 1; с --strict это ошибка.\n"),
        "{}",
        strict.stderr
    );
    assert!(
        strict.stdout.starts_with("::warning file="),
        "{}",
        strict.stdout
    );

    let clean = common::site("small");
    common::committed(clean.path(), "2026-11-20");
    let run = check(clean.path(), &["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn an_unknown_format_is_refused() {
    let dir = warned_site();
    let run = check(dir.path(), &["--format", "sarif"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("gitlab"), "{}", run.stderr);
}

#[test]
fn strict_build_publishes_nothing_on_warnings() {
    let dir = warned_site();
    let root = dir.path().to_str().unwrap();
    let out = dir.path().join("public");
    let build = |extra: &[&str]| {
        let mut args = vec!["build", "--root", root, "--as-of", AS_OF, "--no-search"];
        args.extend_from_slice(extra);
        run_in(dir.path(), &args)
    };
    let strict = build(&["--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(
        strict
            .stderr
            .contains("С --strict предупреждения останавливают сборку"),
        "{}",
        strict.stderr
    );
    assert!(!out.exists(), "a strict build with warnings wrote the site");
    let lenient = build(&[]);
    assert_eq!(lenient.code, 0, "{}", lenient.stderr);
    assert!(out.join("index.html").is_file());
}
