//! A loopback TCP proxy the tests control: cut every connection (and refuse new ones),
//! restore, point it at another server (a restarted simulator), optionally terminate TLS.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;

struct Shared {
    target: SocketAddr,
    /// Cancelled by `cut`: every connection of this generation ends.
    generation: CancellationToken,
    open: bool,
    accepted: usize,
}

/// A proxy on `127.0.0.1:<ephemeral>`; dropped, it stops accepting and ends its connections.
pub struct Proxy {
    addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    stop: CancellationToken,
}

impl Proxy {
    /// Forwards to `target`; with `tls`, clients speak TLS to the proxy and plain TCP goes on.
    pub async fn start(target: SocketAddr, tls: Option<tokio_rustls::TlsAcceptor>) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Mutex::new(Shared {
            target,
            generation: CancellationToken::new(),
            open: true,
            accepted: 0,
        }));
        let stop = CancellationToken::new();
        let (task_shared, task_stop) = (shared.clone(), stop.clone());
        tokio::spawn(async move {
            loop {
                let accepted = tokio::select! {
                    () = task_stop.cancelled() => return,
                    accepted = listener.accept() => accepted,
                };
                let Ok((client, _)) = accepted else { continue };
                let (open, target, generation) = {
                    let mut s = task_shared.lock().unwrap();
                    s.accepted += 1;
                    (s.open, s.target, s.generation.child_token())
                };
                if !open {
                    drop(client); // cut: the connection is reset at once
                    continue;
                }
                let tls = tls.clone();
                tokio::spawn(async move {
                    tokio::select! {
                        () = generation.cancelled() => {}
                        () = forward(client, target, tls) => {}
                    }
                });
            }
        });
        Proxy { addr, shared, stop }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Ends every open connection and refuses new ones until [`Proxy::restore`].
    pub fn cut(&self) {
        let mut s = self.shared.lock().unwrap();
        s.open = false;
        s.generation.cancel();
        s.generation = CancellationToken::new();
    }

    /// Accepts connections again.
    pub fn restore(&self) {
        self.shared.lock().unwrap().open = true;
    }

    /// New connections go to `target` (existing ones are not moved).
    pub fn retarget(&self, target: SocketAddr) {
        self.shared.lock().unwrap().target = target;
    }

    /// TCP connections accepted so far (refused ones included).
    pub fn accepted(&self) -> usize {
        self.shared.lock().unwrap().accepted
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.cancel();
        self.shared.lock().unwrap().generation.cancel();
    }
}

async fn forward(client: TcpStream, target: SocketAddr, tls: Option<tokio_rustls::TlsAcceptor>) {
    let Ok(mut server) = TcpStream::connect(target).await else {
        return;
    };
    match tls {
        Some(acceptor) => {
            let Ok(mut client) = acceptor.accept(client).await else {
                return;
            };
            let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
        }
        None => {
            let mut client = client;
            let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
        }
    }
}
