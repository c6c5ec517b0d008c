#!/bin/bash
set -euo pipefail
cat > /etc/nftables.conf <<'NFT'
#!/usr/sbin/nft -f
flush ruleset

table inet filter {
    chain input {
        type filter hook input priority filter; policy drop;
        ct state established,related accept
        ct state invalid drop
        iif "lo" accept
        ip saddr 10.20.0.0/16 tcp dport 22 accept
        tcp dport { 80, 443 } accept
        icmp type echo-request accept
        ip saddr 10.30.0.5 tcp dport 5432 accept
        tcp dport 5432 reject with tcp reset
    }
    chain forward {
        type filter hook forward priority filter; policy drop;
    }
    chain output {
        type filter hook output priority filter; policy accept;
    }
}
NFT
nft -c -f /etc/nftables.conf
nft -f /etc/nftables.conf
