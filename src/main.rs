//! `sitegen` command line: `build`, `keys`, `check` (flags in `sitegen::check::cli`), `reprice`
//! and `help`.
//! Exit status 1 with every error listed when the inputs are wrong, 2 for a command line it does
//! not understand (after printing the usage).

use std::path::PathBuf;
use std::process::ExitCode;

use sitegen::compress::Precompress;
use sitegen::{diag, BuildOptions};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage: sitegen build [--root DIR] [--out DIR] [--wasm-dir DIR] [--precompress LEVEL]
                     [--cache DIR] [--jobs N] [--timings]
       sitegen keys [--root DIR]
       sitegen check [--root DIR] [--out DIR] [--max-age-days N] [--list-external] [--price-file FILE]
       sitegen reprice FILE [--root DIR] [--model ID]
       sitegen help

build    renders data/, content/, templates/ and static/ of --root (default .) into --out
         (default ROOT/public), replacing it only when every file was written
  --wasm-dir DIR       the calculator's wasm-bindgen output (without it the calculator page
                       shows its prerendered results only)
  --precompress LEVEL  .br/.gz copies next to the text files: fast (default; brotli 4,
                       gzip 6), best (brotli 11, gzip 9) or off (for hosts that compress)
  --cache DIR          keep compressed copies in DIR between builds (content-addressed;
                       a clean build of unchanged files then compresses nothing)
  --jobs N             threads for rendering, minifying and compressing (default: one per
                       core); the output is the same bytes for any N
  --timings            print where the time went (load, resolve, assets, render, write)
keys     prints every {{ key }} the content can use, with its value
check    checks a built site: links, HTML, stale dates, and optionally an independent price file
reprice  re-prices a usage log (JSON Lines, a JSON array or CSV; .gz decompressed) on every
         route, as the calculator page's importer does, and prints the figures
  --model ID           the model of records that name none (default: the default scenario's)
help     prints this text";

fn usage_error(msg: &str) -> ExitCode {
    eprintln!("sitegen: {msg}\n\n{USAGE}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = args.split_first() else {
        return usage_error("no command given");
    };
    match cmd.as_str() {
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        "check" => sitegen::check::cli::main(rest),
        "reprice" => reprice(rest),
        "build" | "keys" => match parse(cmd == "build", rest) {
            Ok(args) if cmd == "build" => build(args),
            Ok(args) => keys(args),
            Err(msg) => usage_error(&msg),
        },
        _ => usage_error(&format!("unknown command {cmd:?}")),
    }
}

struct Args {
    opts: BuildOptions,
    timings: bool,
}

fn parse(build: bool, rest: &[String]) -> Result<Args, String> {
    let mut root = PathBuf::from(".");
    let mut out: Option<PathBuf> = None;
    let mut opts = BuildOptions::new(".", "public");
    let mut timings = false;
    let mut it = rest.iter();
    while let Some(flag) = it.next() {
        if flag == "--timings" && build {
            timings = true;
            continue;
        }
        let value = it.next().ok_or_else(|| format!("{flag}: missing value"))?;
        match flag.as_str() {
            "--root" => root = value.into(),
            "--out" if build => out = Some(value.into()),
            "--wasm-dir" if build => opts.wasm_dir = Some(value.into()),
            "--cache" if build => opts.cache = Some(value.into()),
            "--precompress" if build => {
                opts.precompress = Precompress::parse(value).ok_or_else(|| {
                    format!(
                        "--precompress: expected {}, found {value:?}",
                        Precompress::NAMES
                    )
                })?;
            }
            "--jobs" if build => {
                let n: usize = value.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                    format!("--jobs: expected a whole number of threads, found {value:?}")
                })?;
                opts.jobs = Some(n);
            }
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    opts.out = out.unwrap_or_else(|| root.join("public"));
    opts.root = root;
    Ok(Args { opts, timings })
}

fn build(args: Args) -> ExitCode {
    match sitegen::build(&args.opts) {
        Ok(r) => {
            for n in &r.notes {
                eprintln!("note: {}", n.headline());
            }
            if args.timings {
                eprint!("{}", r.timings.report());
            }
            println!(
                "wrote {} pages ({} files) to {} in {} ms",
                r.pages,
                r.files,
                args.opts.out.display(),
                r.millis
            );
            ExitCode::SUCCESS
        }
        Err(errors) => {
            diag::report(&errors);
            ExitCode::from(1)
        }
    }
}

fn keys(args: Args) -> ExitCode {
    match sitegen::keys(&args.opts.root) {
        Ok(keys) => {
            for (k, v) in keys {
                println!("{k} = {v}");
            }
            ExitCode::SUCCESS
        }
        Err(errors) => {
            diag::report(&errors);
            ExitCode::from(1)
        }
    }
}

fn reprice(rest: &[String]) -> ExitCode {
    let mut root = PathBuf::from(".");
    let mut model = None;
    let mut file = None;
    let mut it = rest.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--root" | "--model" => {
                let Some(value) = it.next() else {
                    return usage_error(&format!("{arg}: missing value"));
                };
                if arg == "--root" {
                    root = value.into();
                } else {
                    model = Some(value.clone());
                }
            }
            flag if flag.starts_with("--") => return usage_error(&format!("unknown flag {flag}")),
            _ if file.is_some() => return usage_error("reprice takes one FILE"),
            path => file = Some(PathBuf::from(path)),
        }
    }
    let Some(file) = file else {
        return usage_error("reprice: no FILE given");
    };
    match sitegen::reprice::run(&root, &file, model.as_deref()) {
        Ok((text, refused)) => {
            print!("{text}");
            if refused {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(errors) => {
            diag::report(&errors);
            ExitCode::from(1)
        }
    }
}
