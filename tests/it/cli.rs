//! The binary's command line: help and version before any configuration is read, and `.env`
//! read by the binary itself with the environment winning over it.

use std::process::{Command, Output};

fn tokenshop(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tokenshop"));
    cmd.current_dir(dir)
        .args(args)
        .env_remove("DEMO_MODE")
        .env_remove("DATABASE_URL");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("the binary runs")
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tokenshop-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn help_and_version_exit_0_whatever_the_configuration() {
    let dir = temp_dir("help");
    let help = tokenshop(&dir, &["--help"], &[("LISTEN_ADDR", "not an address")]);
    assert!(help.status.success(), "{help:?}");
    let text = String::from_utf8_lossy(&help.stdout);
    for expected in [
        "rotate-key",
        "serve",
        "LISTEN_ADDR (default: 127.0.0.1:3000)",
        "DEMO_MODE (default: false)",
        "ADMIN_TOKEN (default: unset)",
        "the environment wins",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    let version = tokenshop(&dir, &["--version"], &[("LISTEN_ADDR", "not an address")]);
    assert!(version.status.success());
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("tokenshop {}", env!("CARGO_PKG_VERSION"))
    );
    let unknown = tokenshop(&dir, &["frobnicate"], &[]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("frobnicate"));
}

#[test]
fn the_binary_reads_dot_env_and_the_environment_wins_over_it() {
    let dir = temp_dir("dotenv");
    std::fs::write(dir.join(".env"), "DEMO_MODE=maybe\n").unwrap();
    let db = format!("sqlite://{}/cli.db", dir.display());
    let from_file = tokenshop(&dir, &["rotate-key"], &[("DATABASE_URL", &db)]);
    assert_eq!(from_file.status.code(), Some(2), "{from_file:?}");
    assert!(
        String::from_utf8_lossy(&from_file.stderr).contains("DEMO_MODE"),
        "{from_file:?}"
    );
    let env_wins = tokenshop(
        &dir,
        &["rotate-key"],
        &[("DATABASE_URL", &db), ("DEMO_MODE", "true")],
    );
    assert!(env_wins.status.success(), "{env_wins:?}");
    assert!(String::from_utf8_lossy(&env_wins.stdout).contains("new signing key"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_example_env_file_changes_nothing_when_copied() {
    let example = include_str!("../../.env.example");
    let active: Vec<&str> = example
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    assert!(active.is_empty(), "every line commented out: {active:?}");
}

/// A variable's name as `.env.example` and the README write it: capitals, digits, underscores.
fn is_variable(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// `.env.example`'s `# NAME=default` lines, read as `tokenshop --help` reads them.
fn example_variables() -> Vec<(String, String)> {
    include_str!("../../.env.example")
        .lines()
        .filter_map(|l| l.trim_start_matches('#').trim().split_once('='))
        .filter(|(name, _)| is_variable(name))
        .map(|(name, value)| {
            let value = if value.is_empty() { "unset" } else { value };
            (name.to_string(), value.to_string())
        })
        .collect()
}

/// The README's configuration table: ``| `NAME` | `default` | meaning |`` rows.
fn readme_variables() -> Vec<(String, String)> {
    include_str!("../../README.md")
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|row| {
            let (name, rest) = row.split_once("` | ")?;
            let (default, _) = rest.split_once(" | ")?;
            Some((name.to_string(), default.trim_matches('`').to_string()))
        })
        .filter(|(name, _)| is_variable(name))
        .collect()
}

#[test]
fn the_readme_and_the_example_env_file_list_the_same_variables_and_defaults() {
    let example = example_variables();
    let mut names: Vec<&str> = example.iter().map(|(name, _)| name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(
        names.len(),
        example.len(),
        "each variable once: {example:?}"
    );
    assert_eq!(readme_variables(), example);
}
