//! The command line in the officer's language: clap's help rebuilt from the catalogue (about,
//! examples, every argument, the headings and the help/version flags), and clap's argument
//! errors told again in the same words, exit status 2.

use std::error::Error as _;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

use crate::i18n::{lookup_in, text};
use crate::tr;

/// `cmd` (whose catalogue path is `path`: `intake`, `run`, …) and its subcommands with their
/// help text, examples and headings from the catalogue. Arguments the catalogue does not know
/// keep the help of their doc comment.
pub fn localize(mut cmd: Command, path: &str) -> Command {
    let lang = crate::i18n::lang();
    if let Some(about) = lookup_in(&format!("about.{path}"), lang) {
        cmd = cmd.about(about);
    }
    if let Some(example) = lookup_in(&format!("example.{path}"), lang) {
        cmd = cmd.after_help(example);
    }
    let ids: Vec<(String, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().to_string(), a.is_positional()))
        .collect();
    for (id, positional) in ids {
        let help = lookup_in(&format!("arg.{path}.{id}"), lang);
        let heading = text(if positional {
            "heading.args"
        } else {
            "heading.options"
        });
        cmd = cmd.mut_arg(id, |a| {
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            let a = a.help_heading(heading);
            let Some(h) = help else { return a };
            // clap writes "[default: 30]" in English: the catalogue's words say it instead.
            if defaults.is_empty() || a.is_hide_default_value_set() {
                a.help(h)
            } else {
                let d = tr!("help.default", value = defaults.join(", "));
                a.help(format!("{h}{d}")).hide_default_value(true)
            }
        });
    }
    cmd = cmd
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(text("arg.help"))
                .help_heading(text("heading.options")),
        )
        .subcommand_help_heading(text("heading.commands"))
        .help_template(format!(
            "{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}",
            text("heading.usage")
        ));
    if path == "intake" {
        // `intake help run` is rewritten to `intake run --help` (rewrite_help_command).
        cmd = cmd
            .disable_help_subcommand(true)
            .disable_version_flag(true)
            .arg(
                Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version)
                    .help(text("arg.version"))
                    .help_heading(text("heading.options")),
            );
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(&name, |s| localize(s, &name));
    }
    cmd
}

/// `intake help` and `intake help run` read as `intake --help` and `intake run --help`.
pub fn rewrite_help_command(mut args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    if args.get(1).is_some_and(|a| a == "help") {
        args.remove(1);
        args.push("--help".into());
    }
    args
}

/// Prints a clap error in the catalogue's words and returns the exit status: 0 for `--help`
/// and `--version` (printed by clap itself), 2 for every usage error.
pub fn report(e: &clap::Error, args: &[std::ffi::OsString], cmd: &Command) -> u8 {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return 0;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return 2;
        }
        _ => {}
    }
    let arg = context(e, ContextKind::InvalidArg);
    let value = context(e, ContextKind::InvalidValue);
    let valid = context(e, ContextKind::ValidValue);
    let sub = context(e, ContextKind::InvalidSubcommand);
    let mut message = match e.kind() {
        ErrorKind::UnknownArgument => tr!("clap.unknown_arg", arg = arg),
        ErrorKind::InvalidSubcommand => {
            let valid: Vec<&str> = cmd.get_subcommands().map(Command::get_name).collect();
            tr!("clap.unknown_command", arg = sub, valid = valid.join(", "))
        }
        ErrorKind::InvalidValue if value.is_empty() => tr!("clap.missing_value", arg = arg),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let mut m = tr!("clap.invalid_value", arg = arg, value = value);
            if let Some(reason) = e.source() {
                m.push_str(&format!(" ({reason})"));
            }
            if !valid.is_empty() {
                m.push_str(&format!(
                    "{}{}",
                    text("sep"),
                    tr!("clap.valid_values", valid = valid)
                ));
            }
            m
        }
        ErrorKind::MissingRequiredArgument => tr!("clap.missing", arg = arg),
        ErrorKind::NoEquals | ErrorKind::WrongNumberOfValues => {
            tr!("clap.missing_value", arg = arg)
        }
        ErrorKind::TooManyValues => tr!("clap.too_many", value = value),
        ErrorKind::ArgumentConflict => tr!(
            "clap.conflict",
            arg = arg,
            other = context(e, ContextKind::PriorArg)
        ),
        ErrorKind::InvalidUtf8 => text("clap.not_utf8").to_string(),
        // Anything else: clap's own words, which name the argument.
        _ => e
            .render()
            .to_string()
            .trim()
            .trim_start_matches("error: ")
            .to_string(),
    };
    let suggestion = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .map(|k| context(e, k))
        .find(|s| !s.is_empty());
    if let Some(s) = suggestion {
        message.push_str(&format!(
            "{}{}",
            text("sep"),
            tr!("did_you_mean", suggestion = s)
        ));
    }
    crate::i18n::error(&message);
    let command = command_path(args, cmd);
    eprintln!("{}", tr!("help.see", command = command));
    2
}

/// `intake` or `intake run`: the command the officer was typing.
fn command_path(args: &[std::ffi::OsString], cmd: &Command) -> String {
    let sub = args
        .get(1)
        .and_then(|a| a.to_str())
        .filter(|a| cmd.get_subcommands().any(|s| s.get_name() == *a));
    match sub {
        Some(s) => format!("intake {s}"),
        None => "intake".into(),
    }
}

/// A context value of a clap error as plain text (several values joined by commas).
fn context(e: &clap::Error, kind: ContextKind) -> String {
    match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::{Lang, lookup_in};
    use clap::CommandFactory;

    /// Every command and argument has its help in both languages, so neither language falls
    /// back to the developers' doc comments.
    #[test]
    fn every_command_and_argument_is_in_the_catalogue() {
        let cli = crate::Cli::command();
        let mut missing = Vec::new();
        for lang in [Lang::Zh, Lang::En] {
            for key in ["about.intake", "example.intake"] {
                if lookup_in(key, lang).is_none() {
                    missing.push(key.to_string());
                }
            }
            for sub in cli.get_subcommands() {
                let name = sub.get_name();
                let mut keys = vec![format!("about.{name}"), format!("example.{name}")];
                keys.extend(
                    sub.get_arguments()
                        .map(|a| format!("arg.{name}.{}", a.get_id())),
                );
                missing.extend(keys.into_iter().filter(|k| lookup_in(k, lang).is_none()));
            }
        }
        assert!(missing.is_empty(), "not in the catalogue: {missing:?}");
    }
}
