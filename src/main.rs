fn main() {
    println!("agentdesk {}", env!("CARGO_PKG_VERSION"));
}
