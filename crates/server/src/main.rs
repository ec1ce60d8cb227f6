use clap::Parser;
use server::Config;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("server=info,tower_http=info")))
        .init();
    let config = Config::parse();
    let (ctx, seeded) = server::start(config.clone()).await?;
    // Build the task snapshot now rather than on the first request.
    let warm = ctx.clone();
    tokio::spawn(async move {
        if let Err(e) = warm.snapshot.get(&warm.store).await {
            tracing::warn!(error = ?e, "opgave-snapshot kunne ikke bygges ved start");
        }
    });
    if config.wants_demo_credentials(seeded) {
        let created =
            server::http::credentials::rotate_demo_credentials(&ctx.store).await.map_err(|e| anyhow::anyhow!("demonøgler: {e:?}"))?;
        for c in &created {
            println!("Demonøgle til kildesystemet »{}«: {}", c.credential.navn, c.token);
        }
        if config.simulate_per_minute > 0 {
            let tokens = server::simulator::Tokens::of(&created);
            tokio::spawn(server::simulator::run(ctx.clone(), server::app(ctx.clone()), tokens, config.simulate_per_minute, config.seed));
            println!(
                "Simuleret kildesystem: ca. {} indgange i minuttet (--simulate-per-minute 0 slår det fra)",
                config.simulate_per_minute
            );
        }
    }
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    if config.production {
        println!("Opgavepakker kører på http://{} (produktion)", listener.local_addr()?);
    } else {
        println!(
            "Opgavepakker kører på http://{} — log ind som admin/demo (systemadministrator), pension/demo, ydelse/demo, oekonomi/demo",
            listener.local_addr()?
        );
    }
    // The peer's address feeds the login throttle (`http::client`).
    let app = server::app(ctx).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown()).await?;
    Ok(())
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}
