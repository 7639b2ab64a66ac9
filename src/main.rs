fn main() {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let _ = claimscope::claims::peer::run(stdin.lock(), stdout.lock());
}
