// sqlx::migrate! embeds the migrations at compile time, but stable Rust cannot tell cargo that a
// macro read files: without this, a new migration would not be built into the binary.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
