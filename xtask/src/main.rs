//! `cargo xtask`: builds, serves and tests the site (rust-analyzer style: plain Rust, few deps).
//!
//! The generator is run as a process, never linked, so this crate stays small and builds fast.

mod bench;
mod check;
mod serve;
mod site;
mod test;
#[cfg(test)]
mod tidy;
mod util;
mod wasm;

use std::process::ExitCode;

/// Every command and flag, in one place; `cargo xtask help` prints it.
const HELP: &str = "\
cargo xtask <command> [flags]

Commands:
  build           Build the calculator's wasm and the whole site into public/ (release)
    --dev           debug profiles: faster to compile, larger wasm, no wasm-opt
  serve           Build, serve public/, rebuild on edits and reload the open tab
    --port N        port to listen on (default 8000)
    --open-address A  address to listen on (default 127.0.0.1)
    --dev           debug profiles, as for build
  test            Every check: fmt, clippy, tests, a real build, the Python samples,
                  the browser tests; ends with `N passed, M failed`
  check           Build, then check public/: internal links and #anchors, assets, titles,
                  descriptions, one h1 per page, HTML5 parse errors, the sitemap; warn about
                  facts checked long ago; count external links (never fetched)
    --max-age-days N  allowed age of a `checked` date (default 90, or SITEGEN_MAX_AGE_DAYS)
    --list-external   print every external link with the pages that use it
    --price-file F    compare the data with an independent price file (LiteLLM's map or
                    genai-prices' data as JSON): models missing, prices that disagree, models
                    it marks deprecated; warnings only
    --fetch-prices NAME  fetch that file first (litellm or genai-prices) with pip into
                    target/price-files/ and compare with it
    --dev           debug profiles, as for build
  bench           Build, then measure: build time against Hugo, page weights, calculator
                  latency in Chromium, peak memory; writes BENCHMARKS.md (needs e2e/, hugo)
    --quick         fewer repetitions, no 10,000-page tree
    --no-write      print the figures, leave BENCHMARKS.md alone
    --no-build      measure the last build (its generator, wasm and public/) without rebuilding
  help            This text
";

/// The command names [`parse`] accepts (the README may mention only these).
pub const COMMANDS: &[&str] = &["build", "serve", "test", "check", "bench", "help"];

#[derive(Debug)]
enum Cmd {
    Build { release: bool },
    Serve(serve::ServeOptions),
    Test,
    Check { release: bool, flags: Vec<String> },
    Bench(Vec<String>),
    Help,
}

fn parse(args: &[String]) -> Result<Cmd, String> {
    let Some((cmd, flags)) = args.split_first() else {
        return Ok(Cmd::Help);
    };
    let mut release = true;
    let mut port = 8000u16;
    let mut address = "127.0.0.1".to_string();
    let mut check_flags = Vec::new();
    let mut iter = flags.iter();
    while let Some(flag) = iter.next() {
        let allowed = match (cmd.as_str(), flag.as_str()) {
            ("build" | "serve" | "check", "--dev") => {
                release = false;
                true
            }
            ("serve", "--port") => {
                let value = iter
                    .next()
                    .ok_or("--port needs a number, e.g. --port 8080")?;
                port = value
                    .parse()
                    .map_err(|_| format!("--port needs a number from 1 to 65535, got `{value}`"))?;
                true
            }
            ("serve", "--open-address") => {
                address = iter
                    .next()
                    .ok_or("--open-address needs an address, e.g. 127.0.0.1")?
                    .clone();
                true
            }
            ("check", "--list-external") => {
                check_flags.push(flag.clone());
                true
            }
            ("check", "--price-file") => {
                let value = iter
                    .next()
                    .ok_or("--price-file needs a path, e.g. --price-file prices.json")?;
                check_flags.extend([flag.clone(), value.clone()]);
                true
            }
            ("check", "--fetch-prices") => {
                let value = iter
                    .next()
                    .ok_or("--fetch-prices needs litellm or genai-prices")?;
                if !check::PRICE_FILES.contains(&value.as_str()) {
                    return Err(format!(
                        "--fetch-prices takes litellm or genai-prices, got `{value}`"
                    ));
                }
                check_flags.extend([flag.clone(), value.clone()]);
                true
            }
            ("check", "--max-age-days") => {
                let value = iter
                    .next()
                    .ok_or("--max-age-days needs a number of days, e.g. --max-age-days 30")?;
                value.parse::<u32>().map_err(|_| {
                    format!("--max-age-days needs a whole number of days, got `{value}`")
                })?;
                check_flags.extend([flag.clone(), value.clone()]);
                true
            }
            ("bench", f) if bench::FLAGS.contains(&f) => true,
            _ => false,
        };
        if !allowed {
            return Err(format!("`cargo xtask {cmd}` has no flag `{flag}`"));
        }
    }
    match cmd.as_str() {
        "build" => Ok(Cmd::Build { release }),
        "serve" => Ok(Cmd::Serve(serve::ServeOptions {
            address,
            port,
            release,
        })),
        "test" => Ok(Cmd::Test),
        "check" => Ok(Cmd::Check {
            release,
            flags: check_flags,
        }),
        "bench" => Ok(Cmd::Bench(flags.to_vec())),
        "help" | "--help" | "-h" => Ok(Cmd::Help),
        other => Err(format!("unknown command `{other}`")),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cmd = match parse(&args) {
        Ok(cmd) => cmd,
        Err(err) => {
            eprintln!("xtask: {err}\n\n{HELP}");
            return ExitCode::from(2);
        }
    };
    let ok = match cmd {
        Cmd::Help => {
            print!("{HELP}");
            true
        }
        Cmd::Build { release } => site::build(site::BuildOptions::publish(release))
            .map_err(|_| {
                eprintln!("xtask: build failed (errors above); public/ was left as it was")
            })
            .is_ok(),
        Cmd::Serve(opts) => serve::run(opts)
            .map_err(|err| eprintln!("xtask: {err:#}"))
            .is_ok(),
        Cmd::Test => test::run(),
        Cmd::Check { release, flags } => check::run(release, &flags)
            .map_err(|err| eprintln!("xtask: {err:#}"))
            .is_ok(),
        Cmd::Bench(flags) => bench::run(&flags)
            .map_err(|err| eprintln!("xtask: {err:#}"))
            .is_ok(),
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn parses_serve_flags() {
        let Ok(Cmd::Serve(opts)) = parse(&args("serve --port 9000 --open-address 0.0.0.0 --dev"))
        else {
            panic!("serve must parse")
        };
        assert_eq!(
            (opts.port, opts.address.as_str(), opts.release),
            (9000, "0.0.0.0", false)
        );
    }

    #[test]
    fn parses_check_flags() {
        let Ok(Cmd::Check { release, flags }) =
            parse(&args("check --dev --max-age-days 30 --list-external"))
        else {
            panic!("check must parse")
        };
        assert!(!release);
        assert_eq!(flags, args("--max-age-days 30 --list-external"));
    }

    #[test]
    fn rejects_unknown_flags_and_bad_ports() {
        assert!(parse(&args("build --port 1"))
            .unwrap_err()
            .contains("no flag `--port`"));
        assert!(parse(&args("serve --port http"))
            .unwrap_err()
            .contains("got `http`"));
        assert!(parse(&args("serve --port")).is_err());
        assert!(parse(&args("check --max-age-days soon"))
            .unwrap_err()
            .contains("got `soon`"));
        assert!(parse(&args("deploy"))
            .unwrap_err()
            .contains("unknown command"));
    }
}
