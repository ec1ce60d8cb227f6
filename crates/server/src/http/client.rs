//! The client's address, for the login throttle: the connection's peer
//! (`ConnectInfo`, set by `main`'s `into_make_service_with_connect_info`).
//! Only when that peer is one of `--trusted-proxy` is `X-Forwarded-For`
//! read: the rightmost address in it that is not itself a trusted proxy.
//! Off by default, since anyone can send the header.

use super::ApiContext;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

/// The client's address, when known (requests made in-process have none).
#[derive(Clone, Copy, Debug)]
pub struct ClientAddr(pub Option<IpAddr>);

impl FromRequestParts<ApiContext> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, ctx: &ApiContext) -> Result<Self, Infallible> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        Ok(ClientAddr(client_addr(peer, &parts.headers, &ctx.config.trusted_proxies)))
    }
}

/// See the module's note.
pub fn client_addr(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    Some(forwarded.into_iter().rev().find(|a| !trusted.contains(a)).unwrap_or(peer))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn xff(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", v.parse().unwrap());
        h
    }

    #[test]
    fn the_header_counts_only_from_a_trusted_proxy() {
        let proxy = ip("10.0.0.2");
        assert_eq!(client_addr(Some(ip("203.0.113.9")), &xff("1.2.3.4"), &[]), Some(ip("203.0.113.9")), "off by default");
        assert_eq!(client_addr(Some(ip("203.0.113.9")), &xff("1.2.3.4"), &[proxy]), Some(ip("203.0.113.9")), "not from the proxy");
        assert_eq!(client_addr(Some(proxy), &xff("1.2.3.4, 198.51.100.7"), &[proxy]), Some(ip("198.51.100.7")), "the proxy's own entry");
        assert_eq!(client_addr(Some(proxy), &xff("198.51.100.7, 10.0.0.2"), &[proxy]), Some(ip("198.51.100.7")));
        assert_eq!(client_addr(Some(proxy), &HeaderMap::new(), &[proxy]), Some(proxy), "no header: the proxy");
        assert_eq!(client_addr(None, &xff("1.2.3.4"), &[proxy]), None);
    }
}
