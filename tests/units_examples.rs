//! The units examples run from the command line: XOR learns, and the
//! 1989 nets have the published numbers of connections and free weights.

mod common;

use common::run_sn as run;

#[test]
fn xor_sn_learns_exclusive_or() {
    let text = run(&["examples/xor.sn"]);
    let last = text
        .lines()
        .rfind(|l| l.starts_with("patterns{0-3}"))
        .unwrap_or("");
    assert!(last.ends_with("performance=100"), "{text}");
    let first = text
        .lines()
        .find(|l| l.starts_with("patterns{0-3}"))
        .unwrap_or("");
    assert!(
        !first.ends_with("performance=100"),
        "the net must start untrained: {text}"
    );
    for (line, sign) in text
        .lines()
        .filter(|l| l.contains(" xor "))
        .zip([-1.0, 1.0, 1.0, -1.0])
    {
        let v: f64 = line
            .rsplit("->")
            .next()
            .unwrap_or("")
            .trim()
            .parse()
            .unwrap_or(0.0);
        assert!(v * sign > 0.9, "{line}");
    }
}

#[test]
fn digits_1989_nets_have_the_published_sizes() {
    let text = run(&["examples/digits-1989.lsp", "--counts"]);
    for (net, conns, free) in [
        ("Net-1", 2570, 2570),
        ("Net-2", 3214, 3214),
        ("Net-3", 1226, 1226),
        ("Net-4", 2266, 1132),
        ("Net-5", 5194, 1060),
    ] {
        let line = text.lines().find(|l| l.starts_with(net)).unwrap_or("");
        let nums: Vec<u64> = line
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        assert!(nums.len() >= 4, "{net}: {line}\n{text}");
        assert_eq!((nums[0], nums[1]), (conns, free), "{net} built: {line}");
        assert_eq!((nums[2], nums[3]), (conns, free), "{net} published: {line}");
    }
}
