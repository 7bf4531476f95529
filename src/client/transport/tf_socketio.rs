//! Experimental adapter: `tf-rust-socketio` 0.9.3 (fork of `rust_socketio`) on its own
//! current-thread runtime on a dedicated thread, forwarding into the ordered channel.

use std::{sync::Arc, time::Duration};

use futures::FutureExt;
use serde_json::Value;
use tf_rust_socketio::{
    asynchronous::{Client, ClientBuilder},
    Event, Payload, TransportType,
};
use tokio::sync::{mpsc, oneshot};

use super::{
    AckId, BoxFuture, ConnectOptions, DisconnectReason, Session, SocketConnector, SocketTransport,
    TransportError, TransportEvent,
};

/// Connector backed by `tf-rust-socketio`.
pub struct TfConnector;

enum Cmd {
    Emit(String, Vec<Value>),
    EmitAck(
        String,
        Vec<Value>,
        Duration,
        oneshot::Sender<Result<Vec<Value>, TransportError>>,
    ),
    Ack(AckId, Vec<Value>),
    Disconnect,
}

struct TfTransport {
    cmds: mpsc::UnboundedSender<Cmd>,
}

fn payload_values(p: Payload) -> Vec<Value> {
    #[allow(deprecated)]
    match p {
        Payload::Text(v, _) => v,
        Payload::String(s, _) => vec![Value::String(s)],
        Payload::Binary(_, _) => vec![],
    }
}

fn parse_connect_error(text: &str) -> Option<TransportError> {
    let rest = text.strip_prefix("Received an ConnectError frame: ")?;
    let v: Value = serde_json::from_str(rest).ok()?;
    Some(TransportError::ConnectRejected {
        message: v
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        data: v.get("data").cloned(),
    })
}

impl SocketConnector for TfConnector {
    fn connect(
        &self,
        options: ConnectOptions,
    ) -> BoxFuture<'static, Result<Session, TransportError>> {
        Box::pin(async move {
            let (events_tx, events_rx) = mpsc::unbounded_channel();
            let (ready_tx, ready_rx) = oneshot::channel::<Result<(), TransportError>>();
            let (cmd_tx, cmd_rx) = mpsc::unbounded_channel::<Cmd>();
            let timeout = options.connect_timeout;
            std::thread::Builder::new()
                .name("tf-socketio".into())
                .spawn(move || {
                    let rt = match tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    {
                        Ok(rt) => rt,
                        Err(e) => {
                            let _ = ready_tx.send(Err(TransportError::Io(e.to_string())));
                            return;
                        }
                    };
                    rt.block_on(run(options, events_tx, ready_tx, cmd_rx));
                })
                .map_err(|e| TransportError::Io(e.to_string()))?;
            match tokio::time::timeout(timeout, ready_rx).await {
                Ok(Ok(Ok(()))) => Ok(Session {
                    socket: Arc::new(TfTransport { cmds: cmd_tx }),
                    events: events_rx,
                }),
                Ok(Ok(Err(e))) => Err(e),
                Ok(Err(_)) => Err(TransportError::Io("connection thread ended".into())),
                Err(_) => {
                    let _ = cmd_tx.send(Cmd::Disconnect);
                    Err(TransportError::Timeout(timeout))
                }
            }
        })
    }
}

async fn run(
    options: ConnectOptions,
    events: mpsc::UnboundedSender<TransportEvent>,
    ready: oneshot::Sender<Result<(), TransportError>>,
    mut cmds: mpsc::UnboundedReceiver<Cmd>,
) {
    let mut url = options.origin.clone();
    url.set_path(&options.path);
    {
        let mut q = url.query_pairs_mut();
        q.clear();
        for (k, v) in &options.query {
            q.append_pair(k, v);
        }
    }
    let ready = Arc::new(std::sync::Mutex::new(Some(ready)));
    let (stop, mut stopped) = oneshot::channel::<()>();
    let stop_tx = Arc::new(std::sync::Mutex::new(Some(stop)));
    let (r1, r2) = (ready.clone(), ready.clone());
    let (e1, e2) = (events.clone(), events.clone());
    let mut builder = ClientBuilder::new(url.as_str())
        .namespace("/")
        .transport_type(TransportType::Websocket)
        .reconnect(false)
        .on(Event::Connect, move |_p, _c| {
            if let Some(tx) = r1.lock().ok().and_then(|mut g| g.take()) {
                let _ = tx.send(Ok(()));
            }
            async {}.boxed()
        })
        .on(Event::Error, move |p, _c| {
            let text = payload_values(p)
                .first()
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            if let Some(err) = parse_connect_error(&text) {
                if let Some(tx) = r2.lock().ok().and_then(|mut g| g.take()) {
                    let _ = tx.send(Err(err));
                }
            } else {
                tracing::warn!("socket.io error: {text}");
            }
            async {}.boxed()
        })
        .on(Event::Close, move |p, _c| {
            let reason = payload_values(p)
                .first()
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let r = match reason.as_str() {
                "io server disconnect" => DisconnectReason::ServerDisconnect,
                "io client disconnect" => DisconnectReason::ClientDisconnect,
                other => DisconnectReason::TransportClose(other.to_string()),
            };
            let _ = e1.send(TransportEvent::Disconnected(r));
            if let Some(stop) = stop_tx.lock().ok().and_then(|mut g| g.take()) {
                let _ = stop.send(());
            }
            async {}.boxed()
        })
        .on_any(move |ev, p, _c| {
            if let Payload::Binary(..) = p {
                tracing::warn!("skipping binary event");
                return async {}.boxed();
            }
            let ack = p.ack_id().map(|id| id as AckId);
            let name = String::from(ev);
            let _ = e2.send(TransportEvent::Event {
                name,
                args: payload_values(p),
                ack,
            });
            async {}.boxed()
        });
    if let Some(auth) = options.auth.clone() {
        builder = builder.auth(auth);
    }
    let client: Client = match builder.connect().await {
        Ok(c) => c,
        Err(e) => {
            if let Some(tx) = ready.lock().ok().and_then(|mut g| g.take()) {
                let _ = tx.send(Err(TransportError::Io(e.to_string())));
            }
            return;
        }
    };
    loop {
        let cmd = tokio::select! {
            c = cmds.recv() => match c { Some(c) => c, None => break },
            _ = &mut stopped => break,
        };
        match cmd {
            Cmd::Emit(name, args) => {
                let _ = client.emit(name.as_str(), Payload::Text(args, None)).await;
            }
            Cmd::Ack(id, args) => {
                let _ = client
                    .ack_with_id(id as i32, Payload::Text(args, None))
                    .await;
            }
            Cmd::EmitAck(name, args, timeout, tx) => {
                let tx = Arc::new(std::sync::Mutex::new(Some(tx)));
                let tx2 = tx.clone();
                let r = client
                    .emit_with_ack(
                        name.as_str(),
                        Payload::Text(args, None),
                        timeout,
                        move |p, _c| {
                            if let Some(tx) = tx2.lock().ok().and_then(|mut g| g.take()) {
                                let mut v = payload_values(p);
                                // The fork hands the raw `[...]` text over as one string.
                                if let [Value::String(s)] = v.as_slice() {
                                    if let Ok(Value::Array(a)) = serde_json::from_str(s) {
                                        v = a;
                                    }
                                }
                                if let [Value::Array(a)] = v.as_slice() {
                                    v = a.clone();
                                }
                                let _ = tx.send(Ok(v));
                            }
                            async {}.boxed()
                        },
                    )
                    .await;
                if let Err(e) = r {
                    if let Some(tx) = tx.lock().ok().and_then(|mut g| g.take()) {
                        let _ = tx.send(Err(TransportError::Io(e.to_string())));
                    }
                } else {
                    tokio::spawn(async move {
                        tokio::time::sleep(timeout).await;
                        if let Some(tx) = tx.lock().ok().and_then(|mut g| g.take()) {
                            let _ = tx.send(Err(TransportError::Timeout(timeout)));
                        }
                    });
                }
            }
            Cmd::Disconnect => {
                let _ = client.disconnect().await;
                let _ = events.send(TransportEvent::Disconnected(
                    DisconnectReason::ClientDisconnect,
                ));
                break;
            }
        }
    }
}

impl SocketTransport for TfTransport {
    fn emit(&self, event: &str, args: Vec<Value>) -> Result<(), TransportError> {
        self.cmds
            .send(Cmd::Emit(event.to_string(), args))
            .map_err(|_| TransportError::Closed)
    }

    fn emit_with_ack(
        &self,
        event: &str,
        args: Vec<Value>,
        timeout: Duration,
    ) -> BoxFuture<'static, Result<Vec<Value>, TransportError>> {
        let (tx, rx) = oneshot::channel();
        let sent = self
            .cmds
            .send(Cmd::EmitAck(event.to_string(), args, timeout, tx));
        Box::pin(async move {
            sent.map_err(|_| TransportError::Closed)?;
            rx.await.map_err(|_| TransportError::Closed)?
        })
    }

    fn ack(&self, id: AckId, args: Vec<Value>) -> Result<(), TransportError> {
        self.cmds
            .send(Cmd::Ack(id, args))
            .map_err(|_| TransportError::Closed)
    }

    fn disconnect(&self) {
        let _ = self.cmds.send(Cmd::Disconnect);
    }
}
