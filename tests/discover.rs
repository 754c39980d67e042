//! Everything discoverable: `help` for library functions before their
//! library is loaded, `apropos`, the methods of native objects (`methods`,
//! `classof`, the unknown-method error, `help` of a method name).
//! The names checked are computed (from the `#?` lines of `lisp/`, from
//! `methods` and from the help topics), never listed by hand.

mod common;

use common::run_sn;

/// The names that `#?` lines document in a library file of `lisp/`: the
/// name a definition form right after the `#?` lines defines.
fn documented_names(lib: &str) -> Vec<String> {
    let path = format!("{}/lisp/{lib}.lsp", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("the library file is read");
    let mut names = Vec::new();
    let mut in_doc = false;
    for line in text.lines() {
        let l = line.trim_start();
        if l.starts_with("#?") {
            in_doc = true;
            continue;
        }
        if in_doc && !l.is_empty() && !l.starts_with(';') {
            let mut words = l.trim_start_matches('(').split_whitespace();
            let head = words.next().unwrap_or("");
            let name = match head {
                "de" | "df" | "dm" | "dmd" | "defvar" | "setq" | "defclass" => words.next(),
                "defmethod" => words.nth(1),
                _ => None,
            };
            if let Some(n) = name {
                names.push(n.trim_end_matches(')').to_string());
            }
            in_doc = false;
        }
    }
    names.sort();
    names.dedup();
    names
}

/// Runs one `sn -e` that prints, for each name, a `@@name` line and then
/// `(help 'name)`; the help text of each name.
fn help_sections(prefix: &str, names: &[String]) -> Vec<(String, String)> {
    let mut prog = format!("(progn {prefix}");
    for n in names {
        prog.push_str(&format!(" (printf \"@@%s\\n\" \"{n}\") (help '{n})"));
    }
    prog.push(')');
    let out = run_sn(&["-e", &prog]);
    out.split("@@")
        .skip(1)
        .map(|s| {
            let (name, body) = s.split_once('\n').unwrap_or((s, ""));
            (name.to_string(), body.to_string())
        })
        .collect()
}

#[test]
fn help_answers_for_library_functions_before_their_library_is_loaded() {
    for lib in ["netenv", "knnenv", "lenet"] {
        let names = documented_names(lib);
        assert!(names.len() >= 10, "{lib}: only {names:?} documented");
        let sections = help_sections("", &names);
        assert_eq!(sections.len(), names.len(), "{lib}: one help per name");
        let call = format!("(libload \"{lib}\")");
        for (name, body) in &sections {
            assert!(
                !body.contains("no documentation"),
                "{lib}: (help '{name}) answers {body:?}"
            );
            // a library function not loaded yet: its library is named;
            // a builtin keeps its own help
            assert!(
                body.contains(&call) && body.contains("not loaded") || body.contains("[builtin]"),
                "{lib}: (help '{name}) does not say how to load it: {body:?}"
            );
        }
    }
}

#[test]
fn help_of_a_loaded_library_function_names_its_library_only() {
    let names = documented_names("lenet");
    let sections = help_sections("(libload \"lenet\")", &names);
    for (name, body) in &sections {
        assert!(
            !body.contains("not loaded"),
            "(help '{name}) after libload: {body:?}"
        );
        assert!(
            body.contains("[library lenet]"),
            "(help '{name}) after libload: {body:?}"
        );
    }
}

/// The lines of `(apropos part)` after `prefix` ran: (name, kinds).
fn apropos(prefix: &str, part: &str) -> Vec<(String, String)> {
    let out = run_sn(&["-e", &format!("(progn {prefix} (apropos \"{part}\"))")]);
    out.lines()
        .filter_map(|l| {
            let (name, rest) = l.split_once(' ')?;
            Some((name.to_string(), rest.trim().to_string()))
        })
        .collect()
}

/// Every builtin name, from the help topics.
fn builtin_names() -> Vec<String> {
    let topics = run_sn(&["-e", "(help)"]);
    let families: Vec<&str> = topics
        .lines()
        .filter(|l| l.ends_with(" functions"))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(families.len() > 5, "{topics}");
    let mut names = Vec::new();
    for f in families {
        let out = run_sn(&["-e", &format!("(help '{f})")]);
        names.extend(
            out.lines()
                .skip(1)
                .filter(|l| l.starts_with("  "))
                .map(|l| l.trim().to_string()),
        );
    }
    names
}

#[test]
fn apropos_lists_every_bound_name_and_the_library_names_sorted() {
    let prefix = "(de my-forgetful (x) x) (setq forgetting-var 3)";
    let lines = apropos(prefix, "forget");
    let names: Vec<&str> = lines.iter().map(|(n, _)| n.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(names, sorted, "apropos is sorted, one line per name");
    assert!(names.iter().all(|n| n.contains("forget")), "{names:?}");
    for b in builtin_names().iter().filter(|b| b.contains("forget")) {
        assert!(
            names.contains(&b.as_str()),
            "builtin {b} missing from {names:?}"
        );
    }
    let kind = |n: &str| lines.iter().find(|(m, _)| m == n).map(|(_, k)| k.clone());
    assert_eq!(kind("my-forgetful").as_deref(), Some("[function]"));
    assert_eq!(kind("forgetting-var").as_deref(), Some("[variable]"));
    for lib_name in documented_names("netenv")
        .iter()
        .filter(|n| n.contains("forget"))
    {
        let k = kind(lib_name).unwrap_or_default();
        assert!(
            k.contains("not loaded: (libload \"netenv\")"),
            "{lib_name}: {k}"
        );
    }
    // once netenv is loaded, its functions are bound functions
    let loaded = apropos("(libload \"netenv\")", "forget");
    let k = loaded
        .iter()
        .find(|(n, _)| n == "forget-sqrt")
        .map(|(_, k)| k.clone());
    assert_eq!(k.as_deref(), Some("[function]"));
    let none = run_sn(&["-e", "(apropos \"zzqqxx-none\")"]);
    assert!(none.starts_with("no match found\n"), "{none}");
}

/// A script making one object of every native kind, bound to `k-KIND`.
const OBJECTS: &str = "(setq p (new-param))
(setq k-module (new-full p 4 2))
(setq k-cost (new-cost 'sqerr 2))
(setq k-net (new-net p (new-seq p k-module) k-cost '(4)))
(setq k-module (new-full (new-param) 4 2))
(setq k-param (new-param))
(setq k-state (new-state 4))
(setq k-dataset (array-dataset (float-matrix 3 2 2) (float-matrix 3)))
(setq k-trainer (new-trainer 1 0.01))
(setq k-nlf (nlf-f-tanh 1 1 0 0))
(setq objs (list k-module k-cost k-net k-param k-state k-dataset k-trainer k-nlf))";

/// (kind, methods) of every object of [`OBJECTS`], from `classof` and `methods`.
fn kinds_and_methods() -> Vec<(String, Vec<String>)> {
    let prog = format!(
        "(progn {OBJECTS} (each ((o objs)) (printf \"%l %l\\n\" (classof o) (methods o))))"
    );
    let out = run_sn(&["-e", &prog]);
    out.lines()
        .filter_map(|l| {
            let (kind, ms) = l.split_once(' ')?;
            let ms = ms
                .trim_matches(['(', ')'])
                .split_whitespace()
                .map(String::from)
                .collect();
            Some((kind.to_string(), ms))
        })
        .collect()
}

#[test]
fn every_method_of_every_native_kind_has_help() {
    let kinds = kinds_and_methods();
    let names: Vec<&str> = kinds.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        ["module", "cost", "net", "param", "state", "dataset", "trainer", "nlf"],
        "classof answers each native's kind"
    );
    let mut all: Vec<String> = kinds.iter().flat_map(|(_, m)| m.clone()).collect();
    all.sort();
    all.dedup();
    let sections = help_sections("", &all);
    for (kind, methods) in &kinds {
        assert!(!methods.is_empty(), "{kind} has methods");
        for m in methods {
            let body = &sections
                .iter()
                .find(|(n, _)| n == m)
                .expect("a help section")
                .1;
            let of = body
                .lines()
                .find(|l| l.starts_with(&format!("{m}: a method of")));
            assert!(
                of.is_some_and(|l| l.split([' ', ',']).any(|w| w == kind)),
                "(help '{m}) does not name {kind}: {body:?}"
            );
            assert!(body.contains(&format!(" {m}")), "(help '{m}): {body:?}");
        }
        // (help 'kind), and help of the object itself, list its methods
        let out = run_sn(&["-e", &format!("(help '{kind})")]);
        let of_obj = run_sn(&["-e", &format!("(progn {OBJECTS} (help k-{kind}))")]);
        assert_eq!(out, of_obj, "(help k-{kind}) is (help '{kind})");
        for m in methods {
            assert!(
                out.contains(&format!(" {m}")),
                "(help '{kind}) lacks {m}: {out}"
            );
        }
    }
}

#[test]
fn every_listed_method_is_dispatched_and_an_unknown_one_lists_them() {
    for (kind, methods) in kinds_and_methods() {
        // each listed method reaches its code (wrong or missing arguments
        // give another error than an unknown method)
        for m in &methods {
            let prog = format!("(progn {OBJECTS} (==> k-{kind} {m}) ())");
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_sn"))
                .args(["-e", &prog])
                .env("SN_HOME", env!("CARGO_MANIFEST_DIR"))
                .output()
                .expect("sn runs");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(!err.contains("no method"), "{kind} {m}: {err}");
        }
        let prog = format!("(progn {OBJECTS} (==> k-{kind} no-such-method))");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_sn"))
            .args(["-e", &prog])
            .env("SN_HOME", env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("sn runs");
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        let line = err
            .lines()
            .find(|l| l.contains("no method no-such-method"))
            .unwrap_or("");
        for m in &methods {
            assert!(
                line.split([' ', ';']).any(|w| w == m),
                "{kind}: {m} not in {err}"
            );
        }
    }
}

#[test]
fn methods_of_lisp_objects_and_slots_of_natives() {
    let out = run_sn(&[
        "-e",
        "(progn (defclass pt object x) (defmethod pt norm () x) (defmethod pt up () x) \
         (list (methods (new pt)) (methods pt) (slots (new-state 2))))",
    ]);
    assert!(out.contains("((norm up) (norm up) ())"), "{out}");
    let out = run_sn(&[
        "-e",
        "(progn (defclass pt object x) (defclass pt3 pt z) (defmethod pt norm () x) \
         (defmethod pt3 up () x) (help 'pt3) (help (classof (new pt3))))",
    ]);
    let expected =
        "pt3: a class (pt3 < pt < object); slots: (x z); methods (==> obj method ...): (norm up)\n";
    assert_eq!(out, format!("{expected}{expected}()\n"), "{out}");
}

/// A REPL on a pseudo-terminal, with HOME in a fresh temporary folder.
fn pty_session(name: &str) -> (expectrl::Session, common::TempDir) {
    let home = common::temp_dir(&format!("sn-discover-{name}-"));
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_sn"));
    cmd.env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("SN_HOME", env!("CARGO_MANIFEST_DIR"))
        .env("TERM", "xterm");
    let mut p = expectrl::Session::spawn(cmd).expect("spawning sn on a pseudo-terminal");
    p.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    (p, home)
}

/// `s` without its terminal escape sequences (ESC [ ... letter).
fn strip_escapes(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.next() == Some('[') {
                for d in chars.by_ref() {
                    if d.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
        } else if c != '\r' {
            out.push(c);
        }
    }
    out
}

fn pty_expect(p: &mut expectrl::Session, what: &str, step: &str) -> String {
    match p.expect(what) {
        Ok(found) => String::from_utf8_lossy(found.before()).to_string(),
        Err(e) => panic!("{step}: did not see {what:?}: {e}"),
    }
}

#[test]
fn repl_greets_prompts_continuations_and_lists_completions() {
    let (mut p, _home) = pty_session("repl");
    let before = pty_expect(&mut p, "? ", "the first prompt");
    let text = strip_escapes(&before);
    let greeting: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(greeting.len(), 1, "one greeting line: {before:?}");
    assert!(
        greeting[0].contains(env!("CARGO_PKG_VERSION")),
        "{before:?}"
    );
    assert!(greeting[0].contains("(help)"), "{before:?}");

    // an unfinished form: the next line gets the continuation prompt
    p.send_line("(+ 1").expect("send");
    pty_expect(&mut p, "... ", "the continuation prompt");
    p.send_line("   10)").expect("send");
    pty_expect(&mut p, "= 11", "the form on two lines");

    // Tab Tab lists the candidates (every bound name with the prefix)
    p.send("(nlf-f-").expect("send");
    p.send("\t\t").expect("Tab Tab");
    let listed = pty_expect(&mut p, "nlf-f-threshold", "the list of completions");
    for other in ["nlf-f-bell", "nlf-f-lin", "nlf-f-tanh"] {
        assert!(listed.contains(other), "{other} not listed: {listed:?}");
    }
    p.send("tanh 1 1 0 0)\r").expect("send");
    pty_expect(&mut p, "= ", "the completed form");
    p.send_line("(exit)").expect("send");
    for _ in 0..100 {
        if !p.is_alive().unwrap_or(false) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
