//! The pipelines shipped for the portal's repository (.gitlab-ci.yml,
//! .github/workflows/portal.yml): the `kadry check` command each runs,
//! run as written on a site with errors and a warning, gives what GitLab
//! and GitHub read (a Code Quality report, workflow commands) with every
//! problem the text shows; and their build jobs clone the whole history,
//! build with `--require-history`, and run on a schedule too.

mod check_sites;
mod common;

use check_sites::{broken_site, run_in, shown, Run, Shown};
use serde_json::Value;
use std::collections::HashSet;
use std::fs;

const GITLAB: &str = ".gitlab-ci.yml";
const GITHUB: &str = ".github/workflows/portal.yml";

fn pipeline(file: &str) -> String {
    fs::read_to_string(common::repo().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// A command the pipeline runs: its words from `kadry` on, and the file its
/// standard output is redirected to, if any.
#[derive(Debug)]
struct Command {
    args: Vec<String>,
    redirect: Option<String>,
}

/// Every command line of `text` that runs `kadry SUBCOMMAND` (whatever
/// path the binary is called by).
fn commands(text: &str, subcommand: &str) -> Vec<Command> {
    let needle = format!("kadry {subcommand}");
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| {
            let run = &l[l.find(&needle)?..];
            let (words, redirect) = match run.split_once('>') {
                Some((words, target)) => (words, Some(target.trim().to_string())),
                None => (run, None),
            };
            Some(Command {
                args: words.split_whitespace().map(str::to_string).collect(),
                redirect,
            })
        })
        .collect()
}

/// The one `kadry check` command of a pipeline, run in a site with two
/// errors and warnings; it must fail, as the job must.
fn run_check(file: &str) -> (Command, Run, Vec<Shown>) {
    let mut found = commands(&pipeline(file), "check");
    assert_eq!(found.len(), 1, "{file}: {found:?}");
    let command = found.remove(0);
    let dir = broken_site();
    let args: Vec<&str> = command.args[1..].iter().map(String::as_str).collect();
    let run = run_in(dir.path(), &args);
    assert_eq!(run.code, 1, "{file}: {args:?}\n{}", run.stderr);
    let problems = shown(&run.stderr);
    assert!(
        problems.iter().filter(|p| p.error).count() == 2,
        "{}",
        run.stderr
    );
    assert!(problems.iter().any(|p| !p.error), "{}", run.stderr);
    assert!(problems.iter().any(|p| p.line.is_none()), "{}", run.stderr);
    (command, run, problems)
}

#[test]
fn gitlab_check_writes_a_code_quality_report_with_every_problem() {
    let (command, run, problems) = run_check(GITLAB);
    let report = command.redirect.expect("the report goes to a file");
    assert!(
        pipeline(GITLAB).contains(&format!("codequality: {report}")),
        "{report} is not published as the Code Quality report"
    );
    let issues: Value = serde_json::from_str(&run.stdout).unwrap();
    let issues = issues.as_array().expect("an array of issues");
    let mut fingerprints = HashSet::new();
    let mut places = Vec::new();
    for issue in issues {
        let text = |key: &str| {
            issue[key]
                .as_str()
                .unwrap_or_else(|| panic!("{key}: {issue}"))
        };
        assert!(!text("description").is_empty());
        assert!(text("check_name").starts_with("kadry"));
        let fingerprint = text("fingerprint");
        assert!(fingerprint.len() == 64 && fingerprint.bytes().all(|b| b.is_ascii_hexdigit()));
        fingerprints.insert(fingerprint.to_string());
        let severity = text("severity");
        assert!(matches!(severity, "major" | "minor"), "{severity}");
        let path = issue["location"]["path"].as_str().unwrap().to_string();
        let begin = issue["location"]["lines"]["begin"].as_u64().unwrap() as usize;
        places.push((severity == "major", path, begin));
    }
    assert_eq!(fingerprints.len(), issues.len(), "fingerprints repeat");
    let expected: Vec<_> = problems
        .into_iter()
        .map(|p| (p.error, p.path, p.line.unwrap_or(1)))
        .collect();
    assert_eq!(places, expected, "{}", run.stdout);
}

#[test]
fn github_check_annotates_the_line_of_every_problem() {
    let (command, run, problems) = run_check(GITHUB);
    assert_eq!(command.redirect, None, "annotations must reach the log");
    let mut places = Vec::new();
    for line in run.stdout.lines() {
        let (error, rest) = if let Some(rest) = line.strip_prefix("::error file=") {
            (true, rest)
        } else if let Some(rest) = line.strip_prefix("::warning file=") {
            (false, rest)
        } else {
            panic!("not an annotation: {line}")
        };
        let (path, rest) = rest.split_once(",line=").expect(line);
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        assert!(!digits.is_empty(), "{line}");
        assert!(rest.contains("title=kadry::"), "{line}");
        places.push((error, path.to_string(), digits.parse::<usize>().unwrap()));
    }
    let expected: Vec<_> = problems
        .into_iter()
        .map(|p| (p.error, p.path, p.line.unwrap_or(1)))
        .collect();
    assert_eq!(places, expected, "{}", run.stdout);
}

/// The part of a YAML file that holds `needle`: from the last line before
/// it indented by exactly `indent` spaces (a job's name) to the next one.
fn block_with<'t>(text: &'t str, needle: &str, indent: usize) -> &'t str {
    let starts_block = |l: &str| {
        l.len() > indent
            && l[..indent].bytes().all(|b| b == b' ')
            && !l[indent..].starts_with([' ', '#', '-'])
    };
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no «{needle}»"));
    let start = (0..=at).rev().find(|&i| starts_block(lines[i])).unwrap();
    let end = (at + 1..lines.len())
        .find(|&i| starts_block(lines[i]))
        .unwrap_or(lines.len());
    let offset = |i: usize| lines[..i].iter().map(|l| l.len() + 1).sum::<usize>();
    &text[offset(start)..offset(end).min(text.len())]
}

#[test]
fn builds_clone_the_whole_history_require_it_and_run_daily() {
    for (file, indent, full_clone) in [
        (GITLAB, 0, "GIT_DEPTH: \"0\""),
        (GITHUB, 2, "fetch-depth: 0"),
    ] {
        let text = pipeline(file);
        let builds = commands(&text, "build");
        assert_eq!(builds.len(), 1, "{file}: {builds:?}");
        assert!(
            builds[0].args.iter().any(|a| a == "--require-history"),
            "{file}: {:?}",
            builds[0].args
        );
        let job = block_with(&text, "kadry build", indent);
        assert!(
            job.contains(full_clone),
            "{file}: the build job lacks «{full_clone}»:\n{job}"
        );
    }
    let gitlab = pipeline(GITLAB);
    assert!(gitlab.contains("$CI_PIPELINE_SOURCE == \"schedule\""));
    assert!(block_with(&gitlab, "kadry build", 0).contains("extends: .publish"));
    assert!(block_with(&gitlab, ".publish:", 0).contains("\"schedule\""));
    let deploy = block_with(&gitlab, "rsync --", 0);
    assert!(deploy.contains("extends: .publish") && deploy.contains("--delay-updates"));
    let github = pipeline(GITHUB);
    let schedule = block_with(&github, "schedule:", 2);
    assert!(schedule.contains("- cron: "), "{schedule}");
    let publish = block_with(&github, "kadry build", 2);
    assert!(publish.contains("if: github.event_name != 'pull_request'"));
    assert!(publish.contains("--delay-updates") && publish.contains("$DEPLOY_TARGET"));
}
