//! `sitegen` command line: `build [--root DIR] [--out DIR] [--wasm-dir DIR]` and
//! `keys [--root DIR]`, `check` (flags in `sitegen::check::cli`). Exit status 1 with every error
//! listed when the inputs are wrong.

use std::path::PathBuf;
use std::process::ExitCode;

use sitegen::{diag, BuildOptions};

const USAGE: &str = "usage: sitegen build [--root DIR] [--out DIR] [--wasm-dir DIR]\n       sitegen keys [--root DIR]\n       sitegen check [--root DIR] [--out DIR] [--max-age-days N] [--list-external]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    if cmd == "check" {
        return sitegen::check::cli::main(rest);
    }
    let mut root = PathBuf::from(".");
    let mut out: Option<PathBuf> = None;
    let mut wasm_dir = None;
    let mut it = rest.iter();
    while let Some(flag) = it.next() {
        let Some(value) = it.next() else {
            eprintln!("{flag}: missing value\n{USAGE}");
            return ExitCode::from(2);
        };
        match flag.as_str() {
            "--root" => root = value.into(),
            "--out" if cmd == "build" => out = Some(value.into()),
            "--wasm-dir" if cmd == "build" => wasm_dir = Some(value.into()),
            _ => {
                eprintln!("unknown flag {flag}\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    match cmd.as_str() {
        "build" => {
            let out = out.unwrap_or_else(|| root.join("public"));
            match sitegen::build(&BuildOptions {
                root,
                out: out.clone(),
                wasm_dir,
            }) {
                Ok(r) => {
                    for n in &r.notes {
                        eprintln!("note: {}", n.headline());
                    }
                    println!(
                        "wrote {} pages ({} files) to {} in {} ms",
                        r.pages,
                        r.files,
                        out.display(),
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
        "keys" => match sitegen::keys(&root) {
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
        },
        _ => {
            eprintln!("unknown command {cmd}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
