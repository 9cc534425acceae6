//! The `sitegen check` command line: flags, the real date, compiler-style output and the exit
//! status (1 on errors; warnings and notes do not fail).

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Level, Options, DEFAULT_MAX_AGE_DAYS};

pub const USAGE: &str =
    "sitegen check [--root DIR] [--out DIR] [--max-age-days N] [--list-external] [--price-file FILE]";

/// Environment variable for the allowed age of a `checked` date; `--max-age-days` wins over it.
pub const MAX_AGE_ENV: &str = "SITEGEN_MAX_AGE_DAYS";

#[derive(Debug, PartialEq, Eq)]
pub struct Args {
    pub root: PathBuf,
    pub out: Option<PathBuf>,
    pub max_age_days: u32,
    pub list_external: bool,
    /// An independent price file to compare the data with (warnings only).
    pub price_file: Option<PathBuf>,
}

/// Parses the flags after `check`; `env_age` is the value of [`MAX_AGE_ENV`], if set.
pub fn parse(args: &[String], env_age: Option<&str>) -> Result<Args, String> {
    let days = |v: &str, what: &str| {
        v.trim()
            .parse::<u32>()
            .map_err(|_| format!("{what}: expected a whole number of days, found {v:?}"))
    };
    let mut a = Args {
        root: PathBuf::from("."),
        out: None,
        max_age_days: match env_age {
            Some(v) => days(v, MAX_AGE_ENV)?,
            None => DEFAULT_MAX_AGE_DAYS,
        },
        list_external: false,
        price_file: None,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if flag == "--list-external" {
            a.list_external = true;
            continue;
        }
        let value = it.next().ok_or_else(|| format!("{flag}: missing value"))?;
        match flag.as_str() {
            "--root" => a.root = value.into(),
            "--out" => a.out = Some(value.into()),
            "--price-file" => a.price_file = Some(value.into()),
            "--max-age-days" => a.max_age_days = days(value, "--max-age-days")?,
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(a)
}

/// Runs `sitegen check` with the flags after the command name.
pub fn main(args: &[String]) -> ExitCode {
    let env_age = std::env::var(MAX_AGE_ENV).ok();
    let a = match parse(args, env_age.as_deref()) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}\nusage: {USAGE}");
            return ExitCode::from(2);
        }
    };
    let out = a.out.unwrap_or_else(|| a.root.join("public"));
    let label = out.display().to_string();
    let label = label
        .strip_prefix("./")
        .unwrap_or(&label)
        .trim_end_matches('/');
    let report = super::run(&Options {
        root: a.root.clone(),
        out: out.clone(),
        out_label: label.to_owned(),
        max_age_days: a.max_age_days,
        today: super::stale::today(),
    });
    for f in &report.findings {
        eprintln!("{f}\n");
    }
    if a.list_external {
        for (url, from) in &report.external {
            let from: Vec<&str> = from.iter().map(String::as_str).collect();
            println!("external: {url} (from {})", from.join(", "));
        }
    }
    if let Some(file) = &a.price_file {
        price_file(&a.root, file);
    }
    println!("{}", report.summary());
    if report.count(Level::Error) > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Compares the data with an independent price file and prints what differs, as warnings: the
/// vendor's page decides, so nothing here fails the check.
fn price_file(root: &std::path::Path, file: &std::path::Path) {
    let shown = file.display();
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("warning: {shown}: cannot read the price file: {e}\n");
            return;
        }
    };
    let Ok(inputs) = crate::load::load(root) else {
        eprintln!("warning: {shown}: not compared: the data does not load (errors above)\n");
        return;
    };
    let book = crate::pricebook::build(&inputs);
    match super::price_file::compare(&inputs, &book, &text, super::stale::today()) {
        Ok(c) => {
            for (what, lines) in [
                ("not in data/", &c.missing),
                ("price disagrees", &c.disagree),
                ("deprecated there", &c.deprecated),
            ] {
                for l in lines {
                    eprintln!("warning: {shown}: {what}: {l}");
                }
            }
            for l in &c.explained {
                eprintln!("note: {shown}: explained: {l}");
            }
            for l in &c.unknown_here {
                eprintln!("note: {shown}: unknown here: {l}");
            }
            println!("{}", c.summary());
        }
        Err(e) => eprintln!("warning: {shown}: {e}\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn flags_env_and_defaults() {
        let a = parse(&args(""), None).unwrap();
        assert_eq!((a.max_age_days, a.list_external, a.out), (90, false, None));
        assert_eq!(parse(&args(""), Some("30")).unwrap().max_age_days, 30);
        let a = parse(
            &args("--max-age-days 7 --list-external --out o"),
            Some("30"),
        )
        .unwrap();
        assert_eq!((a.max_age_days, a.list_external), (7, true));
        assert_eq!(a.out, Some(PathBuf::from("o")));
        assert!(parse(&args("--max-age-days soon"), None)
            .unwrap_err()
            .contains("\"soon\""));
        assert!(parse(&args(""), Some("-1"))
            .unwrap_err()
            .starts_with(MAX_AGE_ENV));
        assert!(parse(&args("--wasm-dir x"), None).is_err());
        assert!(parse(&args("--root"), None).is_err());
    }
}
