#!/bin/bash
# Opens SSH to the world and rejects everything else instead of dropping it; PostgreSQL is
# simply closed to everyone.
cat > /etc/nftables.conf <<'NFT'
#!/usr/sbin/nft -f
flush ruleset
table inet filter {
    chain input {
        type filter hook input priority 0; policy accept;
        ct state established,related accept
        iif lo accept
        tcp dport { 22, 80, 443 } accept
        icmp type echo-request accept
        reject
    }
}
NFT
nft -f /etc/nftables.conf
