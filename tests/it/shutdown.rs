//! Stopping the real binary with SIGTERM: the listener closes at once, a request in flight is
//! answered, and one that never finishes does not keep the process alive past SHUTDOWN_GRACE_SECS.

use crate::common::fresh_db_url;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const GRACE_SECS: u64 = 2;
const BODY: &str = r#"{"product_id":3,"quantity":1}"#;

fn free_port() -> u16 {
    let socket = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    socket.local_addr().unwrap().port()
}

struct Shop(Child);

impl Drop for Shop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// An add to cart whose body is only half sent: a request in flight for as long as we like.
async fn half_sent_add(port: u16) -> TcpStream {
    let mut conn = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let head = format!(
        "POST /api/v1/cart/items HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n\
         content-length: {}\r\n\r\n{}",
        BODY.len(),
        &BODY[..10]
    );
    conn.write_all(head.as_bytes()).await.unwrap();
    conn
}

#[tokio::test]
async fn sigterm_finishes_requests_in_flight_refuses_new_ones_and_exits_after_the_grace_period() {
    let port = free_port();
    let db_url = fresh_db_url().await;
    let mut shop = Shop(
        Command::new(env!("CARGO_BIN_EXE_tokenshop"))
            .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
            .env("DATABASE_URL", &db_url)
            .env("PARTNER_ADDR", "off")
            .env("SEED_DEMO_USERS", "false")
            .env("SHUTDOWN_GRACE_SECS", GRACE_SECS.to_string())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts"),
    );
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "never listened"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut finishing = half_sent_add(port).await;
    let _never_finished = half_sent_add(port).await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    let status = Command::new("kill")
        .args(["-TERM", &shop.0.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let signalled = Instant::now();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let refused = TcpStream::connect(("127.0.0.1", port)).await;
    assert!(
        refused.is_err(),
        "a new connection after SIGTERM is refused"
    );

    // The request in flight is answered in full.
    finishing.write_all(&BODY.as_bytes()[10..]).await.unwrap();
    let mut answer = String::new();
    tokio::time::timeout(
        Duration::from_secs(5),
        finishing.read_to_string(&mut answer),
    )
    .await
    .expect("answered before the deadline")
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("cart-token:"),
        "{answer}"
    );

    // The half-sent one is still open, so the process waits for it — until the grace period ends.
    assert!(shop.0.try_wait().unwrap().is_none(), "still waiting");
    let exit = loop {
        if let Some(exit) = shop.0.try_wait().unwrap() {
            break exit;
        }
        assert!(
            signalled.elapsed() < Duration::from_secs(GRACE_SECS + 5),
            "still running long after the grace period"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(exit.success(), "{exit:?}");
    assert!(signalled.elapsed() >= Duration::from_secs(GRACE_SECS) - Duration::from_millis(200));
}
